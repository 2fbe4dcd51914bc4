#include "analysis/sensitivity.hpp"

#include <cmath>
#include <functional>
#include <limits>

#include <boost/math/distributions/normal.hpp>

#include "sim/core/error.hpp"
#include "sim/core/numbers.hpp"
#include "sim/core/random.hpp"

namespace omnisim {
namespace {

double z_of(double confidence) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + confidence / 2.0);
}

}  // namespace

std::vector<double> bootstrap_half_widths(
    std::size_t n, std::size_t n_indices, const BootstrapOptions& options,
    const std::function<std::vector<double>(const std::vector<std::size_t>&)>& estimate) {
  std::vector<double> sum(n_indices, 0.0), sum_squares(n_indices, 0.0);
  std::vector<std::size_t> count(n_indices, 0);
  std::vector<std::size_t> units(n);
  for (std::size_t b = 0; b < options.resamples; ++b) {
    RandomStream stream(StreamFamily{options.seed, 0}, b, Purpose::kBootstrap, 0);
    for (auto& unit : units)
      unit = std::min(n - 1,
                      static_cast<std::size_t>((1.0 - stream.uniform()) * static_cast<double>(n)));
    const std::vector<double> values = estimate(units);
    for (std::size_t i = 0; i < n_indices; ++i) {
      if (!std::isfinite(values[i])) continue;  // a degenerate resample
      sum[i] += values[i];
      sum_squares[i] += values[i] * values[i];
      ++count[i];
    }
  }
  const double z = z_of(options.confidence);
  std::vector<double> half(n_indices, kNaN);
  for (std::size_t i = 0; i < n_indices; ++i) {
    if (count[i] < 2) continue;
    const auto resamples = static_cast<double>(count[i]);
    const double mean = sum[i] / resamples;
    const double variance =
        std::max(0.0, (sum_squares[i] - resamples * mean * mean) / (resamples - 1.0));
    half[i] = z * std::sqrt(variance);
  }
  return half;
}

