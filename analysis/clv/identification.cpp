#include "analysis/clv/identification.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace omnisim {

// Cyclic Jacobi rotations: for the 3 x 3 and 4 x 4 matrices of the models,
// accurate to rounding and a handful of sweeps.
SymmetricEigen symmetric_eigen(std::vector<std::vector<double>> matrix) {
  auto& a = matrix;  // rotated in place to diagonal
  const std::size_t n = a.size();
  std::vector<std::vector<double>> v(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i)
    v[i][i] = 1.0;
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0.0, scale = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      scale += a[i][i] * a[i][i];
      for (std::size_t j = i + 1; j < n; ++j)
        off += a[i][j] * a[i][j];
    }
    if (off <= 1e-30 * scale || off == 0.0) break;
    for (std::size_t p = 0; p < n; ++p) {
      for (std::size_t q = p + 1; q < n; ++q) {
        if (a[p][q] == 0.0) continue;
        const double theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
        const double t =
            (theta >= 0.0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
        const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
        for (std::size_t k = 0; k < n; ++k) {  // columns p, q
          const double akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (std::size_t k = 0; k < n; ++k) {  // rows p, q
          const double apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (std::size_t k = 0; k < n; ++k) {
          const double vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto i, auto j) { return a[i][i] < a[j][j]; });
  SymmetricEigen out;
  for (const std::size_t i : order) {
    out.values.push_back(a[i][i]);
    std::vector<double> vector(n);
    for (std::size_t k = 0; k < n; ++k)
      vector[k] = v[k][i];
    out.vectors.push_back(std::move(vector));
  }
  return out;
}

Identification measure_identification(
    const std::vector<std::vector<double>>& information, const std::vector<double>& log_estimate,
    const std::function<double(const std::vector<double>&)>& log_likelihood) {
  Identification id;
  for (const auto& row : information)
    for (const double value : row)
      if (!std::isfinite(value)) {
        id.condition_number = std::numeric_limits<double>::infinity();
        return id;
      }
  const SymmetricEigen eigen = symmetric_eigen(information);
  const double weakest = eigen.values.front(), strongest = eigen.values.back();
  id.condition_number =
      weakest > 0.0 ? strongest / weakest : std::numeric_limits<double>::infinity();
  id.weakest_direction = eigen.vectors.front();
  // The sign that makes the largest component positive, for a stable report.
  const auto largest =
      std::max_element(id.weakest_direction.begin(), id.weakest_direction.end(),
                       [](double a, double b) { return std::abs(a) < std::abs(b); });
  if (*largest < 0.0)
    for (double& component : id.weakest_direction)
      component = -component;
  const double at_estimate = log_likelihood(log_estimate);
  for (const double step : {-3.0, -2.0, -1.0, -0.5, 0.5, 1.0, 2.0, 3.0}) {
    std::vector<double> point = log_estimate;
    for (std::size_t k = 0; k < point.size(); ++k)
      point[k] += step * id.weakest_direction[k];
    const double value = log_likelihood(point);
    const double drop =
        std::isfinite(value) ? at_estimate - value : std::numeric_limits<double>::infinity();
    id.profile.emplace_back(step, drop);
    if (std::abs(step) == kRidgeStep && drop < kRidgeDrop) id.ridge = true;
  }
  if (!(weakest > 0.0)) id.ridge = true;
  return id;
}

}  // namespace omnisim
