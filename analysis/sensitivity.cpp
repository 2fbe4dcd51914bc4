#include "analysis/sensitivity.hpp"

#include <cmath>
#include <functional>
#include <limits>

#include <boost/math/distributions/normal.hpp>

#include "sim/core/error.hpp"
#include "sim/core/random.hpp"

namespace omnisim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double z_of(double confidence) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + confidence / 2.0);
}

// Estimates from resamples of `n` units (groups or trajectories) drawn with
// replacement: `estimate(units)` returns one value per index; the half
// widths are z times the resamples' standard deviation, as SALib reports.
std::vector<double> bootstrap_half_widths(
    std::size_t n, std::size_t n_indices, const BootstrapOptions& options,
    const std::function<std::vector<double>(const std::vector<std::size_t>&)>& estimate) {
  std::vector<double> sum(n_indices, 0.0), sum_squares(n_indices, 0.0);
  std::vector<std::size_t> units(n);
  for (std::size_t b = 0; b < options.resamples; ++b) {
    RandomStream stream(StreamFamily{options.seed, 0}, b, Purpose::kBootstrap, 0);
    for (auto& unit : units)
      unit = std::min(n - 1,
                      static_cast<std::size_t>((1.0 - stream.uniform()) * static_cast<double>(n)));
    const std::vector<double> values = estimate(units);
    for (std::size_t i = 0; i < n_indices; ++i) {
      sum[i] += values[i];
      sum_squares[i] += values[i] * values[i];
    }
  }
  const double z = z_of(options.confidence);
  const auto count = static_cast<double>(options.resamples);
  std::vector<double> half(n_indices, kNaN);
  if (options.resamples < 2) return half;
  for (std::size_t i = 0; i < n_indices; ++i) {
    const double mean = sum[i] / count;
    const double variance = std::max(0.0, (sum_squares[i] - count * mean * mean) / (count - 1.0));
    half[i] = z * std::sqrt(variance);
  }
  return half;
}

}  // namespace

SobolIndices sobol_indices(std::span<const double> y, std::size_t parameters,
                           const BootstrapOptions& options) {
  const std::size_t k = parameters;
  const std::size_t size = k + 2;
  if (k == 0 || y.size() % size != 0) {
    throw InputError("Sobol' indices need whole Saltelli groups of k + 2 outputs");
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
      mean += y[g] + y[g + k + 1];
    }
    mean /= 2.0 * n;
    double variance = 0.0;
    for (const std::size_t u : used) {
      const std::size_t g = groups[u] * size;
      variance += (y[g] - mean) * (y[g] - mean) + (y[g + k + 1] - mean) * (y[g + k + 1] - mean);
    }
    variance /= 2.0 * n;
    std::vector<double> indices(2 * k, 0.0);
    for (const std::size_t u : used) {
      const std::size_t g = groups[u] * size;
      // Centred, as SALib does: the first-order estimator's variance grows
      // with the output's mean, which it does not depend on otherwise.
      const double a = y[g] - mean, b = y[g + k + 1] - mean;
      for (std::size_t i = 0; i < k; ++i) {
        const double ab = y[g + 1 + i] - mean;
        indices[i] += b * (ab - a);
        indices[k + i] += 0.5 * (a - ab) * (a - ab);
      }
    }
    for (auto& index : indices)
      index /= n * variance;
    indices.push_back(variance);
    return indices;
  };
  std::vector<std::size_t> all(groups.size());
  for (std::size_t u = 0; u < all.size(); ++u)
    all[u] = u;
  const std::vector<double> point = estimate(all);
  const std::vector<double> half = bootstrap_half_widths(groups.size(), 2 * k, options, estimate);
  SobolIndices result;
  result.base_points = groups.size();
  result.variance = point[2 * k];
  for (std::size_t i = 0; i < k; ++i) {
    result.first.push_back({point[i], half[i]});
    result.total.push_back({point[k + i], half[k + i]});
  }
  return result;
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
