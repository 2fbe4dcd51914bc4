#include <bit>
#include <cmath>

#include "sim/model/freeze.hpp"

namespace omnisim {

MechanismModel freeze_mechanisms(const Mechanisms& m) {
  MechanismModel model;
  model.funnel = {m.funnel.enabled, m.funnel.outside_utility, m.funnel.retry_probability};
  model.competition = {m.competition.enabled, m.competition.channel_gap_weight,
                       m.competition.reach_elasticity,
                       m.competition.enabled ? m.competition.switch_probability : 0.0};
  model.habit.factor = m.habit.enabled ? std::exp(m.habit.utility) : 1.0;
  const auto& carryover = m.context_carryover;
  model.context_carryover = {carryover.enabled, carryover.repeat_effort,
                             carryover.repeat_cost_share, carryover.leak_probability};
  const auto& personalisation = m.personalisation;
  model.personalisation = {personalisation.enabled, personalisation.conversion_uplift,
                           personalisation.basket_uplift, personalisation.saturation_interactions};
  model.service = {m.service.enabled, static_cast<int>(m.service.max_contacts),
                   m.service.give_up_probability, m.service.escalation_cost_eur};
  const auto& fcr = m.first_contact_resolution;
  model.first_contact_resolution = {fcr.resolution_seen,
                                    fcr.enabled ? fcr.resolution_unseen : fcr.resolution_seen};
  model.stockouts = {m.stockouts.enabled, m.stockouts.wasted_trip_effort};
  const auto& satisfaction = m.satisfaction;
  model.satisfaction = {satisfaction.initial,
                        satisfaction.neutral,
                        satisfaction.learning_rate,
                        satisfaction.effort_weight,
                        satisfaction.unresolved_penalty,
                        satisfaction.failed_purchase_penalty,
                        satisfaction.enabled ? satisfaction.kappa : 0.0,
                        satisfaction.misfit_effort};
  const auto& marketing = m.marketing;
  model.marketing = {marketing.enabled,
                     marketing.trigger_probability,
                     marketing.fatigue_half_life_days,
                     marketing.fatigue_scale,
                     marketing.fatigue_tolerance,
                     marketing.annoyance_per_contact,
                     marketing.unsubscribe_probability,
                     marketing.unified_cap_per_year / kDaysPerYear};
  const auto& word_of_mouth = m.word_of_mouth;
  model.word_of_mouth = {word_of_mouth.enabled, word_of_mouth.referral_probability,
                         word_of_mouth.detractor_acquisition_loss, word_of_mouth.referral_cac_eur};
  model.congestion = {m.congestion.enabled, m.congestion.effort_per_overload};
  const auto& adoption = m.app_adoption;
  model.app_adoption = {
      adoption.enabled, adoption.p_per_year, adoption.q_per_year,
      adoption.enabled ? (adoption.p_per_year + adoption.q_per_year) / kDaysPerYear : 0.0};
  return model;
}

ChannelMask mask_of(const Model& model, const std::vector<std::string>& names) {
  ChannelMask mask = 0;
  for (const auto& name : names) {
    const int index = model.channel_index(name);
    if (index >= 0) mask |= channel_bit(index);
  }
  return mask;
}

BridgeModel freeze_bridges(const Model& model, const Bridges& b) {
  BridgeModel bridges;
  const auto& collect = b.click_and_collect;
  bridges.click_and_collect = {mask_of(model, collect.order_channels),
                               model.channel_index(collect.pickup_channel),
                               collect.preference,
                               collect.fulfilment_cost_eur,
                               collect.addon_probability,
                               collect.addon_basket_share};
  bridges.ropo = {mask_of(model, b.ropo.research_channels),
                  model.channel_index(b.ropo.store_channel)};
  bridges.return_anywhere = {mask_of(model, b.return_anywhere.online_channels),
                             model.channel_index(b.return_anywhere.store_channel)};
  bridges.ship_from_store = {mask_of(model, b.ship_from_store.channels)};
  bridges.cart_sync = {mask_of(model, b.cart_sync.channels), b.cart_sync.conversion_uplift};
  return bridges;
}

void resolve_bridges(const Model& model, const Bridges& b, const StrategySpec& spec,
                     StrategyModel& strategy) {
  const BridgeModel& bridges = model.bridges;
  auto open = [&](int channel) { return channel >= 0 && has_channel(strategy.open, channel); };
  // Offered by the strategy and switched on.
  auto acts = [&](const auto& settings) {
    return settings.enabled && offers(spec, settings.kInfo);
  };
  // Bridges between two or more open channels of a group.
  auto spans = [&](ChannelMask group) {
    return std::popcount(static_cast<unsigned>(strategy.open & group)) >= 2;
  };
  strategy.click_and_collect = acts(b.click_and_collect) &&
                               open(bridges.click_and_collect.pickup_channel) &&
                               (strategy.open & bridges.click_and_collect.order_channels) != 0;
  strategy.ropo = acts(b.ropo) && open(bridges.ropo.store_channel) &&
                  (strategy.open & bridges.ropo.research_channels) != 0;
  strategy.return_anywhere = acts(b.return_anywhere) &&
                             open(bridges.return_anywhere.store_channel) &&
                             (strategy.open & bridges.return_anywhere.online_channels) != 0;
  strategy.ship_from_store = acts(b.ship_from_store) && spans(bridges.ship_from_store.channels);
  strategy.cart_sync = acts(b.cart_sync) && spans(bridges.cart_sync.channels);

  for (int c = 0; c < model.n_channels; ++c) {
    const bool shared =
        strategy.ship_from_store && has_channel(bridges.ship_from_store.channels, c);
    strategy.stockout_factor[c] = shared ? 1.0 - b.ship_from_store.stockout_reduction : 1.0;
  }
  // Bridges join channels for context: research <-> store (ROPO), order <-> pickup (C&C).
  auto join = [&](ChannelMask group, int store) {
    for (int c = 0; c < model.n_channels; ++c) {
      if (!has_channel(group, c)) continue;
      strategy.context_bridge[c] |= channel_bit(store);
      strategy.context_bridge[store] |= channel_bit(c);
    }
  };
  if (strategy.ropo) join(bridges.ropo.research_channels, bridges.ropo.store_channel);
  if (strategy.click_and_collect) {
    join(bridges.click_and_collect.order_channels, bridges.click_and_collect.pickup_channel);
  }
  if (strategy.cart_sync) {
    for (int c = 0; c < model.n_channels; ++c) {
      if (has_channel(bridges.cart_sync.channels, c)) {
        strategy.context_bridge[c] |= bridges.cart_sync.channels;
      }
    }
  }
}

}  // namespace omnisim
