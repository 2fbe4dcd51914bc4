#include "sim/engine/marketing.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "sim/engine/discounting.hpp"
#include "sim/engine/event_record.hpp"

namespace omnisim {
namespace {

// The strategy's campaign channels that can reach the customer now: push
// only to app owners, none the customer left.
inline ChannelMask reaching(const RunContext& context, const CustomerState& customer) {
  return static_cast<ChannelMask>(context.strategy.campaigns &
                                  (customer.has_app ? ~0U : ~context.model.app_channels) &
                                  ~customer.unsubscribed);
}

// A unified policy sends through the channel the customer prefers: with
// every reaching channel's affinity weight underflowed to 0 it cannot send.
inline bool can_choose(const RunContext& context, const CustomerState& customer,
                       ChannelMask channels) {
  if (context.strategy.contact_policy != ContactPolicy::kUnified) return true;
  for (int c = 0; c < context.model.n_channels; ++c) {
    if (has_channel(channels, c) && customer.affinity_weight[c] > 0.0F) return true;
  }
  return false;
}

// Looked up, not recomputed: it runs at every contact and schedule.
inline double rate_of(const RunContext& context, const CustomerState& customer) {
  const ChannelMask channels = reaching(context, customer);
  const double rate = context.campaign_rate_per_day[channels];
  return rate > 0.0 && can_choose(context, customer, channels) ? rate : 0.0;
}

}  // namespace

double marketing_rate_per_day(const RunContext& context, const CustomerState& customer) {
  return rate_of(context, customer);
}

void schedule_marketing(const RunContext& context, CustomerState& customer, double from_day,
                        double unit_exponential) {
  const double rate = rate_of(context, customer);
  customer.next_marketing_day = rate > 0.0
                                    ? float_day_from(from_day + unit_exponential / rate, from_day)
                                    : std::numeric_limits<float>::infinity();
}

void reschedule_marketing(const RunContext& context, CustomerState& customer, double now_day,
                          double old_rate_per_day) {
  const double rate = rate_of(context, customer);
  if (rate == old_rate_per_day) return;
  if (old_rate_per_day > 0.0 && std::isfinite(customer.next_marketing_day)) {
    // The pending exponential clock, rescaled to the new rate: no new draw.
    const double remaining = (customer.next_marketing_day - now_day) * old_rate_per_day;
    customer.next_marketing_day = rate > 0.0 ? float_day_from(now_day + remaining / rate, now_day)
                                             : std::numeric_limits<float>::infinity();
  } else {
    RandomStream gaps(context.family, customer.id, Purpose::kMarketingGaps,
                      customer.marketing_contacts + 1);
    schedule_marketing(context, customer, now_day, gaps.exponential(1.0));
  }
}

MarketingContact send_marketing_contact(const RunContext& context, CustomerState& customer,
                                        double day, PeriodOutput& output, Tracer& trace) {
  const Model& model = context.model;
  const MarketingModel& marketing = model.mechanisms.marketing;
  Tally& tally = output.tally;
  tally[Count::kEvents] += 1;
  tally[Count::kMarketingContacts] += 1;
  const std::uint64_t contact = customer.marketing_contacts;
  // Four draws in fixed slots -- one Philox block: channel, unsubscribe,
  // trigger and the gap to the next contact.
  RandomStream stream(context.family, customer.id, Purpose::kMarketing, contact);
  const double channel_draw = stream.uniform();
  const double unsubscribe_draw = stream.uniform();
  const double trigger_draw = stream.uniform();
  const double next_gap = stream.exponential(1.0);

  // The sender: silos each in proportion to their own rate, one policy
  // through the channel the customer prefers.
  std::array<double, kMaxChannels> weight{};
  double total_weight = 0.0;
  const ChannelMask channels = reaching(context, customer);
  const bool unified = context.strategy.contact_policy == ContactPolicy::kUnified;
  for (int c = 0; c < model.n_channels; ++c) {
    if (!has_channel(channels, c)) continue;
    weight[c] = unified ? static_cast<double>(customer.affinity_weight[c])
                        : model.channels[c].campaign_rate_per_day;
    total_weight += weight[c];
  }
  const int channel = pick_categorical(weight, total_weight, channel_draw);
  const double cost = model.channels[channel].campaign_cost_eur;
  tally[Sum::kMarketingCost] += cost;
  customer.clv_eur -= customer.discount_at_clock * cost;  // the contact is at the clock
  customer.contribution_eur = static_cast<float>(customer.contribution_eur - cost);

  // Fatigue: recent contacts, decaying with a half-life.
  const double elapsed = day - customer.fatigue_day;
  const double fatigue =
      customer.fatigue * std::exp2(-elapsed / marketing.fatigue_half_life_days) + 1.0;
  customer.fatigue = static_cast<float>(fatigue);
  customer.fatigue_day = static_cast<float>(day);
  const double excess = std::max(0.0, fatigue - marketing.fatigue_tolerance);
  if (excess > 0.0) {
    customer.satisfaction = static_cast<float>(
        std::max(0.0, customer.satisfaction - marketing.annoyance_per_contact * excess));
    update_hazard_factor(model, customer);
  }
  // A constant chance per contact received: list benchmarks find
  // unsubscribes proportional to the sends (docs/model.md §6).
  const bool unsubscribed = unsubscribe_draw <= marketing.unsubscribe_probability;
  if (unsubscribed) {
    customer.unsubscribed |= channel_bit(channel);
    tally[Count::kUnsubscribes] += 1;
  }
  // Diminishing returns: a tired customer is less likely to act on a contact.
  // The decay factor is at most 1, so a draw above the base probability
  // cannot trigger: most contacts skip the exponential.
  const bool triggered = trigger_draw <= marketing.trigger_probability &&
                         trigger_draw <= marketing.trigger_probability *
                                             std::exp(-(fatigue - 1.0) / marketing.fatigue_scale);
  if (trace) {
    trace.note(day) << "marketing contact via " << model.channels[channel].name << " (cost " << cost
                    << " EUR, recent contacts " << fatigue << ")"
                    << (excess > 0.0 ? ", annoyed" : "") << (unsubscribed ? ", unsubscribed" : "")
                    << (triggered ? ", triggered a need" : "") << '\n';
  }
  customer.marketing_contacts += 1;
  if (triggered) tally[Count::kMarketingTriggers] += 1;
  record_event(output, customer, day,
               {EventType::kMarketingContact, EventStage::kAwareness, channel, 0.0, cost,
                kNoJourney, static_cast<std::uint8_t>(triggered ? 1 : 0)});
  if (unsubscribed) {
    record_event(output, customer, day, {EventType::kUnsubscribe, EventStage::kLoyalty, channel});
  }
  return {contact, triggered, next_gap};
}

}  // namespace omnisim
