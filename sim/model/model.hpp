#pragma once
// The frozen model: the validated scenario turned into index-based tables,
// typed settings and precomputed factors. It is the engine's only contract:
// sim/engine and sim/kpi read this and nothing of the scenario. Built once
// per command by build_model(); a run holds only a const reference to it.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/limits.hpp"
#include "sim/core/vocabulary.hpp"
#include "sim/model/mechanisms.hpp"
#include "sim/model/weekly_profile.hpp"

namespace omnisim {

struct Scenario;

inline constexpr bool has_channel(ChannelMask mask, int channel) {
  return (mask >> channel) & 1U;
}
inline constexpr ChannelMask channel_bit(int channel) {
  return static_cast<ChannelMask>(1U << channel);
}

enum Stage : int { kConsideration = 0, kDecision = 1, kService = 2, kStageCount = 3 };

struct SimulationModel {
  std::uint64_t seed = 0;      // root of every random stream
  std::int64_t customers = 0;  // paid acquisitions over the run
  int replications = 0;
  std::int64_t start_epoch_day = 0;  // day 0 as days since 1970-01-01 (event timestamps)
};

struct TimeModel {  // docs/model.md §1
  double horizon_days = 0.0;
  double period_days = 0.0;  // reporting and coupling period
  int n_periods = 0;         // ceil(horizon / period)
  int n_years = 0;           // ceil(horizon / 365)
  int full_years = 0;        // floor(horizon / 365): years wholly inside the horizon
  int n_age_months = 0;      // retention curve points (30-day months)

  // The year (0-based) a day falls in; the last, partial year counts as one.
  int year_of(double day) const;
};

struct AcquisitionModel {      // docs/model.md §2
  double initial_share = 0.0;  // acquired at day 0
  double window_days = 0.0;    // the others arrive uniformly over [0, window_days)
};

struct MoneyModel {  // docs/model.md §7
  double margin_rate = 0.0;
  Discounting discounting = Discounting::kContinuous;
  double continuous_discount_per_day = 0.0;  // delta: factor exp(-delta * age)
  double period_discount = 1.0;              // factor per period of life (per_period mode)
  // Why the mean lifetime CLV does not exist (no discounting and lives whose
  // mean length is infinite, docs/model.md §7); empty when it does.
  std::string lifetime_undefined;
};

struct JourneyModel {  // docs/model.md §3
  double consideration_touchpoints_mean = 1.0;
  int max_touchpoints = 1;
  double touch_factor = 1.0;  // exp(touch bonus) for physical channels, needs to touch
};

struct SurveyModel {
  double response_probability = 0.0;  // a journey ends with an NPS answer
  double noise_sd = 0.0;              // answer = satisfaction + N(0, sd)
};

struct EventTimesModel {              // docs/model.md §11
  std::array<WeeklyProfile, 3> busy;  // by ChannelKind
  double research_gap_days = 0.0, checkout_days = 0.0, pickup_days = 0.0;
  double delivery_days = 0.0, aftersale_days = 0.0;  // medians
  const WeeklyProfile& of(ChannelKind kind) const { return busy[static_cast<std::size_t>(kind)]; }
};

struct AnalysisModel {
  int baseline_strategy = 0;  // the strategy the others are compared with
  double confidence = 0.95;
  std::string objective;  // a KPI name, checked against the catalogue when ranked
  ObjectiveGoal objective_goal = ObjectiveGoal::kMaximise;
};

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
  ChannelMask campaigns = 0;  // channels whose campaign this strategy runs
  bool offers_app = false;    // an app channel is open: app adoption and push exist
  // Stock-out probability multiplier per channel (below 1 with a shared stock view).
  std::array<double, kMaxChannels> stockout_factor{};
  // exp(stage fit - effort) per stage and channel; 0 where closed or not served.
  std::array<std::array<double, kMaxChannels>, kStageCount> stage_weight{};
  // context_bridge[c]: channels a bridge joins to c (context survives a switch).
  std::array<ChannelMask, kMaxChannels> context_bridge{};

  bool operator==(const StrategyModel&) const = default;
};

struct Model {
  // The effective scenario as TOML, for the outputs that record it
  // (rerunning it reproduces them); the engine never reads it.
  std::string scenario_toml;

  SimulationModel simulation;
  TimeModel time;
  AcquisitionModel acquisition;
  LifetimeModel lifetime = LifetimeModel::kParetoNbd;
  MoneyModel money;
  JourneyModel journey;
  SurveyModel survey;
  EventTimesModel event_times;
  AnalysisModel analysis;

  std::vector<ChannelModel> channels;
  std::vector<SegmentModel> segments;
  std::vector<StrategyModel> strategies;
  int n_channels = 0;
  ChannelMask physical_channels = 0, app_channels = 0;
  ChannelMask campaign_channels = 0;  // channels that send marketing
  // exp(stage fit - effort) per stage and channel in the market: every
  // channel of the scenario that serves the stage, open or not (a
  // competitor offers it; docs/model.md §3.3). 0 where not served.
  std::array<std::array<double, kMaxChannels>, kStageCount> market_stage_weight{};

  MechanismModel mechanisms;
  BridgeModel bridges;

  int strategy_index(const std::string& name) const;  // -1 if unknown
  // strategy_index, or an InputError naming the closest strategy.
  int require_strategy(const std::string& name) const;
  std::vector<std::string> strategy_names() const;
  int channel_index(const std::string& name) const;
};

Model build_model(const Scenario& scenario);

}  // namespace omnisim