SobolIndices sobol_indices(std::span<const double> y, std::size_t parameters,
                           const BootstrapOptions& options, bool second_order) {
  const std::size_t k = parameters;
  const std::size_t size = second_order ? 2 * k + 2 : k + 2;
  const std::size_t pairs = second_order ? k * (k - 1) / 2 : 0;
  if (k == 0 || y.size() % size != 0) {
    throw InputError(std::string("Sobol' indices need whole Saltelli groups of ") +
                     (second_order ? "2k + 2" : "k + 2") + " outputs");
  }
  std::vector<std::size_t> groups;
  for (std::size_t g = 0; g < y.size() / size; ++g) {
    bool finite = true;
    for (std::size_t i = 0; i < size; ++i)
      finite = finite && std::isfinite(y[g * size + i]);
    if (finite) groups.push_back(g);
  }
  if (groups.size() < 2) {
    throw InputError("Sobol' indices need two whole Saltelli groups or more, got " +
                     std::to_string(groups.size()) +
                     " (a group is left out when one of its points has not run or its output "
                     "is undefined there)");
  }
  // First-order then total indices of the groups `used` (indices into groups).
  const auto estimate = [&](const std::vector<std::size_t>& used) {
    const auto n = static_cast<double>(used.size());
    double mean = 0.0;
    for (const std::size_t u : used) {
      const std::size_t g = groups[u] * size;
      mean += y[g] + y[g + size - 1];
    }
    mean /= 2.0 * n;
    double variance = 0.0;
    for (const std::size_t u : used) {
      const std::size_t g = groups[u] * size;
      const double b = y[g + size - 1];
      variance += (y[g] - mean) * (y[g] - mean) + (b - mean) * (b - mean);
    }
    variance /= 2.0 * n;
    // First order, total, then each pair's V_ij (i < j, row by row).
    std::vector<double> indices(2 * k + pairs, 0.0);
    for (const std::size_t u : used) {
      const std::size_t g = groups[u] * size;
      // Centred, as SALib does: the first-order estimator's variance grows
      // with the output's mean, which it does not depend on otherwise.
      const double a = y[g] - mean, b = y[g + size - 1] - mean;
      for (std::size_t i = 0; i < k; ++i) {
        const double ab = y[g + 1 + i] - mean;
        indices[i] += b * (ab - a);
        indices[k + i] += 0.5 * (a - ab) * (a - ab);
      }
      std::size_t pair = 2 * k;
      for (std::size_t i = 0; i < k && second_order; ++i) {
        const double ba_i = y[g + 1 + k + i] - mean;
        for (std::size_t j = i + 1; j < k; ++j)
          indices[pair++] += ba_i * (y[g + 1 + j] - mean) - a * b;
      }
    }
    for (auto& index : indices)
      index /= n * variance;
    // S_ij = V_ij / V - S_i - S_j: the part of the variance neither first
    // order explains.
    std::size_t pair = 2 * k;
    for (std::size_t i = 0; i < k && second_order; ++i) {
      for (std::size_t j = i + 1; j < k; ++j)
        indices[pair++] -= indices[i] + indices[j];
    }
    indices.push_back(variance);
    return indices;
  };
  std::vector<std::size_t> all(groups.size());
  for (std::size_t u = 0; u < all.size(); ++u)
    all[u] = u;
  const std::vector<double> point = estimate(all);
  if (!(point[2 * k + pairs] > 0.0)) {  // constant output: every index is 0 / 0
    SobolIndices result;
    result.base_points = groups.size();
    result.variance = point[2 * k + pairs];
    result.first.assign(k, {kNaN, kNaN});
    result.total.assign(k, {kNaN, kNaN});
    for (std::size_t i = 0; i < k && second_order; ++i) {
      for (std::size_t j = i + 1; j < k; ++j)
        result.second.push_back({i, j, {kNaN, kNaN}});
    }
    return result;
  }
  const std::vector<double> half =
      bootstrap_half_widths(groups.size(), 2 * k + pairs, options, estimate);
  SobolIndices result;
  result.base_points = groups.size();
  result.variance = point[2 * k + pairs];
  for (std::size_t i = 0; i < k; ++i) {
    result.first.push_back({point[i], half[i]});
    result.total.push_back({point[k + i], half[k + i]});
  }
  std::size_t pair = 2 * k;
  for (std::size_t i = 0; i < k && second_order; ++i) {
    for (std::size_t j = i + 1; j < k; ++j, ++pair)
      result.second.push_back({i, j, {point[pair], half[pair]}});
  }
  return result;
}

std::vector<std::string> sobol_warnings(const SobolIndices& indices,
                                        std::span<const std::string> names) {
  std::vector<std::string> warnings;
  if (!(indices.variance > 0.0)) {
    warnings.push_back("the output is constant over the design (variance " +
                       significant(indices.variance, 3) +
                       "): every index is undefined (NaN); choose another output or wider ranges");
    return warnings;
  }
  constexpr double kWide = 0.1;   // an interval wider than this cannot rank parameters
  constexpr double kSlack = 0.1;  // how far outside [0, 1] estimation noise may go
  double widest = 0.0;
  std::vector<const IndexEstimate*> all;
  for (const auto& value : indices.first)
    all.push_back(&value);
  for (const auto& value : indices.total)
    all.push_back(&value);
  for (const auto& pair : indices.second)
    all.push_back(&pair.estimate);
  for (const IndexEstimate* value : all) {
    if (std::isfinite(value->half_width)) widest = std::max(widest, value->half_width);
  }
  const std::string more = "more base points narrow the intervals as 1/sqrt(N)";
  if (widest > kWide) {
    warnings.push_back("N = " + std::to_string(indices.base_points) +
                       " base points is small for this output: intervals up to +-" +
                       significant(widest, 2) + "; " + more);
  }
  for (std::size_t i = 0; i < indices.first.size() && i < names.size(); ++i) {
    const double first = indices.first[i].estimate, total = indices.total[i].estimate;
    if (first > total) {
      warnings.push_back(names[i] + ": S1 " + significant(first, 3) + " > ST " +
                         significant(total, 3) + ", impossible in theory: too few base points; " +
                         more);
    }
  }
  const auto outside = [&](const std::string& what, double value) {
    if (value < -kSlack || value > 1.0 + kSlack) {
      warnings.push_back(what + " = " + significant(value, 3) +
                         " is far outside [0, 1]: too few base points, or an output with "
                         "outliers (a heavy tail); " +
                         more);
    }
  };
  for (std::size_t i = 0; i < indices.first.size() && i < names.size(); ++i) {
    outside("S1 of " + names[i], indices.first[i].estimate);
    outside("ST of " + names[i], indices.total[i].estimate);
  }
  for (const auto& pair : indices.second) {
    if (pair.i < names.size() && pair.j < names.size())
      outside("S2 of " + names[pair.i] + " x " + names[pair.j], pair.estimate.estimate);
  }
  return warnings;
}

