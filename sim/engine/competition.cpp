#include "sim/engine/competition.hpp"

#include <algorithm>
#include <cmath>

namespace omnisim {
namespace {

// The market's channels for a customer: every channel, app channels only for
// customers who use apps at all (whether or not this firm has one).
ChannelMask market_channels(const Model& model, const CustomerState& customer) {
  const auto all = static_cast<ChannelMask>((1U << model.n_channels) - 1U);
  return customer.app_user ? all : static_cast<ChannelMask>(all & ~model.app_channels);
}

}  // namespace

DecisionMass decision_mass(const RunContext& context, const CustomerState& customer,
                           bool touch_need) {
  const Model& model = context.model;
  const ChannelMask firm = customer.reachable(context.strategy, model.app_channels);
  const ChannelMask market = market_channels(model, customer);
  DecisionMass mass;
  for (int c = 0; c < model.n_channels; ++c) {
    double weight = model.market_stage_weight[kDecision][c] * customer.affinity_weight[c];
    if (touch_need && has_channel(model.physical_channels, c)) weight *= model.journey.touch_factor;
    if (has_channel(market, c)) mass.market += weight;
    // Open under the strategy, and reachable (the app for app owners).
    if (has_channel(firm, c) && context.strategy.stage_weight[kDecision][c] > 0.0) {
      mass.firm += weight;
    }
  }
  return mass;
}

double competitor_pull(const RunContext& context, const CustomerState& customer, bool touch_need) {
  const CompetitionModel& competition = context.model.mechanisms.competition;
  if (!competition.on || competition.channel_gap_weight == 0.0) return 1.0;
  const DecisionMass mass = decision_mass(context, customer, touch_need);
  // Nothing the firm sells reaches the customer: the outside option is the
  // only choice whatever its weight.
  if (mass.firm <= 0.0 || mass.market <= mass.firm) return 1.0;
  return std::pow(mass.market / mass.firm, competition.channel_gap_weight);
}

double reach(const RunContext& context, const CustomerState& customer) {
  const CompetitionModel& competition = context.model.mechanisms.competition;
  if (!competition.on || competition.reach_elasticity == 0.0) return 1.0;
  const DecisionMass mass = decision_mass(context, customer, false);
  if (mass.market <= mass.firm) return 1.0;
  return std::pow(mass.firm / mass.market, competition.reach_elasticity);
}

double favourite_affinity_weight(const Model& model, const CustomerState& customer, int stage) {
  double favourite = 0.0;
  const ChannelMask market = market_channels(model, customer);
  for (int c = 0; c < model.n_channels; ++c) {
    if (!has_channel(market, c) || model.market_stage_weight[stage][c] <= 0.0) continue;
    favourite = std::max(favourite, static_cast<double>(customer.affinity_weight[c]));
  }
  return favourite;
}

}  // namespace omnisim
