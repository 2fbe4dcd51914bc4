#include "sim/model/model.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

#include "sim/core/calendar.hpp"
#include "sim/core/error.hpp"
#include "sim/core/names.hpp"
#include "sim/model/freeze.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim {
namespace {

ChannelModel freeze_channel(const ChannelSpec& spec, std::int64_t customers) {
  ChannelModel channel{};
  channel.name = spec.name;
  channel.kind = spec.kind;
  channel.requires_app = spec.requires_app;
  channel.visit_cost_eur = spec.visit_cost_eur;
  channel.service_cost_eur = spec.service_cost_eur;
  channel.fulfilment_cost_eur = spec.fulfilment_cost_eur;
  channel.return_cost_eur = spec.return_cost_eur;
  channel.cac_eur = spec.cac_eur;
  channel.conversion = spec.conversion;
  channel.basket_factor = spec.basket_factor;
  channel.effort = spec.effort;
  const std::array<std::optional<double>, kStageCount> fits{
      spec.stage_fit.consideration, spec.stage_fit.decision, spec.stage_fit.service};
  for (int stage = 0; stage < kStageCount; ++stage) {
    channel.serves[stage] = fits[stage].has_value();
    channel.fit[stage] = fits[stage].value_or(0.0);
  }
  channel.service_probability = spec.service_probability;
  channel.return_share = spec.return_share;
  channel.stockout_probability = spec.stockout_probability;
  channel.capacity_per_period =
      spec.capacity_per_period_per_1000_customers * static_cast<double>(customers) / 1000.0;
  channel.campaign_rate_per_day = 0.0;  // set by the channel's campaign, if any
  channel.campaign_cost_eur = 0.0;
  return channel;
}

SegmentModel freeze_segment(const Model& model, const SegmentSpec& spec) {
  SegmentModel segment{};
  segment.name = spec.name;
  segment.share = spec.share;
  segment.need_shape = spec.purchase_rate.r;
  segment.need_rate_years = spec.purchase_rate.alpha_years;
  segment.dropout_shape = spec.dropout.s;
  segment.dropout_rate_years = spec.dropout.beta_years;
  segment.bg_a = spec.dropout.a;
  segment.bg_b = spec.dropout.b;
  segment.retention_per_period = spec.dropout.retention_per_period;
  segment.spend_p = spec.spend.p;
  segment.spend_q = spec.spend.q;
  segment.spend_gamma_eur = spec.spend.gamma_eur;
  segment.affinity_mean.fill(0.0);
  for (const auto& [name, utility] : spec.affinity) {
    segment.affinity_mean[static_cast<std::size_t>(model.channel_index(name))] = utility;
  }
  segment.affinity_sd = spec.affinity_sd;
  segment.app_share = spec.app_share;
  segment.touch_need = spec.touch_need;
  segment.price_sensitivity = spec.price_sensitivity;
  return segment;
}

StrategyModel freeze_strategy(const Model& model, const Bridges& bridges,
                              const StrategySpec& spec) {
  StrategyModel strategy;
  strategy.name = spec.name;
  strategy.label = spec.label.empty() ? spec.name : spec.label;
  strategy.open = mask_of(model, spec.channels);
  strategy.linkage = spec.linkage;
  strategy.fixed_cost_eur_per_day = spec.fixed_cost_eur_per_customer_year / kDaysPerYear;
  strategy.contact_policy = spec.contact_policy;
  strategy.campaigns =
      static_cast<ChannelMask>(mask_of(model, spec.campaigns) & model.campaign_channels);
  strategy.offers_app = (strategy.open & model.app_channels) != 0;
  resolve_bridges(model, bridges, spec, strategy);
  for (int stage = 0; stage < kStageCount; ++stage) {
    for (int c = 0; c < model.n_channels; ++c) {
      strategy.stage_weight[stage][c] =
          has_channel(strategy.open, c) ? model.market_stage_weight[stage][c] : 0.0;
    }
  }
  return strategy;
}

TimeModel freeze_time(const SimulationSettings& simulation) {
  TimeModel time;
  time.horizon_days = simulation.horizon_days;
  time.period_days = simulation.period_days;
  time.n_periods = static_cast<int>(std::ceil(simulation.horizon_days / simulation.period_days));
  time.n_years = static_cast<int>(std::ceil(simulation.horizon_days / kDaysPerYear));
  time.full_years = static_cast<int>(std::floor(simulation.horizon_days / kDaysPerYear));
  time.n_age_months = static_cast<int>(std::floor(simulation.horizon_days / 30.0));
  return time;
}

EventTimesModel freeze_event_times(const EventTimesSettings& times, std::int64_t start_epoch_day) {
  // 1970-01-01 was a Thursday (weekday 3, Monday = 0).
  const auto weekday = static_cast<int>(((start_epoch_day + 3) % 7 + 7) % 7);
  EventTimesModel model;
  model.busy[static_cast<std::size_t>(ChannelKind::kPhysical)] =
      WeeklyProfile(times.physical_by_hour, times.physical_by_weekday, weekday);
  model.busy[static_cast<std::size_t>(ChannelKind::kDigital)] =
      WeeklyProfile(times.digital_by_hour, times.digital_by_weekday, weekday);
  model.busy[static_cast<std::size_t>(ChannelKind::kAssisted)] =
      WeeklyProfile(times.assisted_by_hour, times.assisted_by_weekday, weekday);
  model.research_gap_days = times.research_gap_hours / 24.0;
  model.checkout_days = times.checkout_minutes / 1440.0;
  model.pickup_days = times.pickup_hours / 24.0;
  model.delivery_days = times.delivery_days;
  model.aftersale_days = times.aftersale_days;
  return model;
}

MoneyModel freeze_money(const MoneySettings& money, double period_days) {
  const double yearly = 1.0 + money.discount_rate_per_year;
  return {money.margin_rate, money.discounting, std::log(yearly) / kDaysPerYear,
          std::pow(yearly, -period_days / kDaysPerYear), ""};
}

// Without discounting, the mean lifetime CLV is the mean value of a whole
// life, which is infinite when the mean length of life is (docs/model.md
// §7): a Pareto/NBD hazard mu ~ Gamma(s, beta) has E[1/mu] finite only for
// s > 1, a BG/NBD dropout chance p ~ Beta(a, b) has E[1/p] finite only for
// a > 1, and a periodic retention of 1 never ends. Satisfaction scales the
// hazard by a bounded factor, so it cannot make a mean finite or infinite.
std::string lifetime_undefined(const Scenario& scenario) {
  if (scenario.money.discount_rate_per_year > 0.0) return "";
  for (const auto& segment : scenario.segments) {
    if (segment.share <= 0.0) continue;
    const auto& dropout = segment.dropout;
    // The key and value that make the segment's mean life infinite, if any.
    std::ostringstream cause;
    switch (scenario.lifetime.model) {
      case LifetimeModel::kParetoNbd:
        if (dropout.s <= 1.0) cause << "s = " << dropout.s << " <= 1 gives Pareto/NBD lifetimes";
        break;
      case LifetimeModel::kBgNbd:
        if (dropout.a <= 1.0) cause << "a = " << dropout.a << " <= 1 gives BG/NBD lifetimes";
        break;
      case LifetimeModel::kPeriodic:
        if (dropout.retention_per_period >= 1.0) cause << "retention_per_period = 1 gives lives";
        break;
    }
    if (!cause.str().empty()) {
      return "with money.discount_rate_per_year = 0 the mean lifetime CLV is infinite: segments." +
             segment.name + ".dropout." + cause.str() + " of infinite mean";
    }
  }
  return "";
}

}  // namespace

