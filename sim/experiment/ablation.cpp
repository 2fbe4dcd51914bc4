#include "sim/experiment/ablation.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "sim/core/error.hpp"
#include "sim/core/names.hpp"
#include "sim/experiment/experiment.hpp"
#include "sim/scenario/registry.hpp"

namespace omnisim {
namespace {

const StrategySpec& strategy_named(const Scenario& scenario, const std::string& name) {
  for (const auto& strategy : scenario.strategies) {
    if (strategy.name == name) return strategy;
  }
  throw InputError(unknown_name("strategy", "strategies", name, names_of(scenario.strategies)));
}
StrategySpec& strategy_named(Scenario& scenario, const std::string& name) {
  return const_cast<StrategySpec&>(strategy_named(std::as_const(scenario), name));
}

bool is_lever(std::string_view name) {
  const auto& levers = strategy_levers();
  return std::find(levers.begin(), levers.end(), name) != levers.end();
}

// Whether the target holds the lever differently from the baseline.
bool lever_differs(const Scenario& scenario, const AblationRequest& request) {
  return strategy_named(scenario, request.target).contact_policy !=
         strategy_named(scenario, request.baseline).contact_policy;
}

// Player `name` on or off in a variant: a switch under every strategy; a
// lever by the target keeping its own setting or taking the baseline's.
void set_player(Scenario& scenario, const std::string& name, bool on,
                const AblationRequest& request) {
  if (!is_lever(name)) {
    switch_of(scenario, name) = on;
  } else if (!on) {
    strategy_named(scenario, request.target).contact_policy =
        strategy_named(scenario, request.baseline).contact_policy;
  }
}

// `names`, each a known switch that is on or a lever on which target and
// baseline differ, listed once.
void check_players(const Scenario& scenario, const std::vector<std::string>& names,
                   const AblationRequest& request) {
  Scenario probe = scenario;
  for (auto name = names.begin(); name != names.end(); ++name) {
    if (is_lever(*name)) {
      if (!lever_differs(scenario, request)) {
        throw InputError("\"" + *name + "\": " + request.target + " and " + request.baseline +
                         " have the same " + *name + ", which cannot explain their difference");
      }
    } else if (!switch_of(probe, *name)) {  // unknown names throw here
      const auto& info =
          *std::find_if(all_switches().begin(), all_switches().end(),
                        [&](const SwitchInfo& known) { return known.name == *name; });
      throw InputError("\"" + *name + "\" is already off in the scenario (" + switch_key(info) +
                       ".enabled = false)");
    }
    if (std::find(names.begin(), name, *name) != name) {
      throw InputError("\"" + *name + "\" is listed twice");
    }
  }
}

// The switches `keep` accepts that are on, in registry order, then the
// levers on which target and baseline differ.
template <class Keep>
std::vector<std::string> players_on(const Scenario& scenario, const AblationRequest& request,
                                    Keep keep) {
  Scenario probe = scenario;
  std::vector<std::string> names;
  for (const auto& info : all_switches()) {
    if (keep(info) && switch_of(probe, info.name)) names.emplace_back(info.name);
  }
  for (const auto& lever : strategy_levers()) {
    if (lever_differs(scenario, request)) names.push_back(lever);
  }
  return names;
}

// Adds the one strategy slot of `one` to `results`.
void append_slot(ExperimentResults& results, const ExperimentResults& one) {
  results.replications = one.replications;
  results.kpis = one.kpis;
  results.strategies.push_back(one.strategies.front());
  results.kpi_values.push_back(one.kpi_values.front());
  results.timeseries.push_back(one.timeseries.front());
  results.retention_curve.push_back(one.retention_curve.front());
}

// A scenario variant and what the progress line calls it.
struct Variant {
  Scenario scenario;
  std::string label;
};

// One strategy's runs in a variant, reused by every later variant whose
// model freezes that strategy alike: variants differ only in switches and
// the target's contact policy, which land in the mechanisms and the
// strategy's own frozen settings, and the engine reads nothing else that
// changes. The baseline, which offers no bridge, thus runs once per setting
// of the integration mechanisms instead of once per coalition.
struct SharedRun {
  MechanismModel mechanisms;
  StrategyModel strategy;
  ExperimentResults results;
};

// Baseline and target on `n_variants` variants of one scenario, each frozen
// into its own model; `variant(v)` makes the v-th when its turn comes.
std::vector<ExperimentResults> run_variants(std::size_t n_variants,
                                            const std::function<Variant(std::size_t)>& variant,
                                            const AblationRequest& request) {
  std::vector<ExperimentResults> results;
  std::vector<SharedRun> shared;
  for (std::size_t v = 0; v < n_variants; ++v) {
    const Variant current = variant(v);
    const Model model = build_model(current.scenario);
    ExperimentResults both;
    const std::array<const std::string*, 2> names{&request.baseline, &request.target};
    for (std::size_t slot = 0; slot < names.size(); ++slot) {
      const int index = model.require_strategy(*names[slot]);
      const StrategyModel& strategy = model.strategies[static_cast<std::size_t>(index)];
      auto run = std::find_if(shared.begin(), shared.end(), [&](const SharedRun& earlier) {
        return earlier.mechanisms == model.mechanisms && earlier.strategy == strategy;
      });
      if (run == shared.end()) {
        ExperimentRequest experiment;
        experiment.strategies = {index};
        experiment.threads = request.threads;
        if (request.progress) {
          experiment.progress = [&](double fraction, const std::string& current_run) {
            request.progress(
                (static_cast<double>(v) + 0.5 * (static_cast<double>(slot) + fraction)) /
                    static_cast<double>(n_variants),
                current.label + ": " + current_run);
          };
        }
        shared.push_back({model.mechanisms, strategy, run_experiment(model, experiment)});
        run = shared.end() - 1;
      }
      append_slot(both, run->results);
    }
    results.push_back(std::move(both));
  }
  return results;
}

}  // namespace

std::string_view player_group_name(PlayerGroup group) {
  switch (group) {
    case PlayerGroup::kIntegration:
      return "integration";
    case PlayerGroup::kContactDiscipline:
      return "contact discipline";
    case PlayerGroup::kOther:
      break;
  }
  return "other mechanisms";
}

PlayerGroup player_group(std::string_view player) {
  if (is_lever(player)) return PlayerGroup::kContactDiscipline;
  for (const auto& info : all_switches()) {
    if (info.name == player && info.integrates()) return PlayerGroup::kIntegration;
  }
  return PlayerGroup::kOther;
}

const std::vector<std::string>& strategy_levers() {
  static const std::vector<std::string> kLevers{"contact_policy"};
  return kLevers;
}

std::string_view attribution_name(Attribution attribution) {
  return attribution == Attribution::kShapley ? "shapley" : "one-at-a-time";
}

std::optional<Attribution> attribution_named(std::string_view name) {
  for (const Attribution method : {Attribution::kShapley, Attribution::kOneAtATime}) {
    if (name == attribution_name(method)) return method;
  }
  return std::nullopt;
}

std::size_t attribution_variants(Attribution attribution, std::size_t n_mechanisms) {
  return attribution == Attribution::kShapley ? std::size_t{1} << n_mechanisms : n_mechanisms + 2;
}

std::vector<std::string> ablated_players(const Scenario& scenario, const AblationRequest& request) {
  if (!request.mechanisms.empty()) {
    check_players(scenario, request.mechanisms, request);
    return request.mechanisms;
  }
  return players_on(scenario, request, [](const SwitchInfo&) { return true; });
}

std::vector<std::string> coalition_players(const Scenario& scenario,
                                           const AblationRequest& request) {
  if (request.mechanisms.empty()) {
    return players_on(scenario, request, [](const SwitchInfo& info) {
      return info.integration == Integration::kExplained;
    });
  }
  if (request.mechanisms.size() > kMaxCoalitionSwitches) {
    throw InputError("Shapley attribution runs every subset of the mechanisms (2^k variants) and " +
                     std::string("takes at most ") + std::to_string(kMaxCoalitionSwitches) +
                     ", got " + std::to_string(request.mechanisms.size()) + ": choose fewer");
  }
  check_players(scenario, request.mechanisms, request);
  return request.mechanisms;
}

AblationResults run_ablation(const Scenario& scenario, const AblationRequest& request) {
  AblationResults results;
  results.mechanisms = ablated_players(scenario, request);
  const auto& mechanisms = results.mechanisms;
  // Variant 0: all on; 1: all off; 2 + m: all on but m.
  std::vector<ExperimentResults> runs = run_variants(
      attribution_variants(Attribution::kOneAtATime, mechanisms.size()),
      [&](std::size_t v) {
        Variant variant{scenario, v == 0 ? "all mechanisms" : v == 1 ? "no mechanism" : ""};
        if (v == 1) {
          for (const auto& name : mechanisms)
            set_player(variant.scenario, name, false, request);
        } else if (v >= 2) {
          set_player(variant.scenario, mechanisms[v - 2], false, request);
          variant.label = "without " + mechanisms[v - 2];
        }
        return variant;
      },
      request);
  results.all_on = std::move(runs[0]);
  results.all_off = std::move(runs[1]);
  for (std::size_t v = 2; v < runs.size(); ++v)
    results.without.push_back(std::move(runs[v]));
  return results;
}

CoalitionResults run_coalitions(const Scenario& scenario, const AblationRequest& request) {
  CoalitionResults results;
  results.mechanisms = coalition_players(scenario, request);
  const auto& mechanisms = results.mechanisms;
  const std::size_t n_coalitions = attribution_variants(Attribution::kShapley, mechanisms.size());
  results.coalitions = run_variants(
      n_coalitions,
      [&](std::size_t mask) {
        Variant variant{scenario,
                        "subset " + std::to_string(mask + 1) + '/' + std::to_string(n_coalitions)};
        for (std::size_t i = 0; i < mechanisms.size(); ++i)
          set_player(variant.scenario, mechanisms[i], ((mask >> i) & 1u) != 0, request);
        return variant;
      },
      request);
  return results;
}

}  // namespace omnisim
