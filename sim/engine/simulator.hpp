#pragma once
// Advances one customer through one period under one strategy: the event
// loop over needs and journeys (docs/model.md §3), marketing contacts (§6),
// app adoption (§8) and dropout (§2, §3.5), and the closing of a customer's
// life. Reads only the frozen model and the period's conditions; writes only
// the customer's state and the caller's block output, so customers can run
// on any thread in any order.

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "sim/engine/context.hpp"
#include "sim/engine/customer.hpp"
#include "sim/engine/journey.hpp"
#include "sim/engine/period.hpp"
#include "sim/engine/trace.hpp"
#include "sim/kpi/customer_life.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

// When a customer next needs the engine: its acquisition, its next event, or
// never (+inf) once gone. `alive` is true between acquisition and dropout.
// Four bytes a customer: the day is a float rounded down, so a period never
// skips a customer whose event falls inside it, and its two lowest bits
// hold the flags -- rounding it down by under four float steps in all (42 s
// at day 1,095), which only wakes a customer a moment early. Days are never
// negative.
class Wake {
 public:
  Wake() = default;
  static Wake at(double day, bool alive, bool has_app) {
    std::uint32_t bits = std::bit_cast<std::uint32_t>(INFINITY);
    if (day <= std::numeric_limits<float>::max()) {
      const auto rounded = static_cast<float>(day);
      bits = std::bit_cast<std::uint32_t>(rounded);
      if (static_cast<double>(rounded) > day) bits -= 1;  // the next float down: days are >= 0
      bits &= ~kFlags;
    }
    return Wake((alive ? kAlive : 0U) | (has_app ? kHasApp : 0U) | bits);
  }
  float day() const { return std::bit_cast<float>(bits_ & ~kFlags); }
  bool alive() const { return (bits_ & kAlive) != 0; }
  bool has_app() const { return (bits_ & kHasApp) != 0; }

 private:
  static constexpr std::uint32_t kAlive = 1, kHasApp = 2, kFlags = kAlive | kHasApp;
  explicit Wake(std::uint32_t bits) : bits_(bits) {}
  std::uint32_t bits_ = 0;
};

class CustomerSimulator {
 public:
  CustomerSimulator(const Model& model, int strategy, const StreamFamily& family);

  // What the strategy offers, applied to a newly drawn customer's traits:
  // without an app channel nobody has the app (docs/model.md §0).
  void admit(CustomerState& customer) const;
  // Runs every event of the customer before period.end_day, and closes it at
  // the horizon in the last period. After the horizon, it only lives on:
  // nothing it does closes it again.
  void advance(CustomerState& customer, const Period& period, PeriodOutput& output,
               Tracer trace) const;
  // Once the years after the horizon are simulated up to `end_day`: moves
  // the clock of a customer still alive there, and tallies every acquired
  // customer's lifetime value (docs/model.md §7).
  void settle(CustomerState& customer, double end_day, Tally& tally, Tracer trace) const;
  // What an alive customer without any event in the period adds to it.
  void idle(const Wake& wake, const Period& period, Tally& tally) const;
  Wake wake(const CustomerState& customer) const;
  // Lifetime CLV (docs/model.md §7): the customer's value to its clock
  // (the horizon, or as far as the years after it were simulated) plus,
  // while alive there, the expected value after it in closed form.
  LifetimeValue lifetime_value(const CustomerState& customer) const;

 private:
  struct NextEvent {
    enum Kind { kNeed, kMarketing, kAdoption, kDropout, kRetentionTest };
    double day;
    Kind kind;
  };
  NextEvent next_event(const CustomerState& customer) const;
  double hazard_per_day(const CustomerState& customer) const;

  // Moves the clock to `day`: spends hazard budget and accrues fixed cost.
  void advance_clock(CustomerState& customer, double day) const;
  void need(CustomerState& customer, double day, const Period& period, PeriodOutput& output,
            Tracer& trace) const;
  void marketing_contact(CustomerState& customer, double day, const Period& period,
                         PeriodOutput& output, Tracer& trace) const;
  // Dropout after a purchase (BG/NBD); false if the customer left.
  bool after_journey(CustomerState& customer, const JourneyOutcome& outcome, double day,
                     PeriodOutput& output, Tracer& trace) const;
  void retention_test(CustomerState& customer, double day, PeriodOutput& output,
                      Tracer& trace) const;
  void drop_out(CustomerState& customer, double day, PeriodOutput& output, Tracer& trace,
                const char* reason) const;
  void close(CustomerState& customer, PeriodOutput& output, Tracer& trace) const;

  RunContext context_;
  double horizon_days_;
};

}  // namespace omnisim
