#pragma once
// One customer's state across periods. Traits are drawn once, from the
// customer's own streams, identically under every strategy (common random
// numbers); the rest is the state a journey reads and updates.

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "sim/core/bfloat16.hpp"
#include "sim/core/limits.hpp"
#include "sim/core/random.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

inline constexpr std::uint8_t kNoChannel = 0xFF;
// CustomerState::shopping_paths: how the customer has bought at least once.
inline constexpr std::uint8_t kWebroomed = 1;   // in store after researching online (ROPO)
inline constexpr std::uint8_t kShowroomed = 2;  // online after researching in store

// The customer as the horizon (or its dropout before it) left it, for the
// customers table: the years simulated after the horizon move the fields of
// CustomerState, and count only in lifetime CLV. Kept apart, and only when
// the table is asked for: most runs do without it.
struct AtHorizon {
  double revenue_eur = 0.0;
  double clv_eur = 0.0;
  float first_order_day = 0.0F;
  float last_order_day = 0.0F;
  std::uint32_t orders = 0;
  std::uint8_t used = 0;  // shopping channels (a ChannelMask)
};

struct CustomerState {
  // Sizes follow the values' ranges (issue 30): 8 bytes for the id (a
  // referred customer's is a 64-bit hash, Referral), the clock, the CLV that
  // every event adds to and the discount factor whose differences price the
  // fixed cost; 4 for days, money, counters and state that moves in small
  // steps; 2 (BFloat16: 0.4 %) for traits drawn once; 1 for channel indexes,
  // masks and flags. Float days are 10.5 s apart near day 1,095 and 5.6
  // minutes a century later: an event is scheduled at the nearest float day
  // but never before the clock (float_day_from), a re-check at the float day
  // at or after the day it asks for (float_day_at_or_after), so the clock only
  // moves forward and a re-check never repeats within the period it left.
  double clock_day = 0.0;  // simulated up to here
  // Discounted margin minus serving costs, without CAC, to the clock: over
  // the horizon, then, for a customer alive at it, on through the years
  // simulated after it (docs/model.md §7), so it ends as the lifetime CLV.
  double clv_eur = 0.0;
  std::uint64_t id = 0;
  // discount_factor(clock_day - acquisition_day), kept with the clock: every
  // event happens at the clock, and this spares it an exp.
  double discount_at_clock = 1.0;

  float next_need_day = 0.0F;
  float next_marketing_day = std::numeric_limits<float>::infinity();
  // App adoption (Bass): an Exp(1) budget of adoption hazard, spent lazily up
  // to adoption_clock_day; the process next needs attention at adoption_day
  // (an adoption, or a re-check when adoption_is_check).
  float adoption_day = std::numeric_limits<float>::infinity();
  float adoption_budget = 0.0F;
  float adoption_clock_day = 0.0F;
  float acquisition_day = 0.0F;
  // The lifetime model's own progress, in one slot: the integrated hazard
  // left before dropout (pareto_nbd) or the retention tests passed
  // (periodic); bg_nbd uses neither.
  union {
    float hazard_budget = 0.0F;
    std::uint32_t periods_survived;
  };
  float dropout_day = std::numeric_limits<float>::infinity();
  float revenue_eur = 0.0F;  // net of refunds
  // Undiscounted margin minus variable costs (everything but the fixed
  // cost): its rate per need prices the years after the horizon.
  float contribution_eur = 0.0F;
  float first_order_day = std::numeric_limits<float>::infinity();  // +inf: no order yet
  float last_order_day = -std::numeric_limits<float>::infinity();
  float dropout_parameter = 0.0F;  // mu per day (pareto_nbd), p (bg_nbd), retention (periodic)
  float satisfaction = 0.0F;
  float hazard_factor = 1.0F;     // exp(-kappa * (satisfaction - neutral))
  float fatigue = 0.0F;           // recent marketing contacts, decaying
  float fatigue_day = 0.0F;       // when `fatigue` was last updated
  float store_value_eur = 0.0F;   // value of orders bought in physical channels
  float online_value_eur = 0.0F;  // ... and in the others
  std::uint32_t needs = 0;        // index of the next need
  std::uint32_t orders = 0;
  std::uint32_t marketing_contacts = 0;
  std::uint32_t events = 0;  // events recorded so far: the next event's sequence

  BFloat16 need_rate_per_day;                            // lambda
  BFloat16 spend_rate;                                   // nu: order value ~ Gamma(p, scale 1 / nu)
  BFloat16 outside_weight;                               // exp(outside utility + price sensitivity)
  std::array<BFloat16, kMaxChannels> affinity_weight{};  // exp(affinity)
  std::uint16_t store_orders = 0, online_orders = 0;
  std::uint16_t referrals = 0;

