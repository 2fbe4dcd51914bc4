#include "analysis/verdict.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/sweep_analysis.hpp"
#include "sim/core/error.hpp"
#include "sim/core/numbers.hpp"

namespace omnisim {
namespace {

double mean_of(const std::vector<double>& values) {
  double sum = 0.0;
  for (const double value : values)
    sum += value;
  return sum / static_cast<double>(values.size());
}

// The contrast at the i-th point held, per replication: the target minus the
// rival with the highest mean there.
std::vector<double> contrast_at(const SweepData& data, std::size_t i, const std::string& kpi,
                                const Contrast& contrast) {
  std::vector<double> best;
  double best_mean = -std::numeric_limits<double>::infinity();
  for (const auto& rival : contrast.against) {
    std::vector<double> values = replication_outputs(data, i, {kpi, rival, ""});
    const double mean = mean_of(values);
    if (best.empty() || mean > best_mean) {
      best = std::move(values);
      best_mean = mean;
    }
  }
  std::vector<double> values = replication_outputs(data, i, {kpi, contrast.target, ""});
  for (std::size_t r = 0; r < values.size(); ++r)
    values[r] -= best[r];
  return values;
}

// Least squares y ~ b0 + sum_j b_j x_j by the normal equations (a handful of
// parameters), Gaussian elimination with partial pivoting.
std::vector<double> least_squares(const std::vector<std::vector<double>>& x,
                                  const std::vector<double>& y) {
  const std::size_t n = x.empty() ? 1 : x.front().size() + 1;
  std::vector<std::vector<double>> a(n, std::vector<double>(n + 1, 0.0));
  for (std::size_t i = 0; i < y.size(); ++i) {
    std::vector<double> row{1.0};
    row.insert(row.end(), x[i].begin(), x[i].end());
    for (std::size_t p = 0; p < n; ++p) {
      for (std::size_t q = 0; q < n; ++q)
        a[p][q] += row[p] * row[q];
      a[p][n] += row[p] * y[i];
    }
  }
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
    }
    std::swap(a[c], a[pivot]);
    if (a[c][c] == 0.0) throw InputError("too few points to fit the parameters' effects");
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const double factor = a[r][c] / a[c][c];
      for (std::size_t q = c; q <= n; ++q)
        a[r][q] -= factor * a[c][q];
    }
  }
  std::vector<double> b(n);
  for (std::size_t c = 0; c < n; ++c)
    b[c] = a[c][n] / a[c][c];
  return b;
}

std::size_t third_of(double unit) {
  return std::min<std::size_t>(2, static_cast<std::size_t>(unit * 3.0));
}

// The design's value at a unit coordinate of parameter p, interpolated
// between the design's own points (whatever the parameter's distribution).
double value_at(const SweepLayout& layout, std::size_t p, double unit) {
  const std::size_t k = layout.parameters.size();
  std::vector<std::pair<double, double>> points;
  for (std::size_t i = 0; i < layout.points; ++i)
    points.emplace_back(layout.unit[i * k + p], layout.value[i * k + p]);
  std::sort(points.begin(), points.end());
  if (unit <= points.front().first) return points.front().second;
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (unit <= points[i].first) {
      const auto& [u0, v0] = points[i - 1];
      const auto& [u1, v1] = points[i];
      return u1 == u0 ? v1 : v0 + (v1 - v0) * (unit - u0) / (u1 - u0);
    }
  }
  return points.back().second;
}

}  // namespace

