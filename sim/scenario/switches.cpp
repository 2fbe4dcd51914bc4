#include "sim/scenario/switches.hpp"

#include <functional>
#include <utility>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

using Accessor = std::function<bool&(Scenario&)>;

const std::vector<std::pair<std::string, Accessor>>& switches() {
  static const std::vector<std::pair<std::string, Accessor>> table{
      {"funnel", [](Scenario& s) -> bool& { return s.mechanisms.funnel.enabled; }},
      {"habit", [](Scenario& s) -> bool& { return s.mechanisms.habit.enabled; }},
      {"context_carryover",
       [](Scenario& s) -> bool& { return s.mechanisms.context_carryover.enabled; }},
      {"personalisation",
       [](Scenario& s) -> bool& { return s.mechanisms.personalisation.enabled; }},
      {"service", [](Scenario& s) -> bool& { return s.mechanisms.service.enabled; }},
      {"first_contact_resolution",
       [](Scenario& s) -> bool& { return s.mechanisms.first_contact_resolution.enabled; }},
      {"stockouts", [](Scenario& s) -> bool& { return s.mechanisms.stockouts.enabled; }},
      {"satisfaction", [](Scenario& s) -> bool& { return s.mechanisms.satisfaction.enabled; }},
      {"marketing", [](Scenario& s) -> bool& { return s.mechanisms.marketing.enabled; }},
      {"word_of_mouth", [](Scenario& s) -> bool& { return s.mechanisms.word_of_mouth.enabled; }},
      {"congestion", [](Scenario& s) -> bool& { return s.mechanisms.congestion.enabled; }},
      {"app_adoption", [](Scenario& s) -> bool& { return s.mechanisms.app_adoption.enabled; }},
      {"click_and_collect",
       [](Scenario& s) -> bool& { return s.bridges.click_and_collect.enabled; }},
      {"ropo", [](Scenario& s) -> bool& { return s.bridges.ropo.enabled; }},
      {"return_anywhere", [](Scenario& s) -> bool& { return s.bridges.return_anywhere.enabled; }},
      {"ship_from_store", [](Scenario& s) -> bool& { return s.bridges.ship_from_store.enabled; }},
      {"cart_sync", [](Scenario& s) -> bool& { return s.bridges.cart_sync.enabled; }},
  };
  return table;
}

}  // namespace

const std::vector<std::string>& switch_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const auto& [name, accessor] : switches())
      list.push_back(name);
    return list;
  }();
  return names;
}

bool& switch_of(Scenario& scenario, const std::string& name) {
  for (const auto& [known, accessor] : switches()) {
    if (known == name) return accessor(scenario);
  }
  std::string known_names;
  for (const auto& known : switch_names()) {
    known_names += (known_names.empty() ? "" : ", ") + known;
  }
  throw InputError("unknown mechanism \"" + name + "\" (mechanisms: " + known_names + ")");
}

}  // namespace omnisim
