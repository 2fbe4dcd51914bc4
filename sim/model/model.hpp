#pragma once
// The frozen model: the validated scenario turned into index-based tables and
// precomputed factors that the engine reads and never changes. Built once per
// command; a run holds only a const reference to it.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/limits.hpp"
#include "sim/scenario/scenario.hpp"

namespace omnisim {

using ChannelMask = std::uint8_t;  // bit c set = channel c
inline constexpr bool has_channel(ChannelMask mask, int channel) {
  return (mask >> channel) & 1U;
}
inline constexpr ChannelMask channel_bit(int channel) {
  return static_cast<ChannelMask>(1U << channel);
}

enum Stage : int { kConsideration = 0, kDecision = 1, kService = 2, kStageCount = 3 };

struct ChannelModel {
  std::string name;
  ChannelKind kind;
  bool requires_app;
  double visit_cost_eur, service_cost_eur, fulfilment_cost_eur, return_cost_eur, cac_eur;
  double conversion, basket_factor, effort;
  std::array<bool, kStageCount> serves;
  std::array<double, kStageCount> fit;  // utility by stage (0 where not served)
  double service_probability, return_share, stockout_probability;
  double capacity_per_period;    // contacts per period before queueing; 0: unlimited
  double campaign_rate_per_day;  // marketing contacts sent per subscribed customer (siloed)
  double campaign_cost_eur;
};

struct SegmentModel {
  std::string name;
  double share;
  double need_shape, need_rate_years;        // lambda ~ Gamma(r, alpha)
  double dropout_shape, dropout_rate_years;  // mu ~ Gamma(s, beta)
  double bg_a, bg_b;                         // p ~ Beta(a, b)
  double retention_per_period;
  double spend_p, spend_q, spend_gamma_eur;
  std::array<double, kMaxChannels> affinity_mean;
  double affinity_sd, app_share, touch_need, price_sensitivity;
};

struct StrategyModel {
  std::string name, label;
  ChannelMask open = 0;
  double linkage = 0.0;
  double fixed_cost_eur_per_day = 0.0;
  // Bridges that apply: offered by the strategy, switched on, channels open.
  bool click_and_collect = false, ropo = false, return_anywhere = false, ship_from_store = false,
       cart_sync = false;
  ContactPolicy contact_policy = ContactPolicy::kSiloed;
  // Stock-out probability multiplier per channel (below 1 with a shared stock view).
  std::array<double, kMaxChannels> stockout_factor{};
  // exp(stage fit - effort) per stage and channel; 0 where closed or not served.
  std::array<std::array<double, kMaxChannels>, kStageCount> stage_weight{};
  // context_bridge[c]: channels a bridge joins to c (context survives a switch).
  std::array<ChannelMask, kMaxChannels> context_bridge{};
};

struct Model {
  Scenario scenario;  // as validated; kept for outputs and `scenario show`
  std::vector<ChannelModel> channels;
  std::vector<SegmentModel> segments;
  std::vector<StrategyModel> strategies;
  int n_channels = 0;
  ChannelMask physical_channels = 0, app_channels = 0;

  int n_periods = 0;                         // ceil(horizon / period)
  int n_years = 0;                           // ceil(horizon / 365)
  int n_age_months = 0;                      // retention curve points (30-day months)
  double continuous_discount_per_day = 0.0;  // delta: factor exp(-delta * age)
  double period_discount = 1.0;              // factor per period of life (per_period mode)

  // Click & collect, ROPO, return anywhere: channel roles.
  ChannelMask cc_order_channels = 0, ropo_research_channels = 0, return_online_channels = 0,
              stock_view_channels = 0, cart_sync_channels = 0;
  ChannelMask campaign_channels = 0;  // channels that send marketing
  int cc_pickup_channel = -1, ropo_store_channel = -1, return_store_channel = -1;

  // Mechanism factors, already neutral where a mechanism is off.
  double habit_factor = 1.0;                 // exp(habit utility)
  double touch_factor = 1.0;                 // exp(touch bonus) for physical channels
  double max_adoption_hazard_per_day = 0.0;  // (p + q) / 365: adoption cannot be faster

  int strategy_index(const std::string& name) const;  // -1 if unknown
  int channel_index(const std::string& name) const;
};

Model build_model(const Scenario& scenario);

}  // namespace omnisim