  std::array<std::uint8_t, kMaxChannels>
      records{};  // interactions each channel has seen (saturating)
  std::uint8_t segment = 0;
  std::uint8_t acquisition_channel = kNoChannel;
  ChannelMask linked = 0;  // channel records joined to the shared profile
  ChannelMask used = 0;    // shopping channels used: research, purchase or pickup
  std::uint8_t last_order_channel = kNoChannel;  // habit
  ChannelMask unsubscribed = 0;                  // marketing channels the customer left
  std::uint8_t shopping_paths = 0;               // kWebroomed | kShowroomed
  bool has_app : 1 = false;
  // Uses apps at all (the app at acquisition, whatever the strategy): the
  // market's app channels are this customer's (sim/engine/competition.hpp).
  bool app_user : 1 = false;
  bool adoption_is_check : 1 = false;
  bool referred : 1 = false;  // acquired by a referral rather than a paid channel
  bool lost : 1 = false;  // a paid acquisition lost to detractors or a competitor: never a customer
  bool to_competitor : 1 = false;  // ... lost to a competitor that offers what the firm lacks
  bool acquired : 1 = false;
  bool alive : 1 = false;

  ChannelMask reachable(const StrategyModel& strategy, ChannelMask app_channels) const {
    return has_app ? strategy.open : static_cast<ChannelMask>(strategy.open & ~app_channels);
  }
};

// Draws the strategy-independent traits of customer `id`; the state starts
// not yet acquired.
CustomerState draw_customer(const Model& model, const StreamFamily& family, std::uint64_t id);

// A referred customer: its own traits, joining at a day drawn in
// [join_from_day, join_to_day).
CustomerState draw_referred_customer(const Model& model, const StreamFamily& family,
                                     std::uint64_t id, double join_from_day, double join_to_day);

// A day as the customer state holds it (floats 10.5 s apart at day 1,095),
// rounded to nearest but kept within [from_day, to_day), so an acquisition
// drawn in a period stays in it (an interval narrower than a float step
// would hold none: at most 10,000 periods per horizon keep every period
// over a thousand steps long).
inline float float_day_within(double day, double from_day, double to_day) {
  auto rounded = static_cast<float>(day);
  if (static_cast<double>(rounded) < from_day) rounded = std::nextafter(rounded, INFINITY);
  if (static_cast<double>(rounded) >= to_day) rounded = std::nextafter(rounded, -INFINITY);
  return rounded;
}

// A day an event is scheduled at, as the customer state holds it: the
// float at or after it, so an event never fires before its day and a
// re-check asked for at or after a period's end is not due within it.
// Days are never negative, so the next float up is the next bit pattern
// (std::nextafter is a library call, and this runs at every event).
inline float float_day_at_or_after(double day) {
  const auto rounded = static_cast<float>(day);
  if (static_cast<double>(rounded) >= day) return rounded;
  return std::bit_cast<float>(std::bit_cast<std::uint32_t>(rounded) + 1U);
}

// An event's day drawn from the clock on (a need, a contact): the nearest
// float, so gaps are not lengthened on average, but never before the clock.
inline float float_day_from(double day, double clock_day) {
  const auto rounded = static_cast<float>(day);
  return static_cast<double>(rounded) >= clock_day ? rounded : float_day_at_or_after(clock_day);
}

// A day on the same side of `boundary_day` as `day` (a dropout before the
// horizon stays before it), rounded to nearest otherwise.
inline float float_day_beside(double day, double boundary_day) {
  auto rounded = static_cast<float>(day);
  if (day < boundary_day && static_cast<double>(rounded) >= boundary_day) {
    rounded = std::nextafter(rounded, -INFINITY);
  } else if (day >= boundary_day && static_cast<double>(rounded) < boundary_day) {
    rounded = std::nextafter(rounded, INFINITY);
  }
  return rounded;
}

template <class T>
T saturating_increment(T value) {
  return value == std::numeric_limits<T>::max() ? value : static_cast<T>(value + 1);
}

// Recomputes the dropout hazard factor exp(-kappa (satisfaction - neutral))
// after satisfaction changed (kappa is 0 when the satisfaction mechanism is off).
void update_hazard_factor(const Model& model, CustomerState& customer);

// What acquiring the customer cost within the horizon (docs/model.md §7):
// the referral CAC, or its acquisition channel's. 0 for the day-0 base,
// acquired before the horizon (its CAC is sunk: sunk_acquisition_cost_eur),
// and for a customer never acquired.
double acquisition_cost_eur(const Model& model, const CustomerState& customer);
// The day-0 base's acquisition cost, paid before the horizon; 0 for everyone
// acquired during it.
double sunk_acquisition_cost_eur(const Model& model, const CustomerState& customer);

// Linked channel records under a strategy's linkage rho. The uniforms are the
// customer's, so a channel linked at rho stays linked at any larger rho.
ChannelMask draw_linkage(const Model& model, const StreamFamily& family, std::uint64_t id,
                         double linkage);

}  // namespace omnisim
