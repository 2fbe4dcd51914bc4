#pragma once
// Lifetime CLV (docs/model.md §7): what an alive customer is expected to be
// worth after the horizon, discounted to its acquisition day, from its state
// at the horizon. With every mechanism off this is the exact conditional
// expectation; with mechanisms on it is the same formula at the customer's
// current effective rates (its satisfaction-adjusted hazard, its own
// contribution per need so far), as if they stayed as they are.

#include "sim/engine/context.hpp"
#include "sim/engine/customer.hpp"

namespace omnisim {

// The expected discounted days of life after the horizon, valued at
// acquisition: D(horizon age) / (delta + h), delta the discount rate and h
// the dropout hazard per day. What a cost of 1 EUR per day costs from then on.
double residual_discounted_days(const RunContext& context, const CustomerState& customer,
                                double horizon_day);

// (lambda * v - f) * residual_discounted_days: lambda the need rate, v the
// net contribution per need, f the fixed cost per day.
double residual_value_eur(const RunContext& context, const CustomerState& customer,
                          double horizon_day);

}  // namespace omnisim
