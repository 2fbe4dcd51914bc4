#pragma once
// One purchase occasion's working state, shared by the two files that
// implement its stages: journey.cpp (awareness, consideration, decision,
// basket, fulfilment) and journey_aftersale.cpp (service, returns,
// satisfaction, word of mouth, NPS). Internal to sim/engine; the interface
// is run_journey() in journey.hpp.

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine/competition.hpp"
#include "sim/engine/discounting.hpp"
#include "sim/engine/event_record.hpp"
#include "sim/engine/journey.hpp"

namespace omnisim::detail {

class Journey {
 public:
  Journey(const RunContext& context, CustomerState& customer, const JourneyStart& start,
          const Period& period, PeriodOutput& output, Tracer& trace)
      : context_(context),
        model_(context.model),
        mechanisms_(context.model.mechanisms),
        strategy_(context.strategy),
        conditions_(period.now()),
        family_(context.family),
        customer_(customer),
        day_(start.day),
        occasion_(start.occasion),
        triggered_(start.triggered),
        year_(context.model.time.year_of(start.day)),
        discount_(customer.discount_at_clock),  // a journey starts at the clock
        tally_(output.tally),
        referrals_(output.referrals),
        output_(output),
        trace_(trace),
        reachable_(customer.reachable(context.strategy, context.model.app_channels)) {
    favourite_weight_.fill(-1.0);
  }

  JourneyOutcome run() {
    tally_[Count::kNeeds] += 1;
    tally_[Count::kEvents] += 1;
    journey_id_ = customer_.events;  // the need's own event id names the journey
    record({EventType::kNeed, EventStage::kAwareness, -1, 0.0, 0.0, 0,
            static_cast<std::uint8_t>(triggered_ ? 1 : 0)});
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
    return {ordered_, switched_};
  }

 private:
  // ------------------------------------------------------------ stages
  bool consider();
  void decide();
  // After a visit that did not buy or a stock-out: whether the customer
  // keeps searching (another channel or the competitor) or drops the need.
  bool search_goes_on(RandomStream& stream);
  void buy(int channel, double knowledge);
  void fulfil(int channel, double value, RandomStream& basket);
  void serve(int order_channel, double value);
  void refund(int order_channel, int returned_at, double value);
  void finish();
  // Word of mouth (docs/model.md §8): a journey that leaves the customer a
  // promoter (likelihood to recommend 9 or 10) may bring a referral, who
  // joins in the next period.
  void refer();

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
      record({EventType::kContextLoss, EventStage::kNone, to, 0.0, cost});
    } else {
      record({EventType::kContextLoss, EventStage::kNone, to});
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

  // `learns`: whether the channel's record counts the interaction (§4).
  void touch(int channel, ChannelCount kind, double cost_eur, bool learns = true) {
    const ChannelModel& spec = model_.channels[channel];
    // Service contacts are recorded by serve(), which knows whether they resolved.
    if (kind == ChannelCount::kConsiderationVisits) {
      record({EventType::kTouchpoint, EventStage::kConsideration, channel, 0.0, cost_eur});
    } else if (kind == ChannelCount::kDecisionVisits) {
      record({EventType::kTouchpoint, EventStage::kDecision, channel, 0.0, cost_eur});
    } else if (kind == ChannelCount::kPickups) {
      record({EventType::kPickup, EventStage::kDecision, channel, 0.0, cost_eur});
    }
    tally_[Count::kEvents] += 1;
    tally_.at(channel, kind) += 1;
    tally_.add_contact(channel, cost_eur, year_);
    spend(cost_eur);
    // Queueing at a congested channel adds to the effort (docs/model.md §8),
    // and so does a channel the customer likes less than its favourite for
    // the stage (§3.6).
    const double waiting = conditions_.waiting_effort[channel];
    effort_ += spec.effort + waiting + misfit_effort(channel, kind);
    tally_[Sum::kWaitingEffort] += waiting;
    // Channels "used" are shopping channels (research, purchase, pickup), as
    // in the shopper studies of docs/model.md §10; service contacts are not.
    if (kind != ChannelCount::kServiceContacts) customer_.used |= channel_bit(channel);
    if (learns) customer_.records[channel] = saturating_increment(customer_.records[channel]);
  }

  double misfit_effort(int channel, ChannelCount kind) {
    const double per_point = mechanisms_.satisfaction.misfit_effort;
    if (per_point <= 0.0) return 0.0;
    const Stage stage = kind == ChannelCount::kConsiderationVisits ? kConsideration
                        : kind == ChannelCount::kServiceContacts   ? kService
                                                                   : kDecision;
    double& favourite = favourite_weight_[stage];
    if (favourite < 0.0) favourite = favourite_affinity_weight(model_, customer_, stage);
    const double ratio = favourite / static_cast<double>(customer_.affinity_weight[channel]);
    return ratio > 1.0 ? per_point * std::log(ratio) : 0.0;
  }

  void earn(int channel, double revenue_eur) {
    const double margin = model_.money.margin_rate * revenue_eur;
    tally_.add_revenue(channel, revenue_eur, year_);
    tally_[Sum::kMargin] += margin;
    customer_.revenue_eur = static_cast<float>(customer_.revenue_eur + revenue_eur);
    customer_.clv_eur += discount_ * margin;
    customer_.contribution_eur = static_cast<float>(customer_.contribution_eur + margin);
  }

  void spend(double cost_eur) {
    customer_.clv_eur -= discount_ * cost_eur;
    customer_.contribution_eur = static_cast<float>(customer_.contribution_eur - cost_eur);
  }

  // An event of this journey (sim/engine/event.hpp), if the run records them.
  void record(EventFields fields) {
    fields.journey = journey_id_;
    record_event(output_, customer_, day_, fields);
  }

  // Only for fixed texts: a message built with `+` would allocate even when
  // nobody traces.
  void trace_line(const char* text) {
    if (trace_) trace_.note(day_) << text << '\n';
  }
  const std::string& name(int channel) const { return model_.channels[channel].name; }

  const RunContext& context_;
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
  PeriodOutput& output_;
  Tracer& trace_;
  const ChannelMask reachable_;

  bool touch_need_ = false;
  bool researched_online_ = false;
  bool researched_in_store_ = false;
  bool failed_visit_ = false;  // a decision visit did not buy, and the search went on
  bool switched_ = false;      // bought elsewhere, and stays with the competitor
  // Where the journey's first stock-out was (lost sales after a stock-out, §9).
  enum StockoutAt : std::uint8_t { kNoStockout, kStoreStockout, kOtherStockout };
  StockoutAt stockout_at_ = kNoStockout;
  bool ordered_ = false;
  bool unresolved_ = false;
  int context_channel_ = -1;
  // exp(favourite affinity) per stage, for the misfit effort; computed at
  // the stage's first touchpoint (-1 before).
  std::array<double, kStageCount> favourite_weight_{};
  std::uint32_t journey_id_ = kNoJourney;
  double effort_ = 0.0;
};

}  // namespace omnisim::detail
