#pragma once
// Means and confidence intervals across replications (Student t), and
// paired differences between strategies run on the same customers.

#include <span>

namespace omnisim {

struct Interval {
  double mean;
  double half_width;  // NaN with fewer than two finite values
  int n;              // finite values used

  double low() const { return mean - half_width; }
  double high() const { return mean + half_width; }
  // True when the interval excludes zero (a difference is significant).
  bool excludes_zero() const { return half_width == half_width && (low() > 0.0 || high() < 0.0); }
};

// t-interval for the mean of the finite values; NaN mean when there are none.
Interval mean_interval(std::span<const double> values, double confidence);

// Interval for the mean of (a_i - b_i): common random numbers make the pairs
// positively correlated, so this is much tighter than comparing two means.
Interval paired_difference(std::span<const double> a, std::span<const double> b, double confidence);

// Two-sided Student t quantile for `confidence` with `degrees` of freedom.
double student_t_quantile(double confidence, int degrees);

}  // namespace omnisim
