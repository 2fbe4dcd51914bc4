#include "sim/model/model.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace omnisim {
namespace {

ChannelModel freeze_channel(const ChannelSpec& spec) {
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
  channel.capacity_per_period = 0.0;  // set from the scenario size in build_model
  channel.campaign_rate_per_day = 0.0;
  channel.campaign_cost_eur = 0.0;
  return channel;
}

}  // namespace

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
  model.scenario = scenario;
  for (const auto& spec : scenario.channels)
    model.channels.push_back(freeze_channel(spec));
  model.n_channels = static_cast<int>(model.channels.size());
  for (int c = 0; c < model.n_channels; ++c) {
    if (model.channels[c].kind == ChannelKind::kPhysical) model.physical_channels |= channel_bit(c);
    if (model.channels[c].requires_app) model.app_channels |= channel_bit(c);
  }

  // Names were validated wherever they matter; a bridge no strategy offers
  // may name channels this scenario lacks, and those are left out.
  auto mask_of = [&](const std::vector<std::string>& names) {
    ChannelMask mask = 0;
    for (const auto& name : names) {
      const int index = model.channel_index(name);
      if (index >= 0) mask |= channel_bit(index);
    }
    return mask;
  };

  for (const auto& spec : scenario.segments) {
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
    model.segments.push_back(segment);
  }

  const auto& simulation = scenario.simulation;
  for (auto& channel : model.channels) {
    const auto& spec =
        scenario.channels[static_cast<std::size_t>(model.channel_index(channel.name))];
    channel.capacity_per_period = spec.capacity_per_period_per_1000_customers *
                                  static_cast<double>(simulation.customers) / 1000.0;
  }
  for (const auto& campaign : scenario.campaigns) {
    const int channel = model.channel_index(campaign.name);
    model.channels[channel].campaign_rate_per_day = campaign.contacts_per_year / kDaysPerYear;
    model.channels[channel].campaign_cost_eur = campaign.cost_eur;
    if (campaign.contacts_per_year > 0.0) model.campaign_channels |= channel_bit(channel);
  }

  const auto& bridges = scenario.bridges;
  model.cc_order_channels = mask_of(bridges.click_and_collect.order_channels);
  model.cc_pickup_channel = model.channel_index(bridges.click_and_collect.pickup_channel);
  model.ropo_research_channels = mask_of(bridges.ropo.research_channels);
  model.ropo_store_channel = model.channel_index(bridges.ropo.store_channel);
  model.return_online_channels = mask_of(bridges.return_anywhere.online_channels);
  model.return_store_channel = model.channel_index(bridges.return_anywhere.store_channel);
  model.stock_view_channels = mask_of(bridges.ship_from_store.channels);
  model.cart_sync_channels = mask_of(bridges.cart_sync.channels);

  for (const auto& spec : scenario.strategies) {
    StrategyModel strategy;
    strategy.name = spec.name;
    strategy.label = spec.label.empty() ? spec.name : spec.label;
    strategy.open = mask_of(spec.channels);
    strategy.linkage = spec.linkage;
    strategy.fixed_cost_eur_per_day = spec.fixed_cost_eur_per_customer_year / kDaysPerYear;
    auto offers = [&](const char* bridge) {
      return std::find(spec.bridges.begin(), spec.bridges.end(), bridge) != spec.bridges.end();
    };
    auto open = [&](int channel) { return channel >= 0 && has_channel(strategy.open, channel); };
    strategy.click_and_collect = offers("click_and_collect") && bridges.click_and_collect.enabled &&
                                 open(model.cc_pickup_channel) &&
                                 (strategy.open & model.cc_order_channels) != 0;
    strategy.ropo = offers("ropo") && bridges.ropo.enabled && open(model.ropo_store_channel) &&
                    (strategy.open & model.ropo_research_channels) != 0;
    strategy.return_anywhere = offers("return_anywhere") && bridges.return_anywhere.enabled &&
                               open(model.return_store_channel) &&
                               (strategy.open & model.return_online_channels) != 0;
    // Bridges between two or more open channels of a group.
    auto spans = [&](ChannelMask group) {
      return std::popcount(static_cast<unsigned>(strategy.open & group)) >= 2;
    };
    strategy.ship_from_store = offers("ship_from_store") && bridges.ship_from_store.enabled &&
                               spans(model.stock_view_channels);
    strategy.cart_sync =
        offers("cart_sync") && bridges.cart_sync.enabled && spans(model.cart_sync_channels);
    strategy.contact_policy = spec.contact_policy;
    for (int c = 0; c < model.n_channels; ++c) {
      const bool shared = strategy.ship_from_store && has_channel(model.stock_view_channels, c);
      strategy.stockout_factor[c] = shared ? 1.0 - bridges.ship_from_store.stockout_reduction : 1.0;
    }
    for (int stage = 0; stage < kStageCount; ++stage) {
      for (int c = 0; c < model.n_channels; ++c) {
        const auto& channel = model.channels[c];
        strategy.stage_weight[stage][c] =
            open(c) && channel.serves[stage] ? std::exp(channel.fit[stage] - channel.effort) : 0.0;
      }
    }
    // Bridges join channels for context: research <-> store (ROPO), order <-> pickup (C&C).
    auto join = [&](ChannelMask group, int store) {
      for (int c = 0; c < model.n_channels; ++c) {
        if (!has_channel(group, c)) continue;
        strategy.context_bridge[c] |= channel_bit(store);
        strategy.context_bridge[store] |= channel_bit(c);
      }
    };
    if (strategy.ropo) join(model.ropo_research_channels, model.ropo_store_channel);
    if (strategy.click_and_collect) join(model.cc_order_channels, model.cc_pickup_channel);
    if (strategy.cart_sync) {
      for (int a = 0; a < model.n_channels; ++a) {
        if (has_channel(model.cart_sync_channels, a)) {
          strategy.context_bridge[a] |= model.cart_sync_channels;
        }
      }
    }
    model.strategies.push_back(strategy);
  }

  model.n_periods = static_cast<int>(std::ceil(simulation.horizon_days / simulation.period_days));
  model.n_years = static_cast<int>(std::ceil(simulation.horizon_days / kDaysPerYear));
  model.n_age_months = static_cast<int>(std::floor(simulation.horizon_days / 30.0));
  const double yearly = 1.0 + scenario.money.discount_rate_per_year;
  model.continuous_discount_per_day = std::log(yearly) / kDaysPerYear;
  model.period_discount = std::pow(yearly, -simulation.period_days / kDaysPerYear);

  const auto& mechanisms = scenario.mechanisms;
  model.habit_factor = mechanisms.habit.enabled ? std::exp(mechanisms.habit.utility) : 1.0;
  model.touch_factor = std::exp(scenario.journey.touch_bonus);
  const auto& adoption = mechanisms.app_adoption;
  model.max_adoption_hazard_per_day =
      adoption.enabled ? (adoption.p_per_year + adoption.q_per_year) / kDaysPerYear : 0.0;
  return model;
}

}  // namespace omnisim
