#include "sim/engine/journey.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "sim/engine/discounting.hpp"

namespace omnisim {
namespace {

class Journey {
 public:
  Journey(const RunContext& context, CustomerState& customer, const JourneyStart& start,
          const Period& period, PeriodOutput& output, Tracer& trace)
      : model_(context.model),
        mechanisms_(context.model.mechanisms),
        strategy_(context.strategy),
        conditions_(period.now()),
        family_(context.family),
        customer_(customer),
        day_(start.day),
        occasion_(start.occasion),
        triggered_(start.triggered),
        year_(context.model.time.year_of(start.day)),
        discount_(discount_factor(context.model, start.day - customer.acquisition_day)),
        tally_(output.tally),
        referrals_(output.referrals),
        trace_(trace),
        reachable_(customer.reachable(context.strategy, context.model.app_channels)) {}

  JourneyOutcome run() {
    tally_[Count::kNeeds] += 1;
    tally_[Count::kEvents] += 1;
    RandomStream awareness(family_, customer_.id, Purpose::kAwareness, occasion_);
    touch_need_ = awareness.bernoulli(model_.segments[customer_.segment].touch_need);
    if (trace_) {
      auto& line = trace_.note(day_);
      if (triggered_) {
        line << "need triggered by the marketing contact";
      } else {
        line << "need #" << occasion_ + 1;
      }
      line << (touch_need_ ? " (wants to see the product)" : "") << '\n';
    }
    if (consider()) decide();
    finish();
    return {ordered_};
  }

 private:
  // ------------------------------------------------------------ stages
  bool consider() {
    RandomStream stream(family_, customer_.id, Purpose::kConsideration, occasion_);
    const int touchpoints =
        std::min<int>(stream.geometric_at_least_one(model_.journey.consideration_touchpoints_mean),
                      model_.journey.max_touchpoints);
    Weights weights = stage_weights(kConsideration, 0, false);
    if (weights.total <= 0.0) return true;  // nowhere to research: straight to the decision
    for (int i = 0; i < touchpoints; ++i) {
      const int channel = stream.categorical(weights.of, weights.total);
      if (trace_) {
        trace_.note(day_) << "consideration " << i + 1 << '/' << touchpoints << ": "
                          << name(channel) << " (p=" << weights.share(channel) << ")\n";
      }
      if (!switch_context(channel, stream)) return false;
      touch(channel, ChannelCount::kConsiderationVisits, model_.channels[channel].visit_cost_eur);
      if (model_.channels[channel].kind == ChannelKind::kDigital) researched_online_ = true;
    }
    return true;
  }

  void decide() {
    tally_[Count::kDecisionJourneys] += 1;
    RandomStream stream(family_, customer_.id, Purpose::kDecision, occasion_);
    ChannelMask excluded = 0;
    const bool funnel = mechanisms_.funnel.on;
    for (int attempt = 0; attempt <= model_.n_channels; ++attempt) {
      Weights weights = stage_weights(kDecision, excluded, touch_need_);
      const double outside = funnel ? customer_.outside_weight : 0.0;
      if (weights.total <= 0.0 && outside <= 0.0) {
        trace_line("decision: no open channel can sell; need lost");
        tally_[Count::kOutsideChoices] += 1;
        return;
      }
      weights.of[kMaxChannels] = outside;
      const int choice = stream.categorical(weights.of, weights.total + outside);
      if (choice == static_cast<int>(kMaxChannels)) {
        if (trace_) {
          trace_.note(day_) << "decision: bought elsewhere or gave up (outside option, p="
                            << outside / (weights.total + outside) << ")\n";
        }
        tally_[Count::kOutsideChoices] += 1;
        return;
      }
      const int channel = choice;
      const ChannelModel& spec = model_.channels[channel];
      if (trace_) {
        trace_.note(day_) << "decision: " << spec.name
                          << " (p=" << weights.of[channel] / (weights.total + outside) << ")\n";
      }
      const double stockout = spec.stockout_probability * strategy_.stockout_factor[channel];
      if (mechanisms_.stockouts.on && stream.bernoulli(stockout)) {
        tally_[Count::kStockouts] += 1;
        // ROPO shoppers check the store's stock online before the trip, which
        // needs the shared stock view to include the store (docs/model.md §5).
        const bool stock_visible =
            spec.kind != ChannelKind::kPhysical ||
            (strategy_.ropo && channel == model_.bridges.ropo.store_channel &&
             strategy_.ship_from_store &&
             has_channel(model_.bridges.ship_from_store.channels, channel));
        if (!stock_visible) {
          tally_[Count::kWastedTrips] += 1;
          effort_ += mechanisms_.stockouts.wasted_trip_effort;
          if (!switch_context(channel, stream)) return;
          touch(channel, ChannelCount::kDecisionVisits, spec.visit_cost_eur);
          if (trace_)
            trace_.note(day_) << "out of stock at " << spec.name
                              << ": wasted trip (no stock view)\n";
        } else {
          if (trace_)
            trace_.note(day_) << "out of stock at " << spec.name
                              << ", seen before going: choosing again\n";
        }
        excluded |= channel_bit(channel);
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
        return;
      }
      buy(channel, knowledge);
      return;
    }
  }

