#include "sim/scenario/flatten.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/scenario/toml_guard.hpp"

namespace omnisim {
namespace {

// A value as TOML writes it, a float in its shortest round-trip form (0.95,
// not toml++'s 0.94999999999999996).
std::string text_of(const toml::node& node) {
  if (const auto* number = node.as_floating_point()) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, number->get()).ptr;
    std::string out(text, end);
    if (out.find_first_of(".eEn") == std::string::npos) out += ".0";  // still a float
    return out;
  }
  if (const auto* array = node.as_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < array->size(); ++i)
      out += (i == 0 ? "" : ", ") + text_of(*array->get(i));
    return out + "]";
  }
  std::ostringstream value;
  value << toml::toml_formatter{node};
  return value.str();
}

void flatten(const toml::table& table, const std::string& prefix,
             std::vector<ScenarioSetting>& out) {
  for (const auto& [name, node] : table) {
    const std::string key =
        prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
    if (const toml::table* inner = node.as_table()) {
      flatten(*inner, key, out);
      continue;
    }
    out.push_back({key, text_of(node)});
  }
}

}  // namespace

std::vector<ScenarioSetting> flatten_scenario(std::string_view toml_text,
                                              std::string_view source_name) {
  toml::table root;
  try {
    root = parse_toml_guarded(toml_text, source_name);
  } catch (const toml::parse_error& error) {
    throw InputError(std::string(source_name) + ": not a scenario's TOML (" +
                     std::string(error.description()) + ")");
  }
  std::vector<ScenarioSetting> out;
  flatten(root, "", out);
  std::sort(out.begin(), out.end(),
            [](const ScenarioSetting& a, const ScenarioSetting& b) { return a.key < b.key; });
  return out;
}

std::vector<ScenarioChange> scenario_changes(const std::vector<ScenarioSetting>& before,
                                             const std::vector<ScenarioSetting>& after) {
  std::map<std::string, ScenarioChange> changes;
  for (const auto& setting : before)
    changes[setting.key] = {setting.key, setting.value, ""};
  for (const auto& setting : after) {
    ScenarioChange& change = changes[setting.key];
    change.key = setting.key;
    change.after = setting.value;
  }
  std::vector<ScenarioChange> out;
  for (auto& [key, change] : changes) {
    if (change.before != change.after) out.push_back(std::move(change));
  }
  return out;
}

}  // namespace omnisim
