#include "analysis/statistics.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

#include "sim/core/numbers.hpp"

namespace omnisim {

double student_t_quantile(double confidence, int degrees) {
  const boost::math::students_t distribution(degrees);
  return boost::math::quantile(distribution, 0.5 + confidence / 2.0);
}

Interval mean_interval(std::span<const double> values, double confidence) {
  double sum = 0.0;
  int n = 0;
  for (double value : values) {
    if (std::isfinite(value)) {
      sum += value;
      ++n;
    }
  }
  if (n == 0) return {kNaN, kNaN, 0};
  const double mean = sum / n;
  if (n < 2) return {mean, kNaN, n};
  double squares = 0.0;
  for (double value : values) {
    if (std::isfinite(value)) squares += (value - mean) * (value - mean);
  }
  const double standard_error = std::sqrt(squares / (n - 1) / n);
  return {mean, student_t_quantile(confidence, n - 1) * standard_error, n};
}

Interval paired_difference(std::span<const double> a, std::span<const double> b,
                           double confidence) {
  if (a.size() != b.size()) throw std::invalid_argument("paired_difference: sizes differ");
  std::vector<double> differences(a.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    differences[i] = a[i] - b[i];
  return mean_interval(differences, confidence);
}

}  // namespace omnisim
