#pragma once
// CLV discounting (docs/model.md §7): cash flows are discounted to the
// customer's acquisition day, continuously or per period of the customer's
// life (Gupta & Lehmann 2003 timing). Inline: the engine calls these at
// every cash flow and clock step.

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "sim/model/model.hpp"

namespace omnisim {

// The discount factor of a cash flow `age_days` after acquisition.
inline double discount_factor(const Model& model, double age_days) {
  if (model.money.discounting == Discounting::kPerPeriod) {
    const double period = std::floor(age_days / model.time.period_days) + 1.0;
    return std::pow(model.money.period_discount, period);
  }
  return std::exp(-model.money.continuous_discount_per_day * age_days);
}

// The integral of the discount factor over ages [from_age, to_age), in days:
// what a cost accruing at a constant rate per day is worth over the interval.
inline double discounted_days(const Model& model, double from_age, double to_age) {
  if (to_age <= from_age) return 0.0;
  if (model.money.discounting == Discounting::kPerPeriod) {
    // Walk the periods of life by an integer index: recomputing it from a
    // boundary day can round back into the same period and never advance.
    const double period = model.time.period_days;
    double total = 0.0;
    for (auto index = static_cast<std::int64_t>(std::floor(from_age / period)) + 1;
         from_age < to_age; ++index) {
      const double segment_end = std::min(to_age, static_cast<double>(index) * period);
      if (segment_end > from_age) {
        total += std::pow(model.money.period_discount, static_cast<double>(index)) *
                 (segment_end - from_age);
        from_age = segment_end;
      }
    }
    return total;
  }
  const double delta = model.money.continuous_discount_per_day;
  if (delta == 0.0) return to_age - from_age;
  return (std::exp(-delta * from_age) - std::exp(-delta * to_age)) / delta;
}

// The same when the discount factors at both ends are known (the engine
// keeps the one at its clock): continuous discounting then needs no exp.
inline double discounted_days(const Model& model, double from_age, double to_age,
                              double from_factor, double to_factor) {
  if (model.money.discounting == Discounting::kPerPeriod) {
    return discounted_days(model, from_age, to_age);
  }
  if (to_age <= from_age) return 0.0;
  const double delta = model.money.continuous_discount_per_day;
  if (delta == 0.0) return to_age - from_age;
  return (from_factor - to_factor) / delta;
}

}  // namespace omnisim
