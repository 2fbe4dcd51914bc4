#pragma once
// Mechanism ablation (docs/model.md §0): the same customers under a target
// and a baseline strategy in variants of one scenario that differ only in
// which mechanisms are on (and which strategy levers the target keeps),
// each variant frozen into its own model. Two
// designs: one at a time (every chosen mechanism on, all off, each off
// alone: k + 2 variants) and every coalition (each subset of the chosen
// mechanisms on, the rest of them off: 2^k variants, for Shapley values).
// analysis/explain.hpp turns the runs into a decomposition of the
// target-vs-baseline difference.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kpi/results.hpp"
#include "sim/scenario/scenario.hpp"

namespace omnisim {

enum class Attribution { kShapley, kOneAtATime };

// "shapley", "one-at-a-time".
std::string_view attribution_name(Attribution attribution);
// The attribution called `name`, if any.
std::optional<Attribution> attribution_named(std::string_view name);

// Variants each design runs for `n_mechanisms`, each with both strategies.
std::size_t attribution_variants(Attribution attribution, std::size_t n_mechanisms);

// Every coalition doubles the runs: 2^8 = 256 variants is the most.
inline constexpr std::size_t kMaxCoalitionSwitches = 8;

struct AblationRequest {
  std::string target;                   // e.g. "omnichannel"
  std::string baseline;                 // e.g. "multichannel"
  std::vector<std::string> mechanisms;  // players to vary; empty: the design's default
  int threads = 0;
  std::function<void(double fraction_done, const std::string& current)> progress;
};

struct AblationResults {
  std::vector<std::string> mechanisms;  // the players ablated, in order
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

// What a part of a difference is credited to (docs/model.md §0), a
// "player": a mechanism or bridge, switched on or off under every strategy
// alike, or a strategy lever -- a setting of the target strategy that the
// baseline may hold differently, "off" when the target takes the
// baseline's. The one lever is the contact policy: any strategy may cap its
// campaigns, so contact discipline is credited apart from integration.
enum class PlayerGroup {
  kIntegration,        // linkage-dependent mechanisms and bridges
  kContactDiscipline,  // the contact policy lever
  kOther,              // mechanisms every strategy has alike
};
std::string_view player_group_name(PlayerGroup group);
PlayerGroup player_group(std::string_view player);

// The strategy levers, by name.
const std::vector<std::string>& strategy_levers();

// The players to ablate one at a time: `request.mechanisms`, each a known
// switch that is on or a lever on which target and baseline differ, listed
// once; or (empty) every switch that is on, in registry order, then every
// lever that differs. InputError naming the switch's key or the lever
// otherwise.
std::vector<std::string> ablated_players(const Scenario& scenario, const AblationRequest& request);

// The players of the coalition design: `request.mechanisms`, checked as
// above and at most kMaxCoalitionSwitches of them, or (empty) what tells
// strategies that open the same channels apart (docs/model.md §0): the
// integration switches the registry explains by default that are on, and
// the levers on which target and baseline differ.
std::vector<std::string> coalition_players(const Scenario& scenario,
                                           const AblationRequest& request);

AblationResults run_ablation(const Scenario& scenario, const AblationRequest& request);

CoalitionResults run_coalitions(const Scenario& scenario, const AblationRequest& request);

}  // namespace omnisim
