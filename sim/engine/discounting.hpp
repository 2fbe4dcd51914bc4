#pragma once
// CLV discounting (docs/model.md §7): cash flows are discounted to the
// customer's acquisition day, continuously or per period of the customer's
// life (Gupta & Lehmann 2003 timing).

#include "sim/model/model.hpp"

namespace omnisim {

// The discount factor of a cash flow `age_days` after acquisition.
double discount_factor(const Model& model, double age_days);

// The integral of the discount factor over ages [from_age, to_age), in days:
// what a cost accruing at a constant rate per day is worth over the interval.
double discounted_days(const Model& model, double from_age, double to_age);

}  // namespace omnisim
