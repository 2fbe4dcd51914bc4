#include "sim/engine/journey.hpp"

#include <algorithm>
#include <cmath>

#include "sim/engine/journey_detail.hpp"

namespace omnisim {
namespace detail {

bool Journey::consider() {
  RandomStream stream(family_, customer_.id, Purpose::kConsideration, occasion_);
  const int touchpoints =
      std::min<int>(stream.geometric_at_least_one(model_.journey.consideration_touchpoints_mean),
                    model_.journey.max_touchpoints);
  Weights weights = stage_weights(kConsideration, 0, false);
  if (weights.total <= 0.0) return true;  // nowhere to research: straight to the decision
  for (int i = 0; i < touchpoints; ++i) {
    const int channel = stream.categorical(weights.of, weights.total);
    if (trace_) {
      trace_.note(day_) << "consideration " << i + 1 << '/' << touchpoints << ": " << name(channel)
                        << " (p=" << weights.share(channel) << ")\n";
    }
    if (!switch_context(channel, stream)) return false;
    touch(channel, ChannelCount::kConsiderationVisits, model_.channels[channel].visit_cost_eur);
    if (model_.channels[channel].kind == ChannelKind::kDigital) researched_online_ = true;
    if (model_.channels[channel].kind == ChannelKind::kPhysical) researched_in_store_ = true;
  }
  return true;
}

void Journey::decide() {
  tally_[Count::kDecisionJourneys] += 1;
  RandomStream stream(family_, customer_.id, Purpose::kDecision, occasion_);
  ChannelMask excluded = 0;     // visits that did not buy: the customer looks elsewhere
  ChannelMask stocked_out = 0;  // the product is out here: a substitute, if chosen again
  const bool funnel = mechanisms_.funnel.on;
  // Buying elsewhere: the customer's own outside option, pulled up by a
  // competitor that offers the channels this firm lacks (docs/model.md §3.3).
  const double outside =
      funnel ? customer_.outside_weight * competitor_pull(context_, customer_, touch_need_) : 0.0;
  for (int attempt = 0; attempt <= model_.n_channels; ++attempt) {
    Weights weights = stage_weights(kDecision, excluded, touch_need_);
    if (weights.total <= 0.0 && outside <= 0.0) {
      trace_line("decision: no open channel can sell; need lost");
      tally_[Count::kOutsideChoices] += 1;
      return;
    }
    weights.of[kMaxChannels] = outside;
    const int choice = stream.categorical(weights.of, weights.total + outside);
    if (choice == static_cast<int>(kMaxChannels)) {
      // A need bought elsewhere may keep the customer there (docs/model.md
      // §3.3): the more needs the firm sends to the competitor, the more
      // customers it loses to it.
      switched_ = stream.bernoulli(mechanisms_.competition.switch_probability);
      if (trace_) {
        trace_.note(day_) << "decision: bought elsewhere or gave up (outside option, p="
                          << outside / (weights.total + outside) << ")"
                          << (switched_ ? ", and stays with the competitor" : "") << '\n';
      }
      tally_[Count::kOutsideChoices] += 1;
      if (switched_) tally_[Count::kSwitchesToCompetitor] += 1;
      return;
    }
    const int channel = choice;
    const ChannelModel& spec = model_.channels[channel];
    if (trace_) {
      trace_.note(day_) << "decision: " << spec.name
                        << " (p=" << weights.of[channel] / (weights.total + outside) << ")\n";
    }
    // A channel found out of stock stays a choice: a substitute there (Gruen,
    // Corsten & Bharadwaj 2002: most shoppers who meet a stock-out buy
    // another item or brand at the same retailer), with no second draw.
    const double stockout = spec.stockout_probability * strategy_.stockout_factor[channel];
    if (mechanisms_.stockouts.on && !has_channel(stocked_out, channel) &&
        stream.bernoulli(stockout)) {
      tally_[Count::kStockouts] += 1;
      if (stockout_at_ == kNoStockout) {
        stockout_at_ = spec.kind == ChannelKind::kPhysical ? kStoreStockout : kOtherStockout;
      }
      // ROPO shoppers check the store's stock online before the trip, which
      // needs the shared stock view to include the store (docs/model.md §5).
      const bool stock_visible = spec.kind != ChannelKind::kPhysical ||
                                 (strategy_.ropo && channel == model_.bridges.ropo.store_channel &&
                                  strategy_.ship_from_store &&
                                  has_channel(model_.bridges.ship_from_store.channels, channel));
      if (!stock_visible) {
        tally_[Count::kWastedTrips] += 1;
        effort_ += mechanisms_.stockouts.wasted_trip_effort;
        if (!switch_context(channel, stream)) return;
        touch(channel, ChannelCount::kDecisionVisits, spec.visit_cost_eur);
        if (trace_)
          trace_.note(day_) << "out of stock at " << spec.name << ": wasted trip (no stock view)\n";
      } else {
        trace_line("out of stock, seen before going");
      }
      if (!search_goes_on(stream)) return;
      stocked_out |= channel_bit(channel);
      continue;
    }
    const int browsed = context_channel_;
    if (!switch_context(channel, stream)) return;
    const double knowledge = knowledge_of(channel);
    touch(channel, ChannelCount::kDecisionVisits, spec.visit_cost_eur);
    double conversion = 1.0;
    if (funnel) {
      const double uplift = mechanisms_.personalisation.on
                                ? 1.0 + mechanisms_.personalisation.conversion_uplift * knowledge
                                : 1.0;
      // Cart sync: the basket filled on one device is waiting on the other.
      const CartSyncModel& cart_sync = model_.bridges.cart_sync;
      const bool synced_cart = strategy_.cart_sync && browsed >= 0 && browsed != channel &&
                               has_channel(cart_sync.channels, browsed) &&
                               has_channel(cart_sync.channels, channel);
      const double cart = synced_cart ? 1.0 + cart_sync.conversion_uplift : 1.0;
      conversion = std::min(1.0, spec.conversion * uplift * cart);
    }
    if (!stream.bernoulli(conversion)) {
      tally_[Count::kFailedConversions] += 1;
      if (trace_) {
        trace_.note(day_) << "did not buy at " << spec.name << " (conversion p=" << conversion
                          << ", knowledge " << knowledge << ")\n";
      }
      if (!search_goes_on(stream)) return;
      failed_visit_ = true;
      excluded |= channel_bit(channel);
      continue;
    }
    buy(channel, knowledge);
    return;
  }
}

bool Journey::search_goes_on(RandomStream& stream) {
  // The need is still there (docs/model.md §3.3): the customer looks in
  // another of the firm's channels or goes to the competitor, or drops the
  // need for now. Without the funnel every need buys somewhere.
  const bool goes_on =
      !mechanisms_.funnel.on || stream.bernoulli(mechanisms_.funnel.retry_probability);
  trace_line(goes_on ? "looks elsewhere: another channel or the competitor"
                     : "drops the need for now");
  return goes_on;
}

void Journey::buy(int channel, double knowledge) {
  const ChannelModel& spec = model_.channels[channel];
  const SegmentModel& segment = model_.segments[customer_.segment];
  RandomStream basket(family_, customer_.id, Purpose::kBasket, occasion_);
  const double base_value = basket.gamma(segment.spend_p, 1.0 / customer_.spend_rate);
  const double uplift = mechanisms_.personalisation.on
                            ? 1.0 + mechanisms_.personalisation.basket_uplift * knowledge
                            : 1.0;
  const double value = base_value * spec.basket_factor * uplift;

  ordered_ = true;
  tally_[Count::kOrders] += 1;
  tally_.at(channel, ChannelCount::kOrders) += 1;
  tally_.at(channel, ChannelSum::kOrderValue) += value;
  tally_.orders_by_year[static_cast<std::size_t>(year_)] += 1;
  if (customer_.orders == 0) customer_.first_order_day = static_cast<float>(day_);
  customer_.orders += 1;
  customer_.last_order_day = static_cast<float>(day_);
  customer_.last_order_channel = static_cast<std::uint8_t>(channel);
  if (spec.kind == ChannelKind::kPhysical) {
    customer_.store_orders = saturating_increment(customer_.store_orders);
    customer_.store_value_eur += static_cast<float>(value);
  } else {
    customer_.online_orders = saturating_increment(customer_.online_orders);
    customer_.online_value_eur += static_cast<float>(value);
  }
  earn(channel, value);
  record({EventType::kPurchase, EventStage::kDecision, channel, value});
  // Research online, purchase offline (webrooming), and its reverse,
  // showrooming: what the shopper studies count per shopper (§9).
  const bool ropo = researched_online_ && spec.kind == ChannelKind::kPhysical;
  const bool showroomed = researched_in_store_ && spec.kind != ChannelKind::kPhysical;
  if (ropo) {
    tally_[Count::kRopoOrders] += 1;
    customer_.shopping_paths |= kWebroomed;
  }
  if (showroomed) customer_.shopping_paths |= kShowroomed;
  if (failed_visit_) tally_[Count::kOrdersAfterFailedVisit] += 1;
  if (trace_) {
    trace_.note(day_) << "bought at " << spec.name << ": " << value << " EUR (order " << base_value
                      << " x basket " << spec.basket_factor << " x personalisation " << uplift
                      << ")" << (ropo ? ", ROPO" : "") << '\n';
  }
  fulfil(channel, value, basket);
  serve(channel, value);
}

void Journey::fulfil(int channel, double value, RandomStream& basket) {
  const ChannelModel& spec = model_.channels[channel];
  const ClickAndCollectModel& bridge = model_.bridges.click_and_collect;
  const int pickup = bridge.pickup_channel;
  double fulfilment_cost = spec.fulfilment_cost_eur;
  bool collected = false;
  if (strategy_.click_and_collect && has_channel(bridge.order_channels, channel) &&
      has_channel(reachable_, pickup)) {
    RandomStream stream(family_, customer_.id, Purpose::kFulfilment, occasion_);
    const double collect = std::exp(bridge.preference) * customer_.affinity_weight[pickup];
    const double home = customer_.affinity_weight[channel];
    if (stream.bernoulli(collect / (collect + home))) {
      tally_[Count::kClickCollectOrders] += 1;
      fulfilment_cost = bridge.fulfilment_cost_eur;
      collected = true;
      touch(pickup, ChannelCount::kPickups, model_.channels[pickup].visit_cost_eur);
      if (trace_)
        trace_.note(day_) << "click & collect: picked up at " << model_.channels[pickup].name
                          << '\n';
      if (basket.bernoulli(bridge.addon_probability)) {
        const double addon = bridge.addon_basket_share * value;
        tally_[Count::kAddons] += 1;
        earn(pickup, addon);
        record({EventType::kAddon, EventStage::kDecision, pickup, addon});
        if (trace_) trace_.note(day_) << "add-on purchase at pickup: " << addon << " EUR\n";
      }
    }
  }
  spend(fulfilment_cost);
  tally_[Sum::kFulfilmentCost] += fulfilment_cost;
  record({EventType::kFulfilment, EventStage::kDecision, channel, 0.0, fulfilment_cost, 0,
          static_cast<std::uint8_t>(collected ? 1 : 0)});
}

}  // namespace detail

JourneyOutcome run_journey(const RunContext& context, CustomerState& customer,
                           const JourneyStart& start, const Period& period, PeriodOutput& output,
                           Tracer& trace) {
  return detail::Journey(context, customer, start, period, output, trace).run();
}

}  // namespace omnisim
