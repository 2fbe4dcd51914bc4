#pragma once
// What every step of a run reads: the frozen model, the strategy simulated
// and the replication's random-stream family, plus what follows from them
// alone and the engine would otherwise recompute at every event. Shared,
// never changed.

#include <algorithm>
#include <array>
#include <cstddef>

#include "sim/core/random.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

// Marketing's total sending rate per day for each set of campaign channels
// that can reach a customer (docs/model.md §6): silos each send at their own
// rate, a unified policy at their sum capped.
using CampaignRates = std::array<double, std::size_t{1} << kMaxChannels>;

inline CampaignRates campaign_rates(const Model& model, const StrategyModel& strategy) {
  CampaignRates rates{};
  if (!model.mechanisms.marketing.on) return rates;
  for (std::size_t mask = 0; mask < rates.size(); ++mask) {
    double rate = 0.0;
    for (int c = 0; c < model.n_channels; ++c) {
      if (has_channel(static_cast<ChannelMask>(mask), c))
        rate += model.channels[c].campaign_rate_per_day;
    }
    if (strategy.contact_policy == ContactPolicy::kUnified)
      rate = std::min(rate, model.mechanisms.marketing.unified_cap_per_day);
    rates[mask] = rate;
  }
  return rates;
}

struct RunContext {
  RunContext(const Model& model_in, const StrategyModel& strategy_in, StreamFamily family_in)
      : model(model_in),
        strategy(strategy_in),
        family(family_in),
        campaign_rate_per_day(campaign_rates(model_in, strategy_in)) {}

  const Model& model;
  const StrategyModel& strategy;
  StreamFamily family;
  CampaignRates campaign_rate_per_day;  // by the channels that can reach the customer
};

}  // namespace omnisim