MorrisEffects morris_effects(std::span<const double> unit, std::span<const double> y,
                             std::size_t parameters, const BootstrapOptions& options) {
  const std::size_t k = parameters;
  const std::size_t size = k + 1;
  if (k == 0 || y.size() % size != 0 || unit.size() != y.size() * k) {
    throw InputError("Morris effects need whole trajectories of k + 1 points");
  }
  // effects[t][d]: trajectory t's elementary effect of parameter d.
  std::vector<std::vector<double>> effects;
  for (std::size_t t = 0; t < y.size() / size; ++t) {
    std::vector<double> effect(k, kNaN);
    bool usable = true;
    for (std::size_t s = 0; s < k && usable; ++s) {
      const std::size_t from = t * size + s, to = from + 1;
      std::size_t moved = k;
      for (std::size_t d = 0; d < k; ++d) {
        if (unit[to * k + d] != unit[from * k + d]) moved = (moved == k ? d : k + 1);
      }
      if (moved >= k) throw InputError("a Morris trajectory moves one parameter per step");
      const double change = y[to] - y[from];
      usable = std::isfinite(change);
      effect[moved] = change / (unit[to * k + moved] - unit[from * k + moved]);
    }
    if (usable) effects.push_back(std::move(effect));
  }
  if (effects.size() < 2) {
    throw InputError("Morris effects need two whole trajectories or more, got " +
                     std::to_string(effects.size()) +
                     " (a trajectory is left out when one of its points has not run or its "
                     "output is undefined there)");
  }
  const auto mu_star = [&](const std::vector<std::size_t>& used) {
    std::vector<double> means(k, 0.0);
    for (const std::size_t t : used)
      for (std::size_t d = 0; d < k; ++d)
        means[d] += std::abs(effects[t][d]);
    for (auto& mean : means)
      mean /= static_cast<double>(used.size());
    return means;
  };
  MorrisEffects result;
  result.trajectories = effects.size();
  std::vector<std::size_t> all(effects.size());
  for (std::size_t t = 0; t < all.size(); ++t)
    all[t] = t;
  const std::vector<double> star = mu_star(all);
  const std::vector<double> half = bootstrap_half_widths(effects.size(), k, options, mu_star);
  const auto n = static_cast<double>(effects.size());
  for (std::size_t d = 0; d < k; ++d) {
    double mean = 0.0;
    for (const auto& effect : effects)
      mean += effect[d];
    mean /= n;
    double squares = 0.0;
    for (const auto& effect : effects)
      squares += (effect[d] - mean) * (effect[d] - mean);
    result.mu.push_back(mean);
    result.sigma.push_back(std::sqrt(squares / (n - 1.0)));
    result.mu_star.push_back({star[d], half[d]});
  }
  return result;
}

}  // namespace omnisim
