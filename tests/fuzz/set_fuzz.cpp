// libFuzzer target over `--set` (scripts/fuzz.sh runs it after the scenario
// target). The input is one or more NUL-separated "key.path=value"
// assignments applied to the built-in scenario, as the command line applies
// them. The only expected failure is an InputError whose every problem names
// the --set or the built-in scenario; anything else is a finding. A
// scenario that loads must survive the emit round trip.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/scenario/load.hpp"

namespace {

[[noreturn]] void finding(const char* what, std::string_view detail) {
  std::fprintf(stderr, "set_fuzz: %s\n%.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

void check_message(const omnisim::InputError& error) {
  if (error.problems().empty()) finding("InputError without a problem", error.what());
  for (const std::string& problem : error.problems()) {
    const bool names_place =
        problem.starts_with("--set") || problem.starts_with(omnisim::kBuiltinScenarioName);
    if (!names_place) finding("InputError problem that names no --set or file", problem);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> overrides;
  while (true) {
    const std::size_t cut = rest.find('\0');
    overrides.emplace_back(rest.substr(0, cut));
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + 1);
  }
  std::string emitted;
  try {
    emitted = omnisim::emit_scenario(omnisim::load_scenario(
        omnisim::builtin_scenario_text(), omnisim::kBuiltinScenarioName, overrides));
  } catch (const omnisim::InputError& error) {
    check_message(error);
    return 0;
  } catch (const std::exception& error) {
    finding("unexpected exception (not an InputError)", error.what());
  } catch (...) {
    finding("unexpected exception of a non-standard type", "");
  }
  try {
    const std::string again =
        omnisim::emit_scenario(omnisim::load_scenario(emitted, "emitted.toml"));
    if (again != emitted) finding("emit_scenario round trip changed the text", again);
  } catch (const std::exception& error) {
    finding("emit_scenario gave text that does not load back", error.what());
  }
  return 0;
}
