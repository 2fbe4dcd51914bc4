#include "sim/cli/report_inputs.hpp"

#include <cstdio>
#include <vector>

#include "analysis/report/report_data.hpp"
#include "sim/core/error.hpp"
#include "sim/scenario/flatten.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim::cli {
namespace {

using json = nlohmann::json;

// What a strategist reads about a strategy: what it opens, shares, bridges
// and costs, in one line.
std::string strategy_description(const StrategySpec& spec) {
  std::string text;
  const auto list = [](const std::vector<std::string>& names) {
    std::string joined;
    for (std::size_t i = 0; i < names.size(); ++i)
      joined += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    return joined;
  };
  text = spec.channels.size() <= 2
             ? list(spec.channels) + (spec.channels.size() == 1 ? " only" : "")
             : std::to_string(spec.channels.size()) + " channels";
  char linkage[64];
  std::snprintf(linkage, sizeof linkage, "%.2g", spec.linkage);
  text += std::string("; ") + (spec.linkage > 0.0 ? std::string("linkage ") + linkage +
                                                        " (records joined into one profile)"
                                                  : "no shared customer profile");
  text += spec.bridges.empty() ? "; no bridges" : "; bridges: " + list(spec.bridges);
  text += spec.contact_policy == ContactPolicy::kUnified ? "; one contact policy"
                                                         : "; each channel sends its own campaigns";
  char cost[64];
  std::snprintf(cost, sizeof cost, "; fixed cost %.4g EUR per customer-year",
                spec.fixed_cost_eur_per_customer_year);
  return text + cost;
}

}  // namespace

json strategy_info(const std::string& scenario_text) {
  json rows = json::array();
  try {
    const Scenario scenario = load_scenario(scenario_text, "the results file's scenario");
    for (const StrategySpec& spec : scenario.strategies) {
      rows.push_back({{"strategy", spec.name},
                      {"label", spec.label.empty() ? spec.name : spec.label},
                      {"description", strategy_description(spec)}});
    }
  } catch (const InputError&) {
    return json::array();
  }
  return rows;
}

json report_document(const std::filesystem::path& results) {
  json data = report_data(results);
  // A fit file has no scenario, hence no strategies.
  if (data.contains("scenario")) {
    data["strategy_info"] = strategy_info(data["scenario"].get<std::string>());
  }
  return data;
}

json scenario_key_changes(const json& edited, const json& baseline) {
  json out = json::array();
  for (const ScenarioChange& change :
       scenario_changes(flatten_scenario(baseline["scenario"].get<std::string>(),
                                         baseline["source"].get<std::string>()),
                        flatten_scenario(edited["scenario"].get<std::string>(),
                                         edited["source"].get<std::string>()))) {
    out.push_back({{"key", change.key}, {"before", change.before}, {"after", change.after}});
  }
  return out;
}

}  // namespace omnisim::cli