  void buy(int channel, double knowledge) {
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
    const bool ropo = researched_online_ && spec.kind == ChannelKind::kPhysical;
    if (ropo) tally_[Count::kRopoOrders] += 1;
    if (trace_) {
      trace_.note(day_) << "bought at " << spec.name << ": " << value << " EUR (order "
                        << base_value << " x basket " << spec.basket_factor << " x personalisation "
                        << uplift << ")" << (ropo ? ", ROPO" : "") << '\n';
    }
    fulfil(channel, value, basket);
    serve(channel, value);
  }

  void fulfil(int channel, double value, RandomStream& basket) {
    const ChannelModel& spec = model_.channels[channel];
    const ClickAndCollectModel& bridge = model_.bridges.click_and_collect;
    const int pickup = bridge.pickup_channel;
    double fulfilment_cost = spec.fulfilment_cost_eur;
    if (strategy_.click_and_collect && has_channel(bridge.order_channels, channel) &&
        has_channel(reachable_, pickup)) {
      RandomStream stream(family_, customer_.id, Purpose::kFulfilment, occasion_);
      const double collect = std::exp(bridge.preference) * customer_.affinity_weight[pickup];
      const double home = customer_.affinity_weight[channel];
      if (stream.bernoulli(collect / (collect + home))) {
        tally_[Count::kClickCollectOrders] += 1;
        fulfilment_cost = bridge.fulfilment_cost_eur;
        touch(pickup, ChannelCount::kPickups, model_.channels[pickup].visit_cost_eur);
        if (trace_)
          trace_.note(day_) << "click & collect: picked up at " << model_.channels[pickup].name
                            << '\n';
        if (basket.bernoulli(bridge.addon_probability)) {
          const double addon = bridge.addon_basket_share * value;
          tally_[Count::kAddons] += 1;
          earn(pickup, addon);
          if (trace_) trace_.note(day_) << "add-on purchase at pickup: " << addon << " EUR\n";
        }
      }
    }
    spend(fulfilment_cost);
    tally_[Sum::kFulfilmentCost] += fulfilment_cost;
  }

  void serve(int order_channel, double value) {
    if (!mechanisms_.service.on) return;
    const ChannelModel& bought_at = model_.channels[order_channel];
    RandomStream stream(family_, customer_.id, Purpose::kService, occasion_);
    if (!stream.bernoulli(bought_at.service_probability)) return;
    const bool is_return = stream.bernoulli(bought_at.return_share);
    tally_[Count::kServiceIssues] += 1;
    trace_line(is_return ? "service: wants to return the order" : "service: question or issue");

    Weights weights = stage_weights(kService, 0, false);
    const auto& fcr = mechanisms_.first_contact_resolution;
    const ReturnAnywhereModel& return_anywhere = model_.bridges.return_anywhere;
    const bool bought_online = has_channel(return_anywhere.online_channels, order_channel);
    bool resolved = false;
    int resolved_at = -1;
    int previous = -1;
    if (weights.total > 0.0) {
      for (int contact = 0; contact < mechanisms_.service.max_contacts; ++contact) {
        const int channel = stream.categorical(weights.of, weights.total);
        if (previous >= 0) switch_context_without_leak(previous, channel);
        previous = channel;
        touch(channel, ChannelCount::kServiceContacts, model_.channels[channel].service_cost_eur);
        tally_.at(channel, ChannelSum::kServiceCost) += model_.channels[channel].service_cost_eur;
        tally_[Count::kServiceContacts] += 1;
        const bool sees_purchase = channel == order_channel ||
                                   (linked(channel) && linked(order_channel)) ||
                                   (is_return && strategy_.return_anywhere && bought_online &&
                                    channel == return_anywhere.store_channel);
        // With the mechanism off, both chances are resolution_seen.
        const double resolution = sees_purchase ? fcr.resolution_seen : fcr.resolution_unseen;
        if (contact == 0) tally_[Count::kFirstContacts] += 1;
        resolved = stream.bernoulli(resolution);
        if (trace_) {
          trace_.note(day_) << "service contact " << contact + 1 << " at "
                            << model_.channels[channel].name
                            << (sees_purchase ? " (sees the purchase)"
                                              : " (cannot see the purchase)")
                            << (resolved ? ": resolved" : ": not resolved") << " (p=" << resolution
                            << ")\n";
        }
        if (resolved) {
          if (contact == 0) tally_[Count::kFirstContactsResolved] += 1;
          resolved_at = channel;
          break;
        }
        if (stream.bernoulli(mechanisms_.service.give_up_probability)) {
          trace_line("gave up on the issue");
          break;
        }
      }
    }
    if (!resolved) {
      tally_[Count::kUnresolvedIssues] += 1;
      unresolved_ = true;
      return;
    }
    if (is_return) refund(order_channel, resolved_at, value);
  }

