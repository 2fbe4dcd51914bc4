#pragma once
// Attribution models scored against the truth the simulator knows: each
// channel's credit by first touch, last touch, linear and first-order
// Markov attribution (analysis/clv/attribution.hpp) of the simulated
// journeys, next to the channel's true incremental conversions -- the
// conversions lost when the same customers live the same run with that
// channel closed (taken out of the strategy's channels and campaigns).

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/experiment/counterfactual.hpp"
#include "sim/io/event_exports.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

struct ChannelCredit {
  std::string channel;
  // Conversions credited, summed over the replications.
  double first_touch = 0.0, last_touch = 0.0, linear = 0.0, markov = 0.0;
  double true_incremental = 0.0;  // conversions lost with the channel closed
};

struct StrategyAttribution {
  int strategy = 0;                     // model index
  double conversions = 0.0;             // of the journeys, summed over the replications
  std::vector<ChannelCredit> channels;  // those on the strategy's paths, by name
};

struct AttributionRequest {
  int threads = 0;
  // Fraction of the counterfactual runs done, and what runs now.
  std::function<void(double fraction_done, const std::string& current)> progress;
};

// `paths` holds the journeys of every replication of the strategies listed
// in `strategies`, run from `scenario` (frozen into `model`); each channel
// on a strategy's paths gets one counterfactual run per replication, and
// the strategy one more to count its conversions the same way.
std::vector<StrategyAttribution> score_attribution(const Scenario& scenario, const Model& model,
                                                   const std::vector<int>& strategies,
                                                   const AttributionPaths& paths,
                                                   const AttributionRequest& request);

}  // namespace omnisim
