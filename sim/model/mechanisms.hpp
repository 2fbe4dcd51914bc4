#pragma once
// The mechanisms and bridges as the engine reads them: parameters with the
// scenario's on/off switches already resolved (docs/model.md §3-§8). Built
// by freeze_mechanisms() and freeze_bridges() from the registry's settings.
// Comparable, so that runs of models that freeze alike can be shared
// (sim/experiment/ablation.cpp).

#include <cstdint>

#include "sim/core/limits.hpp"

namespace omnisim {

using ChannelMask = std::uint8_t;  // bit c set = channel c

struct FunnelModel {
  bool on = false;  // an outside option, and visits that convert below 1
  double outside_utility = 0.0;
  double retry_probability = 0.0;  // after a visit that did not buy: choose again, elsewhere
  bool operator==(const FunnelModel&) const = default;
};

struct CompetitionModel {
  bool on = false;
  double channel_gap_weight = 0.0;  // outside utility per unit of log(market / firm mass)
  double reach_elasticity = 0.0;    // a new prospect joins with (firm / market mass)^this
  double switch_probability = 0.0;  // a need taken elsewhere keeps the customer there
  bool operator==(const CompetitionModel&) const = default;
};

struct HabitModel {
  double factor = 1.0;  // exp(utility) for the channel of the last order; 1 when off
  bool operator==(const HabitModel&) const = default;
};

struct ContextCarryoverModel {
  bool on = false;
  double repeat_effort = 0.0;
  double repeat_cost_share = 0.0;
  double leak_probability = 0.0;
  bool operator==(const ContextCarryoverModel&) const = default;
};

struct PersonalisationModel {
  bool on = false;
  double conversion_uplift = 0.0;  // relative, at full knowledge
  double basket_uplift = 0.0;
  double saturation_interactions = 1.0;
  bool operator==(const PersonalisationModel&) const = default;
};

struct ServiceModel {
  bool on = false;
  int max_contacts = 0;
  double give_up_probability = 0.0;
  double escalation_cost_eur = 0.0;  // refunding a return left unresolved, on top of its cost
  bool operator==(const ServiceModel&) const = default;
};

struct FirstContactResolutionModel {
  double resolution_seen = 0.0;    // the contacted channel sees the purchase
  double resolution_unseen = 0.0;  // it does not; equals resolution_seen when the mechanism is off
  bool operator==(const FirstContactResolutionModel&) const = default;
};

struct StockoutModel {
  bool on = false;
  double wasted_trip_effort = 0.0;
  bool operator==(const StockoutModel&) const = default;
};

struct SatisfactionModel {
  double initial = 0.0;
  double neutral = 0.0;
  double learning_rate = 0.0;
  double effort_weight = 0.0;
  double unresolved_penalty = 0.0;
  double failed_purchase_penalty = 0.0;
  // mu_eff = mu * exp(-kappa * (satisfaction - neutral)); 0 when the
  // mechanism is off, so satisfaction still moves NPS and referrals but not
  // the dropout hazard.
  double kappa = 0.0;
  double misfit_effort = 0.0;  // per affinity point short of the favourite channel
  bool operator==(const SatisfactionModel&) const = default;
};

struct MarketingModel {
  bool on = false;
  double trigger_probability = 0.0;
  double fatigue_half_life_days = 1.0;
  double fatigue_scale = 1.0;
  double fatigue_tolerance = 0.0;
  double annoyance_per_contact = 0.0;
  double unsubscribe_probability = 0.0;
  double unified_cap_per_day = 0.0;  // unified contact policy, all channels together
  bool operator==(const MarketingModel&) const = default;
};

struct WordOfMouthModel {
  bool on = false;
  double referral_probability = 0.0;
  double detractor_acquisition_loss = 0.0;
  double referral_cac_eur = 0.0;
  bool operator==(const WordOfMouthModel&) const = default;
};

struct CongestionModel {
  bool on = false;
  double effort_per_overload = 0.0;
  bool operator==(const CongestionModel&) const = default;
};

struct AppAdoptionModel {
  bool on = false;
  double p_per_year = 0.0;          // Bass innovation
  double q_per_year = 0.0;          // Bass imitation
  double max_hazard_per_day = 0.0;  // (p + q) / 365 when on, else 0: adoption cannot be faster
  bool operator==(const AppAdoptionModel&) const = default;
};

struct MechanismModel {
  FunnelModel funnel;
  CompetitionModel competition;
  HabitModel habit;
  ContextCarryoverModel context_carryover;
  PersonalisationModel personalisation;
  ServiceModel service;
  FirstContactResolutionModel first_contact_resolution;
  StockoutModel stockouts;
  SatisfactionModel satisfaction;
  MarketingModel marketing;
  WordOfMouthModel word_of_mouth;
  CongestionModel congestion;
  AppAdoptionModel app_adoption;
  bool operator==(const MechanismModel&) const = default;
};

// Bridges: the channels each joins and its parameters. Whether a strategy
// has a bridge (offered, switched on, channels open) is in StrategyModel.
struct ClickAndCollectModel {
  ChannelMask order_channels = 0;
  int pickup_channel = -1;
  double preference = 0.0;  // utility of collecting over home delivery
  double fulfilment_cost_eur = 0.0;
  double addon_probability = 0.0;
  double addon_basket_share = 0.0;
  bool operator==(const ClickAndCollectModel&) const = default;
};

struct RopoModel {
  ChannelMask research_channels = 0;
  int store_channel = -1;
  bool operator==(const RopoModel&) const = default;
};

struct ReturnAnywhereModel {
  ChannelMask online_channels = 0;
  int store_channel = -1;
  bool operator==(const ReturnAnywhereModel&) const = default;
};

struct ShipFromStoreModel {
  ChannelMask channels = 0;  // one stock view
  bool operator==(const ShipFromStoreModel&) const = default;
};

struct CartSyncModel {
  ChannelMask channels = 0;  // one basket
  double conversion_uplift = 0.0;
  bool operator==(const CartSyncModel&) const = default;
};

struct BridgeModel {
  ClickAndCollectModel click_and_collect;
  RopoModel ropo;
  ReturnAnywhereModel return_anywhere;
  ShipFromStoreModel ship_from_store;
  CartSyncModel cart_sync;
  bool operator==(const BridgeModel&) const = default;
};

}  // namespace omnisim
