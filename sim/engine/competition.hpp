#pragma once
// The market around the firm (docs/model.md §3.3): a competitor offers every
// channel of the scenario. Where the firm lacks the channels a customer
// prefers, the competitor pulls harder at each decision and wins more of the
// prospects the firm would acquire; a customer who has to use a channel it
// dislikes pays for it in effort. With every channel open the firm matches
// the market and nothing here changes a result.

#include "sim/engine/context.hpp"
#include "sim/engine/customer.hpp"

namespace omnisim {

// The logit mass, sum of exp(stage fit - effort + affinity) (times the touch
// bonus on physical channels for a need to touch), of the decision channels
// the firm opens to the customer and of every decision channel in the market
// (app channels for customers who use apps at all).
struct DecisionMass {
  double firm = 0.0;
  double market = 0.0;
};
DecisionMass decision_mass(const RunContext& context, const CustomerState& customer,
                           bool touch_need);

// What the competitor's pull multiplies the outside option's weight by:
// (market / firm)^channel_gap_weight, at least 1; 1 with the mechanism off.
double competitor_pull(const RunContext& context, const CustomerState& customer, bool touch_need);

// The chance that a prospect acquired during the horizon joins the firm
// rather than a competitor: (firm / market)^reach_elasticity; 1 with the
// mechanism off.
double reach(const RunContext& context, const CustomerState& customer);

// The weight exp(affinity) of the customer's favourite channel for a
// stage, over the market's channels that serve it: what a touchpoint's
// misfit is measured from (in weights, so a journey takes no logarithm
// until a touchpoint needs one).
double favourite_affinity_weight(const Model& model, const CustomerState& customer, int stage);

}  // namespace omnisim
