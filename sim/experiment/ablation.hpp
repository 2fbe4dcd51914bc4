#pragma once
// Mechanism ablation (docs/model.md §0): the same customers under a target
// and a baseline strategy in variants of one scenario that differ only in
// which mechanisms are on, each variant frozen into its own model. Two
// designs: one at a time (every chosen mechanism on, all off, each off
// alone: k + 2 variants) and every coalition (each subset of the chosen
// mechanisms on, the rest of them off: 2^k variants, for Shapley values).
// analysis/explain.hpp turns the runs into a decomposition of the
// target-vs-baseline difference.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kpi/results.hpp"
#include "sim/scenario/scenario.hpp"

namespace omnisim {

enum class Attribution { kShapley, kOneAtATime };

// "shapley", "one-at-a-time".
std::string_view attribution_name(Attribution attribution);

// Variants each design runs for `n_mechanisms`, each with both strategies.
std::size_t attribution_variants(Attribution attribution, std::size_t n_mechanisms);

// Every coalition doubles the runs: 2^8 = 256 variants is the most.
inline constexpr std::size_t kMaxCoalitionSwitches = 8;

struct AblationRequest {
  std::string target;                   // e.g. "omnichannel"
  std::string baseline;                 // e.g. "multichannel"
  std::vector<std::string> mechanisms;  // switches to vary; empty: the design's default
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

struct CoalitionResults {
  std::vector<std::string> mechanisms;  // the players; bit i of a coalition is mechanisms[i]
  // One per coalition, indexed by its mask (0: every one off; 2^k - 1: all
  // on, the scenario itself). Slot 0 of each is the baseline, slot 1 the target.
  std::vector<ExperimentResults> coalitions;
};

// The mechanisms and bridges to ablate one at a time: `requested`, each of
// which must be a known switch that is on, listed once, or (empty) every
// switch that is on, in registry order. InputError naming the switch's key
// otherwise.
std::vector<std::string> ablated_switches(const Scenario& scenario,
                                          const std::vector<std::string>& requested);

// The players of the coalition design: `requested`, checked as above and at
// most kMaxCoalitionSwitches of them, or (empty) those of
// default_coalition_switches() that are on.
std::vector<std::string> coalition_switches(const Scenario& scenario,
                                            const std::vector<std::string>& requested);

// What tells omnichannel from multichannel (docs/model.md §0): the
// linkage-dependent mechanisms and the bridges, but for return_anywhere, the
// bridge with the least effect, which would make them nine.
const std::vector<std::string>& default_coalition_switches();

AblationResults run_ablation(const Scenario& scenario, const AblationRequest& request);

CoalitionResults run_coalitions(const Scenario& scenario, const AblationRequest& request);

}  // namespace omnisim