  void refund(int order_channel, int returned_at, double value) {
    tally_[Count::kReturns] += 1;
    tally_[Sum::kRefunds] += value;
    earn(order_channel, -value);
    const ReturnAnywhereModel& return_anywhere = model_.bridges.return_anywhere;
    const bool in_store = returned_at == return_anywhere.store_channel &&
                          strategy_.return_anywhere &&
                          has_channel(return_anywhere.online_channels, order_channel);
    const double cost = in_store ? model_.channels[returned_at].return_cost_eur
                                 : model_.channels[order_channel].return_cost_eur;
    spend(cost);
    tally_[Sum::kReturnCost] += cost;
    if (trace_) {
      trace_.note(day_) << "returned " << value << " EUR" << (in_store ? " in store" : "")
                        << ", return cost " << cost << " EUR\n";
    }
  }

  void finish() {
    const auto& satisfaction = mechanisms_.satisfaction;
    double experience = 10.0 - satisfaction.effort_weight * effort_;
    if (!ordered_) experience -= satisfaction.failed_purchase_penalty;
    if (unresolved_) experience -= satisfaction.unresolved_penalty;
    experience = std::clamp(experience, 0.0, 10.0);
    const double before = customer_.satisfaction;
    customer_.satisfaction =
        static_cast<float>(before + satisfaction.learning_rate * (experience - before));
    update_hazard_factor(model_, customer_);
    tally_[Sum::kEffort] += effort_;
    if (trace_) {
      trace_.note(day_) << "effort " << effort_ << ", experience " << experience
                        << ", satisfaction " << before << " -> " << customer_.satisfaction
                        << ", dropout hazard x" << customer_.hazard_factor << '\n';
    }

    refer();
    const SurveyModel& survey = model_.survey;
    RandomStream stream(family_, customer_.id, Purpose::kSurvey, occasion_);
    if (stream.bernoulli(survey.response_probability)) {
      const double answer = std::clamp(
          std::round(customer_.satisfaction + survey.noise_sd * stream.normal()), 0.0, 10.0);
      tally_[Count::kNpsResponses] += 1;
      if (answer >= 9.0) tally_[Count::kPromoters] += 1;
      if (answer <= 6.0) tally_[Count::kDetractors] += 1;
      if (trace_) trace_.note(day_) << "NPS answer " << static_cast<int>(answer) << '\n';
    }
  }

  // Word of mouth (docs/model.md §8): a journey that leaves the customer a
  // promoter (likelihood to recommend 9 or 10) may bring a referral, who
  // joins in the next period.
  void refer() {
    const auto& word_of_mouth = mechanisms_.word_of_mouth;
    if (!word_of_mouth.on) return;
    RandomStream stream(family_, customer_.id, Purpose::kWordOfMouth, occasion_);
    const double recommend = customer_.satisfaction + model_.survey.noise_sd * stream.normal();
    if (recommend < 8.5 || !stream.bernoulli(word_of_mouth.referral_probability)) return;
    referrals_.push_back({customer_.id, customer_.referrals});
    customer_.referrals = saturating_increment(customer_.referrals);
    tally_[Count::kReferrals] += 1;
    if (trace_) {
      trace_.note(day_) << "referred a friend (referral " << referrals_.back().index + 1
                        << "), who joins next period\n";
    }
  }

  // ------------------------------------------------------------ helpers
  struct Weights {
    std::array<double, kMaxChannels + 1> of{};  // last slot: outside option
    double total = 0.0;
    double share(int channel) const { return of[channel] / total; }
  };

  // Multinomial logit weights exp(U) over reachable channels serving `stage`:
  // affinity x stage fit and effort x habit (x touch bonus for physical channels).
  Weights stage_weights(Stage stage, ChannelMask excluded, bool touch_need) const {
    Weights weights;
    const auto& base = strategy_.stage_weight[stage];
    const ChannelMask candidates = static_cast<ChannelMask>(reachable_ & ~excluded);
    for (int c = 0; c < model_.n_channels; ++c) {
      if (!has_channel(candidates, c) || base[c] <= 0.0) continue;
      double weight = base[c] * customer_.affinity_weight[c] * conditions_.waiting_factor[c];
      if (c == customer_.last_order_channel) weight *= mechanisms_.habit.factor;
      if (touch_need && has_channel(model_.physical_channels, c))
        weight *= model_.journey.touch_factor;
      weights.of[c] = weight;
      weights.total += weight;
    }
    return weights;
  }

