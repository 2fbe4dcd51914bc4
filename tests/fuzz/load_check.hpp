#pragma once
// What both fuzz targets check of one load: the only expected failure is an
// InputError whose every problem names where it is (the file or a --set);
// anything else -- another exception, a crash, a sanitizer report, a hang --
// is a finding. A scenario that loads must also survive the emit round trip:
// load_scenario(emit_scenario(s)) loads and emits the same text.

#include <exception>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/scenario/load.hpp"
#include "tests/fuzz/finding.hpp"

namespace omnisim::fuzz {

// The NUL-separated pieces of `bytes` (one --set each).
inline std::vector<std::string> split_at_nul(std::string_view bytes) {
  std::vector<std::string> pieces;
  while (true) {
    const std::size_t cut = bytes.find('\0');
    pieces.emplace_back(bytes.substr(0, cut));
    if (cut == std::string_view::npos) return pieces;
    bytes.remove_prefix(cut + 1);
  }
}

inline void check_load(std::string_view text, std::string_view source_name,
                       std::span<const std::string> overrides) {
  std::string emitted;
  try {
    emitted = emit_scenario(load_scenario(text, source_name, overrides));
  } catch (const InputError& error) {
    if (error.problems().empty()) finding("InputError without a problem", error.what());
    for (const std::string& problem : error.problems()) {
      if (!problem.starts_with(source_name) && !problem.starts_with("--set")) {
        finding("InputError problem that names no file or --set", problem);
      }
    }
    return;
  } catch (const std::exception& error) {
    finding("unexpected exception (not an InputError)", error.what());
  } catch (...) {
    finding("unexpected exception of a non-standard type", "");
  }
  try {
    const std::string again = emit_scenario(load_scenario(emitted, "emitted.toml"));
    if (again != emitted) finding("emit_scenario round trip changed the text", again);
  } catch (const std::exception& error) {
    finding("emit_scenario gave text that does not load back", error.what());
  }
}

}  // namespace omnisim::fuzz
