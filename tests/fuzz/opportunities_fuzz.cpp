// libFuzzer target over the opportunity-table reader (read_opportunity_table,
// as `omnisim fit --opportunities` reads a recency/frequency CSV). The input
// is the file. reader_check.hpp says what counts as a finding.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analysis/clv/transactions_file.hpp"
#include "tests/fuzz/reader_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const omnisim::fuzz::ScratchDirectory scratch;
  const auto path = scratch.write("opportunities.csv",
                                  std::string_view(reinterpret_cast<const char*>(data), size));
  omnisim::fuzz::check_read(path.string(), [&] { omnisim::read_opportunity_table(path); });
  return 0;
}
