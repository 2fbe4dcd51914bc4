#pragma once
// Mechanism ablation (docs/model.md §0): the same customers under a target
// and a baseline strategy, with every mechanism on, with all of them off,
// and with each switched off alone -- variants of one scenario, each frozen
// into its own model. analysis/explain.hpp turns the runs into a
// decomposition of the target-vs-baseline difference.

#include <functional>
#include <string>
#include <vector>

#include "sim/kpi/results.hpp"
#include "sim/scenario/scenario.hpp"

namespace omnisim {

struct AblationRequest {
  std::string target;                   // e.g. "omnichannel"
  std::string baseline;                 // e.g. "multichannel"
  std::vector<std::string> mechanisms;  // switches to ablate; empty: every one that is on
  int threads = 0;
  std::function<void(double fraction_done, const std::string& current)> progress;
};

struct AblationResults {
  std::vector<std::string> mechanisms;  // ablated, in order
  // Slot 0 of each is the baseline, slot 1 the target.
  ExperimentResults all_on;
  ExperimentResults all_off;
  std::vector<ExperimentResults> without;  // one per mechanism
};

// The mechanisms and bridges to ablate: `requested`, each of which must be
// a known switch that is on, or (empty) every switch that is on, in
// registry order. InputError naming the switch's key otherwise.
std::vector<std::string> ablated_switches(const Scenario& scenario,
                                          const std::vector<std::string>& requested);

AblationResults run_ablation(const Scenario& scenario, const AblationRequest& request);

}  // namespace omnisim
