#include "sim/engine/ablation.hpp"

#include "sim/core/error.hpp"
#include "sim/engine/experiment.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/switches.hpp"

namespace omnisim {

AblationResults run_ablation(const Scenario& scenario, const AblationRequest& request) {
  AblationResults results;
  Scenario probe = scenario;
  if (request.mechanisms.empty()) {
    for (const auto& name : switch_names()) {
      if (switch_of(probe, name)) results.mechanisms.push_back(name);
    }
  } else {
    for (const auto& name : request.mechanisms) {
      if (!switch_of(probe, name)) {
        throw InputError("--mechanisms: \"" + name + "\" is already off in the scenario");
      }
      results.mechanisms.push_back(name);
    }
  }

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
