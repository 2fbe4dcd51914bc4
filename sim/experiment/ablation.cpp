#include "sim/experiment/ablation.hpp"

#include <algorithm>

#include "sim/core/error.hpp"
#include "sim/experiment/experiment.hpp"
#include "sim/scenario/registry.hpp"

namespace omnisim {
namespace {

// `names`, each a known switch that is on in `scenario`, listed once.
void check_switches_on(const Scenario& scenario, const std::vector<std::string>& names) {
  Scenario probe = scenario;
  for (auto name = names.begin(); name != names.end(); ++name) {
    if (!switch_of(probe, *name)) {  // unknown names throw here
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

// A scenario variant and what the progress line calls it.
struct Variant {
  Scenario scenario;
  std::string label;
};

// Baseline and target on `n_variants` variants of one scenario, each frozen
// into its own model; `variant(v)` makes the v-th when its turn comes.
std::vector<ExperimentResults> run_variants(std::size_t n_variants,
                                            const std::function<Variant(std::size_t)>& variant,
                                            const AblationRequest& request) {
  std::vector<ExperimentResults> results;
  for (std::size_t v = 0; v < n_variants; ++v) {
    const Variant current = variant(v);
    std::function<void(double, const std::string&)> progress;
    if (request.progress) {
      progress = [&](double fraction, const std::string& run) {
        request.progress((static_cast<double>(v) + fraction) / static_cast<double>(n_variants),
                         current.label + ": " + run);
      };
    }
    results.push_back(run_scenario(current.scenario, {request.baseline, request.target},
                                   request.threads, progress));
  }
  return results;
}

}  // namespace

std::string_view attribution_name(Attribution attribution) {
  return attribution == Attribution::kShapley ? "shapley" : "one-at-a-time";
}

std::size_t attribution_variants(Attribution attribution, std::size_t n_mechanisms) {
  return attribution == Attribution::kShapley ? std::size_t{1} << n_mechanisms : n_mechanisms + 2;
}

std::vector<std::string> ablated_switches(const Scenario& scenario,
                                          const std::vector<std::string>& requested) {
  if (!requested.empty()) {
    check_switches_on(scenario, requested);
    return requested;
  }
  Scenario probe = scenario;
  std::vector<std::string> names;
  for (const auto& info : all_switches()) {
    if (switch_of(probe, info.name)) names.emplace_back(info.name);
  }
  return names;
}

const std::vector<std::string>& default_coalition_switches() {
  static const std::vector<std::string> kNames{"context_carryover",        "personalisation",
                                               "first_contact_resolution", "marketing",
                                               "click_and_collect",        "ropo",
                                               "ship_from_store",          "cart_sync"};
  return kNames;
}

std::vector<std::string> coalition_switches(const Scenario& scenario,
                                            const std::vector<std::string>& requested) {
  if (requested.empty()) {
    Scenario probe = scenario;
    std::vector<std::string> names;
    for (const auto& name : default_coalition_switches()) {
      if (switch_of(probe, name)) names.push_back(name);
    }
    return names;
  }
  if (requested.size() > kMaxCoalitionSwitches) {
    throw InputError("Shapley attribution runs every subset of the mechanisms (2^k variants) and " +
                     std::string("takes at most ") + std::to_string(kMaxCoalitionSwitches) +
                     ", got " + std::to_string(requested.size()) + ": choose fewer");
  }
  check_switches_on(scenario, requested);
  return requested;
}

AblationResults run_ablation(const Scenario& scenario, const AblationRequest& request) {
  AblationResults results;
  results.mechanisms = ablated_switches(scenario, request.mechanisms);
  const auto& mechanisms = results.mechanisms;
  // Variant 0: all on; 1: all off; 2 + m: all on but m.
  std::vector<ExperimentResults> runs = run_variants(
      attribution_variants(Attribution::kOneAtATime, mechanisms.size()),
      [&](std::size_t v) {
        Variant variant{scenario, v == 0 ? "all mechanisms" : v == 1 ? "no mechanism" : ""};
        if (v == 1) {
          for (const auto& name : mechanisms)
            switch_of(variant.scenario, name) = false;
        } else if (v >= 2) {
          switch_of(variant.scenario, mechanisms[v - 2]) = false;
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
  results.mechanisms = coalition_switches(scenario, request.mechanisms);
  const auto& mechanisms = results.mechanisms;
  const std::size_t n_coalitions = attribution_variants(Attribution::kShapley, mechanisms.size());
  results.coalitions = run_variants(
      n_coalitions,
      [&](std::size_t mask) {
        Variant variant{scenario,
                        "subset " + std::to_string(mask + 1) + '/' + std::to_string(n_coalitions)};
        for (std::size_t i = 0; i < mechanisms.size(); ++i)
          switch_of(variant.scenario, mechanisms[i]) = ((mask >> i) & 1u) != 0;
        return variant;
      },
      request);
  return results;
}

}  // namespace omnisim
