#pragma once
// Lifetime CLV's closed-form tail (docs/model.md §7): what an alive customer
// is expected to be worth after a day, discounted to its acquisition day,
// from its state on that day. With every mechanism off this is the exact
// conditional expectation; with mechanisms on it is the same formula at the
// customer's current effective rates (its satisfaction-adjusted hazard, its
// own contribution per need so far), as if they stayed as they are -- which
// is why the engine first simulates the years after the horizon and prices
// only what is left when they are nearly all discounted away.

#include "sim/engine/context.hpp"
#include "sim/engine/customer.hpp"

namespace omnisim {

// What an alive customer is expected to be worth after day H, valued at
// acquisition: (lambda * v - f) * days, with days = D(H - t0) /
// (delta + h) its expected discounted days of life from H (delta the
// discount rate, h its dropout hazard per day), lambda its need rate, f the
// fixed cost per day and v its net contribution per need. The customer's own
// history prices v once it has had a need; before that, `unpriced_need_days`
// = lambda * days is left for the run's average contribution per need
// (the KPIs and /customers add it; see docs/model.md §7).
struct Residual {
  double priced_eur = 0.0;
  double unpriced_need_days = 0.0;
  double discounted_days = 0.0;
};
Residual residual_value(const RunContext& context, const CustomerState& customer, double day);

}  // namespace omnisim
