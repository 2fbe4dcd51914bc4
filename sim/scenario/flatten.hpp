#pragma once
// A scenario's settings as dotted keys and TOML values, in key order
// ("strategies.omnichannel.linkage" = "0.95"): what `omnisim report
// --against` compares between two runs' scenarios.

#include <string>
#include <string_view>
#include <vector>

namespace omnisim {

struct ScenarioSetting {
  std::string key;    // dotted path
  std::string value;  // as TOML writes it (an array whole)
};

// InputError naming `source_name` if `toml_text` is not valid TOML.
std::vector<ScenarioSetting> flatten_scenario(std::string_view toml_text,
                                              std::string_view source_name);

struct ScenarioChange {
  std::string key;
  std::string before, after;  // empty where the key is absent
};

// The keys whose values differ (or exist on one side only), in key order.
std::vector<ScenarioChange> scenario_changes(const std::vector<ScenarioSetting>& before,
                                             const std::vector<ScenarioSetting>& after);

}  // namespace omnisim
