#include "sim/core/linear_algebra.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace omnisim {

std::vector<std::vector<double>> inverse(std::vector<std::vector<double>> m,
                                         double relative_tolerance) {
  const std::size_t n = m.size();
  double largest = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    largest = std::max(largest, std::abs(m[i][i]));
  const double smallest_pivot = std::max(1e-300, relative_tolerance * largest);
  std::vector<std::vector<double>> inv(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i)
    inv[i][i] = 1.0;
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t row = col + 1; row < n; ++row)
      if (std::abs(m[row][col]) > std::abs(m[pivot][col])) pivot = row;
    if (std::abs(m[pivot][col]) <= smallest_pivot) return {};
    std::swap(m[col], m[pivot]);
    std::swap(inv[col], inv[pivot]);
    const double scale = m[col][col];
    for (std::size_t j = 0; j < n; ++j) {
      m[col][j] /= scale;
      inv[col][j] /= scale;
    }
    for (std::size_t row = 0; row < n; ++row) {
      if (row == col) continue;
      const double factor = m[row][col];
      for (std::size_t j = 0; j < n; ++j) {
        m[row][j] -= factor * m[col][j];
        inv[row][j] -= factor * inv[col][j];
      }
    }
  }
  return inv;
}

}  // namespace omnisim
