#pragma once
// Marketing contacts (docs/model.md §6): campaigns reach a customer through
// the channels that can (open, subscribed, the app for push), at each
// channel's own rate under silos or at one capped rate under a unified
// policy. A contact costs, tires the customer (recent contacts decay with a
// half-life), annoys and may unsubscribe beyond a tolerance, and may trigger
// a need.

#include <array>
#include <cstdint>

#include "sim/core/limits.hpp"
#include "sim/engine/context.hpp"
#include "sim/engine/customer.hpp"
#include "sim/engine/period.hpp"
#include "sim/engine/trace.hpp"
#include "sim/kpi/tally.hpp"

namespace omnisim {

// The total rate per day at which the marketing channels that can reach the
// customer now send to it (0: none can).
double marketing_rate_per_day(const RunContext& context, const CustomerState& customer);

// Sets the next contact day from `from_day` with an Exp(1) draw, at the rate
// the customer can be reached at now (never if nobody can reach it).
void schedule_marketing(const RunContext& context, CustomerState& customer, double from_day,
                        double unit_exponential);

// After the senders changed (the app adopted), moves the pending contact to
// the new rate without a new draw when one was pending.
void reschedule_marketing(const RunContext& context, CustomerState& customer, double now_day,
                          double old_rate_per_day);

struct MarketingContact {
  std::uint64_t index;  // the customer's contact count before this one
  bool triggered;       // the contact triggered a need
  double next_gap;      // Exp(1) draw for the gap to the next contact
};

// Sends the contact due at `day`: cost, fatigue, annoyance, unsubscribe, and
// whether it triggers a need (the caller runs that journey).
MarketingContact send_marketing_contact(const RunContext& context, CustomerState& customer,
                                        double day, PeriodOutput& output, Tracer& trace);

}  // namespace omnisim
