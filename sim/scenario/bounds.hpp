#pragma once
// Allowed ranges for numeric scenario fields, with the wording used in errors.

#include <cmath>
#include <limits>
#include <string>

#include "sim/core/limits.hpp"

namespace omnisim {

struct Bounds {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool low_open = false;
  bool high_open = false;

  bool contains(double value) const {
    if (!std::isfinite(value)) return false;  // TOML allows inf and nan; the model does not
    const bool above = low_open ? value > low : value >= low;
    const bool below = high_open ? value < high : value <= high;
    return above && below;
  }
  std::string describe() const;

  static Bounds non_negative() { return {0.0}; }
  static Bounds positive() { return {0.0, std::numeric_limits<double>::infinity(), true}; }
  static Bounds at_least(double low) { return {low}; }
  static Bounds greater_than(double low) {
    return {low, std::numeric_limits<double>::infinity(), true};
  }
  // An amount of money per unit (contact, order, customer, year).
  static Bounds money() { return {0.0, kMaxAmountEur}; }
  static Bounds probability() { return {0.0, 1.0}; }
  static Bounds open_probability() { return {0.0, 1.0, true, true}; }
  static Bounds between(double low, double high) { return {low, high}; }
  // A utility (logit scale): wide enough for any model, narrow enough that
  // exp() neither overflows nor vanishes.
  static Bounds utility() { return {-50.0, 50.0}; }
};

}  // namespace omnisim
