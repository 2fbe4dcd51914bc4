#include "analysis/regression_indices.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "sim/core/error.hpp"
#include "sim/core/linear_algebra.hpp"
#include "sim/core/numbers.hpp"

namespace omnisim {
namespace {

// Parameters that move together (a correlation matrix of rank < k) leave
// pivots of rounding size: no regression is defined.
constexpr double kSingular = 1e-12;

// Average ranks (ties share their mean rank), 0-based.
std::vector<double> ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> rank(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]])
      ++j;
    const double mean_rank = 0.5 * static_cast<double>(i + j);
    for (std::size_t t = i; t <= j; ++t)
      rank[order[t]] = mean_rank;
    i = j + 1;
  }
  return rank;
}

// The correlation matrix of the columns (each a vector of the same length);
// empty if a column is constant.
std::vector<std::vector<double>> correlations(const std::vector<std::vector<double>>& columns) {
  const std::size_t m = columns.size();
  const auto n = static_cast<double>(columns.front().size());
  std::vector<std::vector<double>> centred = columns;
  std::vector<double> norm(m, 0.0);
  for (std::size_t c = 0; c < m; ++c) {
    const double mean = std::accumulate(centred[c].begin(), centred[c].end(), 0.0) / n;
    for (double& value : centred[c]) {
      value -= mean;
      norm[c] += value * value;
    }
    if (!(norm[c] > 0.0)) return {};
    norm[c] = std::sqrt(norm[c]);
  }
  std::vector<std::vector<double>> r(m, std::vector<double>(m, 1.0));
  for (std::size_t a = 0; a < m; ++a) {
    for (std::size_t b = a + 1; b < m; ++b) {
      double sum = 0.0;
      for (std::size_t i = 0; i < centred[a].size(); ++i)
        sum += centred[a][i] * centred[b][i];
      r[a][b] = r[b][a] = sum / (norm[a] * norm[b]);
    }
  }
  return r;
}

// SRC (k), PRCC (k) and R^2 of the rows `used`; NaN where undefined (a
// resample with a constant column).
std::vector<double> estimate(const std::vector<std::vector<double>>& x,
                             const std::vector<double>& y, const std::vector<std::size_t>& used) {
  const std::size_t k = x.size();
  std::vector<double> out(2 * k + 1, kNaN);
  std::vector<std::vector<double>> columns(k + 1);
  for (std::size_t c = 0; c < k; ++c)
    for (const std::size_t row : used)
      columns[c].push_back(x[c][row]);
  for (const std::size_t row : used)
    columns[k].push_back(y[row]);
  const auto r = correlations(columns);
  if (r.empty()) return out;
  // SRC: beta = R_xx^-1 r_xy; R^2 = r_xy . beta.
  std::vector<std::vector<double>> r_xx(k, std::vector<double>(k));
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t b = 0; b < k; ++b)
      r_xx[a][b] = r[a][b];
  const auto r_xx_inverse = inverse(r_xx, kSingular);
  if (r_xx_inverse.empty()) return out;
  double r_squared = 0.0;
  for (std::size_t a = 0; a < k; ++a) {
    double beta = 0.0;
    for (std::size_t b = 0; b < k; ++b)
      beta += r_xx_inverse[a][b] * r[b][k];
    out[a] = beta;
    r_squared += beta * r[a][k];
  }
  out[2 * k] = r_squared;
  // PRCC: on ranks, each parameter's partial correlation with the output
  // given the other parameters, from the correlation matrix R of the ranks:
  // with c the others, r_iy.c = (r_iy - r_ic R_cc^-1 r_cy) /
  // sqrt((1 - r_ic R_cc^-1 r_ci)(1 - r_yc R_cc^-1 r_cy)). Only the
  // parameters' block is inverted, so an output whose ranks follow one
  // parameter's exactly (a fixed cost under common random numbers) gets +-1
  // there, and NaN for the others (given it, nothing is left to explain).
  for (auto& column : columns)
    column = ranks(column);
  const auto rank_r = correlations(columns);
  if (rank_r.empty()) return out;
  for (std::size_t a = 0; a < k; ++a) {
    std::vector<std::size_t> others;
    for (std::size_t c = 0; c < k; ++c)
      if (c != a) others.push_back(c);
    std::vector<std::vector<double>> r_cc(others.size(), std::vector<double>(others.size()));
    for (std::size_t u = 0; u < others.size(); ++u)
      for (std::size_t v = 0; v < others.size(); ++v)
        r_cc[u][v] = rank_r[others[u]][others[v]];
    const auto r_cc_inverse = others.empty() ? r_cc : inverse(r_cc, kSingular);
    if (!others.empty() && r_cc_inverse.empty()) continue;
    // The quadratic forms x' R_cc^-1 z for the pairs (a, y), (a, a), (y, y).
    const auto form = [&](std::size_t from, std::size_t to) {
      double sum = 0.0;
      for (std::size_t u = 0; u < others.size(); ++u)
        for (std::size_t v = 0; v < others.size(); ++v)
          sum += rank_r[from][others[u]] * r_cc_inverse[u][v] * rank_r[others[v]][to];
      return sum;
    };
    const double unexplained_a = 1.0 - form(a, a), unexplained_y = 1.0 - form(k, k);
    if (unexplained_a <= kSingular || unexplained_y <= kSingular) continue;
    out[k + a] = std::clamp((rank_r[a][k] - form(a, k)) / std::sqrt(unexplained_a * unexplained_y),
                            -1.0, 1.0);
  }
  return out;
}

}  // namespace

RegressionIndices regression_indices(std::span<const double> values, std::span<const double> y,
                                     std::size_t parameters, const BootstrapOptions& options) {
  const std::size_t k = parameters;
  if (k == 0 || values.size() != y.size() * k) {
    throw InputError("regression indices need k parameter values per output");
  }
  std::vector<std::vector<double>> x(k);
  std::vector<double> outputs;
  for (std::size_t point = 0; point < y.size(); ++point) {
    if (!std::isfinite(y[point])) continue;
    for (std::size_t c = 0; c < k; ++c)
      x[c].push_back(values[point * k + c]);
    outputs.push_back(y[point]);
  }
  const std::size_t n = outputs.size();
  if (n < k + 2) {
    throw InputError("regression indices of " + std::to_string(k) + " parameters need at least " +
                     std::to_string(k + 2) + " points with an output, got " + std::to_string(n));
  }
  std::vector<std::size_t> all(n);
  std::iota(all.begin(), all.end(), std::size_t{0});
  const std::vector<double> point = estimate(x, outputs, all);
  if (std::isnan(point[2 * k])) {
    throw InputError(
        "regression indices: the output or a parameter is constant over the points (or two "
        "parameters move together), so no regression is defined");
  }
  const std::vector<double> half = bootstrap_half_widths(
      n, 2 * k, options,
      [&](const std::vector<std::size_t>& used) { return estimate(x, outputs, used); });
  RegressionIndices result;
  result.points = n;
  result.r_squared = point[2 * k];
  for (std::size_t i = 0; i < k; ++i) {
    result.src.push_back({point[i], half[i]});
    result.prcc.push_back({point[k + i], half[k + i]});
  }
  return result;
}

}  // namespace omnisim