ContrastVerdict contrast_verdict(const SweepData& data, const std::string& kpi,
                                 const Contrast& contrast, double confidence) {
  const SweepLayout& layout = data.layout;
  const std::size_t k = layout.parameters.size();
  if (contrast.against.empty()) throw InputError("a contrast needs a strategy to compare with");
  ContrastVerdict verdict;
  verdict.contrast = contrast;
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  std::vector<int> side;  // +1 above 0, -1 below, 0 undecided
  for (std::size_t i = 0; i < data.points_done.size(); ++i) {
    const std::vector<double> values = contrast_at(data, i, kpi, contrast);
    const Interval interval = mean_interval(values, confidence);
    if (!std::isfinite(interval.mean)) continue;
    const std::size_t point = data.points_done[i];
    x.emplace_back(layout.unit.begin() + static_cast<std::ptrdiff_t>(point * k),
                   layout.unit.begin() + static_cast<std::ptrdiff_t>((point + 1) * k));
    y.push_back(interval.mean);
    const int s = !interval.excludes_zero() ? 0 : interval.mean > 0.0 ? 1 : -1;
    side.push_back(s);
    verdict.above += s > 0 ? 1 : 0;
    verdict.below += s < 0 ? 1 : 0;
  }
  verdict.points = y.size();
  if (verdict.points <= k + 1) {
    throw InputError("the sweep holds " + std::to_string(verdict.points) +
                     " points with the contrast defined; fitting " + std::to_string(k) +
                     " parameters' effects needs more");
  }
  const std::vector<double> b = least_squares(x, y);
  double centre = b[0];
  for (std::size_t j = 0; j < k; ++j)
    centre += 0.5 * b[j + 1];
  verdict.centre = centre;
  const double y_mean = mean_of(y);
  double residual = 0.0, total = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    double fitted = b[0];
    for (std::size_t j = 0; j < k; ++j)
      fitted += b[j + 1] * x[i][j];
    residual += (y[i] - fitted) * (y[i] - fitted);
    total += (y[i] - y_mean) * (y[i] - y_mean);
  }
  verdict.r_squared = total > 0.0 ? 1.0 - residual / total : kNaN;

  for (std::size_t j = 0; j < k; ++j) {
    ParameterEffect effect;
    effect.parameter = layout.parameters[j];
    effect.low = value_at(layout, j, 0.0);
    effect.high = value_at(layout, j, 1.0);
    effect.effect = b[j + 1];
    // Zero of the plane along j, the others at their centres.
    const double zero = b[j + 1] == 0.0 ? kNaN : 0.5 - centre / b[j + 1];
    effect.break_even = zero >= 0.0 && zero <= 1.0 ? value_at(layout, j, zero) : kNaN;
    std::array<std::size_t, 3> count{};
    for (std::size_t i = 0; i < y.size(); ++i) {
      const std::size_t third = third_of(x[i][j]);
      count[third] += 1;
      effect.above[third] += side[i] > 0 ? 1.0 : 0.0;
      effect.below[third] += side[i] < 0 ? 1.0 : 0.0;
    }
    for (std::size_t t = 0; t < 3; ++t) {
      const double n = static_cast<double>(count[t]);
      effect.above[t] = count[t] == 0 ? kNaN : effect.above[t] / n;
      effect.below[t] = count[t] == 0 ? kNaN : effect.below[t] / n;
    }
    verdict.parameters.push_back(effect);
  }

  // The region the two strongest parameters draw.
  std::vector<std::size_t> order(k);
  for (std::size_t j = 0; j < k; ++j)
    order[j] = j;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t c) { return std::abs(b[a + 1]) > std::abs(b[c + 1]); });
  verdict.strongest = {order[0], k > 1 ? order[1] : order[0]};
  std::array<std::array<double, 3>, 3> cells{}, counts{};
  for (std::size_t i = 0; i < y.size(); ++i) {
    const std::size_t first = third_of(x[i][verdict.strongest[0]]);
    const std::size_t second = third_of(x[i][verdict.strongest[1]]);
    counts[first][second] += 1.0;
    cells[first][second] += side[i] > 0 ? 1.0 : 0.0;
  }
  for (std::size_t a = 0; a < 3; ++a) {
    for (std::size_t c = 0; c < 3; ++c)
      verdict.region_above[a][c] = counts[a][c] > 0.0 ? cells[a][c] / counts[a][c] : kNaN;
  }
  return verdict;
}

}  // namespace omnisim
