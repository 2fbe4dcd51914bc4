#include "sim/experiment/ablation.hpp"

#include <algorithm>

#include "sim/core/error.hpp"
#include "sim/experiment/experiment.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/registry.hpp"

namespace omnisim {

std::vector<std::string> ablated_switches(const Scenario& scenario,
                                          const std::vector<std::string>& requested) {
  Scenario probe = scenario;
  std::vector<std::string> names;
  if (requested.empty()) {
    for (const auto& info : all_switches()) {
      if (switch_of(probe, info.name)) names.emplace_back(info.name);
    }
    return names;
  }
  for (const auto& name : requested) {
    if (!switch_of(probe, name)) {  // unknown names throw here
      const auto& info = *std::find_if(all_switches().begin(), all_switches().end(),
                                       [&](const SwitchInfo& known) { return known.name == name; });
      throw InputError("\"" + name + "\" is already off in the scenario (" + switch_key(info) +
                       ".enabled = false)");
    }
    names.push_back(name);
  }
  return names;
}

AblationResults run_ablation(const Scenario& scenario, const AblationRequest& request) {
  AblationResults results;
  results.mechanisms = ablated_switches(scenario, request.mechanisms);

  const auto n_variants = static_cast<double>(results.mechanisms.size() + 2);
  std::size_t variant = 0;
  auto run_variant = [&](const Scenario& variant_scenario, const std::string& label) {
    const Model model = build_model(variant_scenario);
    ExperimentRequest experiment;
    for (const auto& name : {request.baseline, request.target}) {
      const int index = model.strategy_index(name);
      if (index < 0) throw InputError("unknown strategy \"" + name + "\"");
      experiment.strategies.push_back(index);
    }
    experiment.threads = request.threads;
    if (request.progress) {
      experiment.progress = [&](double fraction, const std::string& current) {
        request.progress((static_cast<double>(variant) + fraction) / n_variants,
                         label + ": " + current);
      };
    }
    ExperimentResults result = run_experiment(model, experiment);
    ++variant;
    return result;
  };

  results.all_on = run_variant(scenario, "all mechanisms");
  Scenario off = scenario;
  for (const auto& name : results.mechanisms)
    switch_of(off, name) = false;
  results.all_off = run_variant(off, "no mechanism");
  for (const auto& name : results.mechanisms) {
    Scenario without = scenario;
    switch_of(without, name) = false;
    results.without.push_back(run_variant(without, "without " + name));
  }
  return results;
}

}  // namespace omnisim
