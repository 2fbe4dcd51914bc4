#include "sim/scenario/registry.hpp"

#include <algorithm>

#include "sim/core/error.hpp"
#include "sim/core/names.hpp"
#include "sim/scenario/scenario.hpp"

namespace omnisim {

std::string switch_key(const SwitchInfo& info) {
  return (info.kind == SwitchKind::kMechanism ? "mechanisms." : "bridges.") +
         std::string(info.name);
}

const std::vector<SwitchInfo>& all_switches() {
  static const std::vector<SwitchInfo> switches = [] {
    std::vector<SwitchInfo> list;
    Scenario scenario;
    MechanismRegistry::for_each(scenario.mechanisms,
                                [&](const auto& mechanism) { list.push_back(mechanism.kInfo); });
    BridgeRegistry::for_each(scenario.bridges,
                             [&](const auto& bridge) { list.push_back(bridge.kInfo); });
    return list;
  }();
  return switches;
}

const std::string& bridge_names() {
  static const std::string names = [] {
    std::string text;
    for (const auto& info : all_switches()) {
      if (info.kind != SwitchKind::kBridge) continue;
      text += (text.empty() ? "" : ", ") + std::string(info.name);
    }
    return text;
  }();
  return names;
}

bool& switch_of(Scenario& scenario, std::string_view name) {
  bool* found = nullptr;
  auto look = [&](auto& settings) {
    if (settings.kInfo.name == name) found = &settings.enabled;
  };
  MechanismRegistry::for_each(scenario.mechanisms, look);
  BridgeRegistry::for_each(scenario.bridges, look);
  if (found != nullptr) return *found;
  std::vector<std::string> known;
  for (const auto& info : all_switches())
    known.emplace_back(info.name);
  throw InputError(unknown_name("mechanism", "mechanisms and bridges", name, known));
}

bool offers(const StrategySpec& strategy, const SwitchInfo& bridge) {
  return std::find(strategy.bridges.begin(), strategy.bridges.end(), bridge.name) !=
         strategy.bridges.end();
}

}  // namespace omnisim
