// libFuzzer target over the scenario loader (scripts/fuzz.sh runs it).
//
// The input is TOML text, optionally followed by `--set` overrides: the bytes
// before the first NUL are the scenario, each NUL-separated piece after it is
// one "key.path=value". The only expected failure is an InputError whose
// every problem names where it is (the file, or the --set); anything else --
// another exception, a crash, a sanitizer report, a hang -- is a finding.
// A scenario that loads must also survive the emit round trip:
// load_scenario(emit_scenario(s)) loads and emits the same text.

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

constexpr std::string_view kSourceName = "fuzz.toml";

[[noreturn]] void finding(const char* what, std::string_view detail) {
  std::fprintf(stderr, "scenario_fuzz: %s\n%.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// Every problem line is "<where>: ...", where is the file or the --set.
void check_message(const omnisim::InputError& error) {
  if (error.problems().empty()) finding("InputError without a problem", error.what());
  for (const std::string& problem : error.problems()) {
    const bool names_place = problem.starts_with(kSourceName) || problem.starts_with("--set");
    if (!names_place) finding("InputError problem that names no file or --set", problem);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t end_of_text = input.find('\0');
  const std::string_view text = input.substr(0, end_of_text);
  std::vector<std::string> overrides;
  if (end_of_text != std::string_view::npos) {
    std::string_view rest = input.substr(end_of_text + 1);
    while (true) {
      const std::size_t cut = rest.find('\0');
      overrides.emplace_back(rest.substr(0, cut));
      if (cut == std::string_view::npos) break;
      rest.remove_prefix(cut + 1);
    }
  }

  std::string emitted;
  try {
    emitted = omnisim::emit_scenario(omnisim::load_scenario(text, kSourceName, overrides));
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
