#include "sim/engine/event_clock.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/random.hpp"

namespace omnisim {
namespace {

constexpr double kSecondDays = 1.0 / 86400.0;
// The log-normal gaps: sigma 1 (a median m has 90 % of its gaps in m/5..5m),
// truncated at 3 sigma, so a journey has a bounded length.
constexpr double kGapSpread = 1.0, kGapTruncation = 3.0;
// A busy week is a calendar week: a gap of b busy days spans at most b + 7
// calendar days; a start is at most 7 busy days late.
constexpr double kStartShiftBusyDays = 7.0, kCalendarSlackDays = 7.0;

// What an event follows in its journey, and how long after it (in the busy
// time of which kind).
struct Step {
  double median_days;
  ChannelKind kind;
};

ChannelKind kind_of(const Model& model, const Event& event) {
  return event.channel == kNoEventChannel ? ChannelKind::kDigital
                                          : model.channels[event.channel].kind;
}

// Events that continue the customer's previous event rather than start at
// the engine's instant: a journey's later events, a need that a marketing
// contact triggered, an unsubscribe from the contact just read.
bool follows(const Event& event, const Event& previous) {
  if (previous.customer_id != event.customer_id) return false;
  if (event.type == EventType::kUnsubscribe) return true;
  if (event.type == EventType::kNeed) return event.detail == 1;  // triggered by the contact
  return event.journey != kNoJourney && event.journey == previous.journey;
}

Step step_of(const Model& model, const Event& event) {
  const EventTimesModel& times = model.event_times;
  const ChannelKind kind = kind_of(model, event);
  switch (event.type) {
    case EventType::kNeed:  // read the contact, then felt the need
      return {times.research_gap_days, ChannelKind::kDigital};
    case EventType::kUnsubscribe:
      return {2.0 / 1440.0, ChannelKind::kDigital};
    case EventType::kContextLoss:  // the moment of the switch
      return {30.0 * kSecondDays, kind};
    case EventType::kPurchase:
    case EventType::kAddon:
      return {times.checkout_days, kind};
    case EventType::kPickup:
      return {times.pickup_days, ChannelKind::kPhysical};
    case EventType::kFulfilment:
      // Handed over at the till or the pickup; otherwise delivered in
      // business hours.
      if (event.detail == 1 || kind == ChannelKind::kPhysical) return {60.0 * kSecondDays, kind};
      return {times.delivery_days, ChannelKind::kAssisted};
    case EventType::kServiceContact:
    case EventType::kReturn:
      return {times.aftersale_days, kind};
    case EventType::kReferral:
      return {times.aftersale_days, ChannelKind::kDigital};
    default:  // a visit: research between visits
      return {times.research_gap_days, kind};
  }
}

}  // namespace

double EventClock::day_of(const Event& event, const Event* previous, double previous_day,
                          int replication) const {
  RandomStream random({model_.simulation.seed, static_cast<std::uint64_t>(replication)},
                      event.customer_id, Purpose::kEventTime, event.sequence);
  if (previous != nullptr && follows(event, *previous)) {
    const Step step = step_of(model_, event);
    const WeeklyProfile& busy = model_.event_times.of(step.kind);
    const double z = std::clamp(random.normal(), -kGapTruncation, kGapTruncation);
    const double gap_days = std::max(kSecondDays, step.median_days * std::exp(kGapSpread * z));
    // Strictly later: a gap of at least a second, even on a closed hour.
    return std::max(busy.day_at(busy.busy_at(previous_day) + gap_days), previous_day + kSecondDays);
  }
  // At the engine's instant or up to a week of busy time later: uniform in
  // busy time over a whole week, so the kind's weekly profile holds exactly
  // whatever the engine's instants.
  const WeeklyProfile& busy = model_.event_times.of(kind_of(model_, event));
  return busy.day_at(busy.busy_at(event.day) + kStartShiftBusyDays * random.uniform());
}

double EventClock::max_delay_days(const Model& model) {
  const EventTimesModel& times = model.event_times;
  const double cap = std::exp(kGapSpread * kGapTruncation);
  // The longest chain: a contact, the need it triggers, every visit with a
  // channel switch before it, the order, the pickup and its add-on, the
  // fulfilment, a service contact, a return and a referral.
  const double visits = model.journey.max_touchpoints + 1.0;
  const double busy_days =
      cap * ((visits + 1.0) * times.research_gap_days + visits * 30.0 * kSecondDays +
             2.0 * times.checkout_days + times.pickup_days + times.delivery_days +
             3.0 * times.aftersale_days + 60.0 * kSecondDays + 2.0 / 1440.0);
  const double steps = 2.0 * visits + 9.0;
  return kStartShiftBusyDays + kCalendarSlackDays * (steps + 1.0) + busy_days;
}

void EventClock::write(int strategy, int replication, std::span<const Event> events) {
  if (strategy != last_strategy_ || replication != last_replication_) {
    has_last_ = false;
    last_strategy_ = strategy;
    last_replication_ = replication;
  }
  stamped_.assign(events.begin(), events.end());
  for (Event& event : stamped_) {
    const double day = day_of(event, has_last_ ? &last_ : nullptr, last_day_, replication);
    last_ = event;
    last_day_ = day;
    has_last_ = true;
    event.day = day;
  }
  next_.write(strategy, replication, stamped_);
}

}  // namespace omnisim
