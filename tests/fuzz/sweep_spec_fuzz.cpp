// libFuzzer target over the sweep file reader (load_sweep, as `omnisim
// sweep` reads a sweep file). The input is the sweep file's text; it sits in
// a directory beside a copy of the built-in scenario (`retail.toml`, also
// one level up), so a relative `scenario` path resolves as in the shipped
// sweeps. A design past kMaxCheckedPoints points is stopped once its size
// is known (checking each point loads a scenario: a million would be a
// timeout, not a finding); the reader's size bound itself is still checked.
// reader_check.hpp says what counts as a finding.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/experiment/sweep_spec.hpp"
#include "sim/scenario/load.hpp"
#include "tests/fuzz/reader_check.hpp"

namespace {

constexpr std::size_t kMaxCheckedPoints = 64;

struct TooManyPointsToCheck {};

const omnisim::fuzz::ScratchDirectory& scratch() {
  static const omnisim::fuzz::ScratchDirectory directory;
  return directory;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  scratch().write("retail.toml", omnisim::builtin_scenario_text());
  std::filesystem::create_directories(scratch().path() / "sweeps");
  std::filesystem::copy_file(scratch().path() / "retail.toml",
                             scratch().path() / "sweeps" / "retail.toml");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  omnisim::fuzz::check_read("fuzz_sweep.toml", [&] {
    try {
      omnisim::load_sweep(std::move(text), "fuzz_sweep.toml", scratch().path() / "sweeps",
                          {"clv_eur"}, [](std::size_t /*checked*/, std::size_t points) {
                            if (points > kMaxCheckedPoints) throw TooManyPointsToCheck{};
                          });
    } catch (const TooManyPointsToCheck&) {
    }
  });
  return 0;
}
