// libFuzzer target over the sweep journal's reader (SweepJournal::resume, as
// `omnisim sweep --resume` reads OUT.h5.journal). The input is the
// journal's bytes; it is resumed as the journal of a sweep of kPoints points
// of kValuesPerPoint values whose identity is kIdentity (the seeds,
// tests/fuzz/corpus/journal, are such journals: omnisim_fuzz_seeds writes
// them). What it reads back must be what a record holds: every point listed
// once and within the sweep, every value readable; then one more point is
// appended. reader_check.hpp says what counts as a finding.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>
#include <vector>

#include "sim/io/sweep_journal.hpp"
#include "tests/fuzz/journal_layout.hpp"
#include "tests/fuzz/reader_check.hpp"

using omnisim::fuzz::kIdentity;
using omnisim::fuzz::kPoints;
using omnisim::fuzz::kValuesPerPoint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const omnisim::fuzz::ScratchDirectory scratch;
  const auto path =
      scratch.write("fuzz.journal", std::string_view(reinterpret_cast<const char*>(data), size));
  omnisim::fuzz::check_read(path.string(), [&] {
    omnisim::SweepJournal journal =
        omnisim::SweepJournal::resume(path, std::string(kIdentity), kValuesPerPoint, kPoints);
    std::set<std::size_t> points;
    for (std::size_t i = 0; i < journal.points().size(); ++i) {
      const std::size_t point = journal.points()[i];
      if (point >= kPoints || !points.insert(point).second) {
        omnisim::fuzz::finding("a point out of the sweep, or listed twice", std::to_string(point));
      }
      if (journal.values(i).size() != kValuesPerPoint) {
        omnisim::fuzz::finding("a record of another length kept", std::to_string(point));
      }
    }
    for (std::size_t point = 0; point < kPoints; ++point) {
      if (points.count(point) == 0) {
        journal.append(point, std::vector<double>(kValuesPerPoint, 1.0));
        break;
      }
    }
  });
  return 0;
}
