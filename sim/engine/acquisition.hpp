#pragma once
// A customer's acquisition (docs/model.md §2, §8): a paid acquisition may be
// lost to last period's detractors; otherwise the first contact is a logit
// over the channels that can sell, its CAC is paid, the record linkage is
// drawn and the first need, marketing contact and adoption are scheduled.

#include "sim/engine/context.hpp"
#include "sim/engine/customer.hpp"
#include "sim/engine/period.hpp"
#include "sim/engine/trace.hpp"
#include "sim/kpi/tally.hpp"

namespace omnisim {

void acquire(const RunContext& context, CustomerState& customer, const Period& period,
             PeriodOutput& output, Tracer& trace);

}  // namespace omnisim