  bool linked(int channel) const { return has_channel(customer_.linked, channel); }

  bool context_kept(int from, int to) const {
    return from == to || !mechanisms_.context_carryover.on || (linked(from) && linked(to)) ||
           has_channel(strategy_.context_bridge[from], to);
  }

  // A touchpoint in `channel` after one in `context_channel_`: if the context
  // is lost the customer repeats information, and may give up. Returns false
  // when the journey ends here.
  bool switch_context(int channel, RandomStream& stream) {
    if (context_channel_ < 0 || context_kept(context_channel_, channel)) {
      context_channel_ = channel;
      return true;
    }
    lose_context(context_channel_, channel);
    context_channel_ = channel;
    if (stream.bernoulli(mechanisms_.context_carryover.leak_probability)) {
      tally_[Count::kContextLeaks] += 1;
      trace_line("gave up after repeating information");
      return false;
    }
    return true;
  }

  void switch_context_without_leak(int from, int to) {
    if (!context_kept(from, to)) lose_context(from, to);
  }

  void lose_context(int from, int to) {
    const auto& carryover = mechanisms_.context_carryover;
    const ChannelModel& spec = model_.channels[to];
    tally_[Count::kContextLosses] += 1;
    effort_ += carryover.repeat_effort;
    if (spec.kind != ChannelKind::kDigital) {
      const double cost = carryover.repeat_cost_share * spec.visit_cost_eur;
      spend(cost);
      tally_.add_contact_cost(to, cost, year_);
    }
    if (trace_) {
      trace_.note(day_) << "context lost from " << model_.channels[from].name << " to " << spec.name
                        << " (records not linked, no bridge): repeats information\n";
    }
  }

  // What `channel` knows: its own record, plus every linked record if it is linked.
  double knowledge_of(int channel) const {
    if (!mechanisms_.personalisation.on) return 0.0;
    double seen = customer_.records[channel];
    if (linked(channel)) {
      seen = 0.0;
      for (int c = 0; c < model_.n_channels; ++c) {
        if (linked(c)) seen += customer_.records[c];
      }
    }
    return std::min(1.0, seen / mechanisms_.personalisation.saturation_interactions);
  }

  void touch(int channel, ChannelCount kind, double cost_eur) {
    const ChannelModel& spec = model_.channels[channel];
    tally_[Count::kEvents] += 1;
    tally_.at(channel, kind) += 1;
    tally_.add_contact(channel, cost_eur, year_);
    spend(cost_eur);
    // Queueing at a congested channel adds to the effort (docs/model.md §8).
    const double waiting = conditions_.waiting_effort[channel];
    effort_ += spec.effort + waiting;
    tally_[Sum::kWaitingEffort] += waiting;
    // Channels "used" are shopping channels (research, purchase, pickup), as
    // in the shopper studies of docs/model.md §10; service contacts are not.
    if (kind != ChannelCount::kServiceContacts) customer_.used |= channel_bit(channel);
    customer_.records[channel] = saturating_increment(customer_.records[channel]);
  }

  void earn(int channel, double revenue_eur) {
    const double margin = model_.money.margin_rate * revenue_eur;
    tally_.add_revenue(channel, revenue_eur, year_);
    tally_[Sum::kMargin] += margin;
    customer_.revenue_eur += revenue_eur;
    customer_.clv_eur += discount_ * margin;
  }

  void spend(double cost_eur) { customer_.clv_eur -= discount_ * cost_eur; }

  // Only for fixed texts: a message built with `+` would allocate even when
  // nobody traces.
  void trace_line(const char* text) {
    if (trace_) trace_.note(day_) << text << '\n';
  }
  const std::string& name(int channel) const { return model_.channels[channel].name; }

  const Model& model_;
  const MechanismModel& mechanisms_;
  const StrategyModel& strategy_;
  const PeriodConditions& conditions_;
  const StreamFamily& family_;
  CustomerState& customer_;
  const double day_;
  const std::uint64_t occasion_;
  const bool triggered_;
  const int year_;
  const double discount_;
  Tally& tally_;
  std::vector<Referral>& referrals_;
  Tracer& trace_;
  const ChannelMask reachable_;

  bool touch_need_ = false;
  bool researched_online_ = false;
  bool ordered_ = false;
  bool unresolved_ = false;
  int context_channel_ = -1;
  double effort_ = 0.0;
};

}  // namespace

JourneyOutcome run_journey(const RunContext& context, CustomerState& customer,
                           const JourneyStart& start, const Period& period, PeriodOutput& output,
                           Tracer& trace) {
  return Journey(context, customer, start, period, output, trace).run();
}

}  // namespace omnisim
