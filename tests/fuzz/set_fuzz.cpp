// libFuzzer target over `--set` (scripts/fuzz.sh runs it after the scenario
// target). The input is one or more NUL-separated "key.path=value"
// assignments applied to the built-in scenario, as the command line applies
// them. load_check.hpp says what counts as a finding.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tests/fuzz/load_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string> overrides =
      omnisim::fuzz::split_at_nul(std::string_view(reinterpret_cast<const char*>(data), size));
  omnisim::fuzz::check_load(omnisim::builtin_scenario_text(), omnisim::kBuiltinScenarioName,
                            overrides);
  return 0;
}
