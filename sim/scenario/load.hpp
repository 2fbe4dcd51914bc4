#pragma once
// Scenario input: TOML text (a file or the built-in retail scenario), then
// `--set key.path=value` overrides, then validation of everything at once.
// Any problem throws InputError listing every problem found, each as
// "file:line:column: key.path: what was expected".

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "sim/scenario/scenario.hpp"

namespace omnisim {

// The text of scenarios/retail.toml, compiled into the binary.
std::string_view builtin_scenario_text();
inline constexpr std::string_view kBuiltinScenarioName = "retail.toml (built-in)";

// `source_name` is how messages name the text (usually its file path).
Scenario load_scenario(std::string_view toml_text, std::string_view source_name,
                       std::span<const std::string> overrides = {});

// Reads `path`, or the built-in scenario when `path` is empty.
Scenario load_scenario_file(const std::filesystem::path& path,
                            std::span<const std::string> overrides = {});

// The effective scenario as TOML, every default filled in, with comments.
// load_scenario(emit_scenario(s), ...) gives back s exactly.
std::string emit_scenario(const Scenario& scenario);

}  // namespace omnisim