int TimeModel::year_of(double day) const {
  const int year = static_cast<int>(day / kDaysPerYear);
  return std::min(year, n_years - 1);
}

std::vector<std::string> Model::strategy_names() const {
  std::vector<std::string> names;
  for (const auto& strategy : strategies)
    names.push_back(strategy.name);
  return names;
}

int Model::require_strategy(const std::string& name) const {
  const int index = strategy_index(name);
  if (index < 0) throw InputError(unknown_name("strategy", "strategies", name, strategy_names()));
  return index;
}

int Model::strategy_index(const std::string& name) const {
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    if (strategies[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int Model::channel_index(const std::string& name) const {
  for (std::size_t i = 0; i < channels.size(); ++i) {
    if (channels[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Model build_model(const Scenario& scenario) {
  Model model;
  model.scenario_toml = emit_scenario(scenario);
  const auto& simulation = scenario.simulation;
  model.simulation = {static_cast<std::uint64_t>(simulation.seed), simulation.customers,
                      static_cast<int>(simulation.replications),
                      parse_iso_date(simulation.start_date).value_or(0)};
  model.time = freeze_time(simulation);
  model.acquisition = {scenario.acquisition.initial_share, scenario.acquisition.window_days};
  model.lifetime = scenario.lifetime.model;
  model.money = freeze_money(scenario.money, simulation.period_days);
  model.money.lifetime_undefined = lifetime_undefined(scenario);
  model.journey = {scenario.journey.consideration_touchpoints_mean,
                   static_cast<int>(scenario.journey.max_touchpoints),
                   std::exp(scenario.journey.touch_bonus)};
  model.survey = {scenario.survey.response_probability, scenario.survey.noise_sd};
  model.event_times = freeze_event_times(scenario.event_times, model.simulation.start_epoch_day);

  for (const auto& spec : scenario.channels)
    model.channels.push_back(freeze_channel(spec, simulation.customers));
  model.n_channels = static_cast<int>(model.channels.size());
  for (int c = 0; c < model.n_channels; ++c) {
    if (model.channels[c].kind == ChannelKind::kPhysical) model.physical_channels |= channel_bit(c);
    if (model.channels[c].requires_app) model.app_channels |= channel_bit(c);
  }
  for (int stage = 0; stage < kStageCount; ++stage) {
    for (int c = 0; c < model.n_channels; ++c) {
      const auto& channel = model.channels[c];
      model.market_stage_weight[stage][c] =
          channel.serves[stage] ? std::exp(channel.fit[stage] - channel.effort) : 0.0;
    }
  }
  for (const auto& campaign : scenario.campaigns) {
    const int channel = model.channel_index(campaign.name);
    model.channels[channel].campaign_rate_per_day = campaign.contacts_per_year / kDaysPerYear;
    model.channels[channel].campaign_cost_eur = campaign.cost_eur;
    if (campaign.contacts_per_year > 0.0) model.campaign_channels |= channel_bit(channel);
  }
  for (const auto& spec : scenario.segments)
    model.segments.push_back(freeze_segment(model, spec));

  model.mechanisms = freeze_mechanisms(scenario.mechanisms);
  model.bridges = freeze_bridges(model, scenario.bridges);
  for (const auto& spec : scenario.strategies)
    model.strategies.push_back(freeze_strategy(model, scenario.bridges, spec));
  model.analysis = {std::max(0, model.strategy_index(scenario.analysis.baseline)),
                    scenario.analysis.confidence, scenario.analysis.objective,
                    scenario.analysis.objective_goal};
  return model;
}

}  // namespace omnisim
