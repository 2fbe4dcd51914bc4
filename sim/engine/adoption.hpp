#pragma once
// App adoption (docs/model.md §8), Bass-style: each customer spends an Exp(1)
// budget of adoption hazard p + q x (last period's adopter share), per day,
// simulated lazily. Hazards of later periods are not known yet but never
// exceed (p + q) / 365, so the engine wakes the customer only when adoption
// first becomes possible, and then looks again.

#include "sim/engine/context.hpp"
#include "sim/engine/customer.hpp"
#include "sim/engine/period.hpp"
#include "sim/engine/trace.hpp"

namespace omnisim {

// Spends the hazard up to `now_day` and sets when adoption next needs
// attention: an adoption within the period, or a re-check later.
void schedule_adoption(const RunContext& context, CustomerState& customer, double now_day,
                       const Period& period);

// The adoption event due at `day`: the customer adopts, or (a re-check)
// adoption is scheduled again.
void adoption_event(const RunContext& context, CustomerState& customer, double day,
                    const Period& period, PeriodOutput& output, Tracer& trace);

}  // namespace omnisim
