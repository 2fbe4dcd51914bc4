#pragma once
// Counterfactual runs: the same customers (the same random streams) living
// a strategy's run with one channel closed -- the truth that attribution
// models are scored against (analysis/clv/attribution_score.hpp).

#include <string>

#include "sim/scenario/scenario.hpp"

namespace omnisim {

// The scenario with `channel` closed in strategy `strategy`: out of its
// channels and its campaigns. InputError for an unknown strategy.
Scenario with_channel_closed(const Scenario& scenario, const std::string& strategy,
                             const std::string& channel);

// Journeys that end in a purchase, over every replication of `strategy` in
// `scenario` (0 if the strategy has no channel left to buy through).
double converting_journeys(const Scenario& scenario, const std::string& strategy, int threads);

}  // namespace omnisim
