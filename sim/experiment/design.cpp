#include "sim/experiment/design.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include <boost/math/distributions/normal.hpp>
#include <boost/random/sobol.hpp>

#include "sim/core/error.hpp"
#include "sim/core/numbers.hpp"
#include "sim/core/random.hpp"

namespace omnisim {
namespace {

// The streams of a design: one per (dimension, point) for random points, one
// per dimension for a Latin hypercube's permutation.
RandomStream design_stream(std::uint64_t seed, std::size_t dimension, std::uint64_t occasion) {
  return RandomStream(StreamFamily{seed, 0}, dimension, Purpose::kDesign, occasion);
}

// A uniform in [0, 1) from the stream (RandomStream::uniform is in (0, 1]).
double unit(RandomStream& stream) {
  return 1.0 - stream.uniform();
}

}  // namespace

DesignKind design_kind_named(const std::string& name) {
  for (const DesignKind kind : {DesignKind::kGrid, DesignKind::kRandom, DesignKind::kLatinHypercube,
                                DesignKind::kSobol, DesignKind::kSaltelli, DesignKind::kMorris}) {
    if (name == design_kind_name(kind)) return kind;
  }
  throw InputError("expected grid, random, lhs, sobol, saltelli or morris, got \"" + name + "\"");
}

const char* design_kind_name(DesignKind kind) {
  switch (kind) {
    case DesignKind::kGrid:
      return "grid";
    case DesignKind::kRandom:
      return "random";
    case DesignKind::kLatinHypercube:
      return "lhs";
    case DesignKind::kSobol:
      return "sobol";
    case DesignKind::kSaltelli:
      return "saltelli";
    case DesignKind::kMorris:
      return "morris";
  }
  return "unknown";
}

std::vector<std::vector<double>> unit_design(DesignKind kind, std::size_t dimensions,
                                             std::size_t n_points, std::uint64_t seed,
                                             const std::vector<std::size_t>& grid_levels) {
  std::vector<std::vector<double>> points;
  if (dimensions == 0) return points;
  switch (kind) {
    case DesignKind::kGrid: {
      if (grid_levels.size() != dimensions ||
          std::find(grid_levels.begin(), grid_levels.end(), 0U) != grid_levels.end()) {
        throw InputError("a grid needs a positive number of levels for every parameter");
      }
      const std::size_t total = std::accumulate(grid_levels.begin(), grid_levels.end(),
                                                std::size_t{1}, std::multiplies<>());
      for (std::size_t index = 0; index < total; ++index) {
        // The last dimension varies fastest.
        std::vector<double> point(dimensions);
        std::size_t rest = index;
        for (std::size_t d = dimensions; d-- > 0;) {
          const std::size_t level = rest % grid_levels[d];
          rest /= grid_levels[d];
          point[d] = (static_cast<double>(level) + 0.5) / static_cast<double>(grid_levels[d]);
        }
        points.push_back(std::move(point));
      }
      return points;
    }
    case DesignKind::kRandom:
      for (std::size_t p = 0; p < n_points; ++p) {
        std::vector<double> point(dimensions);
        for (std::size_t d = 0; d < dimensions; ++d) {
          RandomStream stream = design_stream(seed, d, p + 1);
          point[d] = unit(stream);
        }
        points.push_back(std::move(point));
      }
      return points;
    case DesignKind::kLatinHypercube: {
      points.assign(n_points, std::vector<double>(dimensions));
      for (std::size_t d = 0; d < dimensions; ++d) {
        // A uniform permutation of the strata (Fisher-Yates), and a uniform
        // position within each stratum.
        RandomStream stream = design_stream(seed, d, 0);
        std::vector<std::size_t> strata(n_points);
        std::iota(strata.begin(), strata.end(), std::size_t{0});
        for (std::size_t i = n_points; i > 1; --i) {
          const auto j = static_cast<std::size_t>(unit(stream) * static_cast<double>(i));
          std::swap(strata[i - 1], strata[std::min(j, i - 1)]);
        }
        for (std::size_t p = 0; p < n_points; ++p) {
          points[p][d] =
              (static_cast<double>(strata[p]) + unit(stream)) / static_cast<double>(n_points);
        }
      }
      return points;
    }
    case DesignKind::kSobol: {
      if (dimensions > 3667) throw InputError("a Sobol' design takes at most 3667 parameters");
      boost::random::sobol sequence(static_cast<unsigned>(dimensions));
      for (std::size_t p = 0; p < n_points; ++p) {
        std::vector<double> point(dimensions);
        for (std::size_t d = 0; d < dimensions; ++d)
          point[d] = std::ldexp(static_cast<double>(sequence()), -64);
        points.push_back(std::move(point));
      }
      return points;
    }
    case DesignKind::kSaltelli:
      return saltelli_design(dimensions, n_points);
    case DesignKind::kMorris:
      throw InputError("a Morris design needs its number of levels (morris_design)");
  }
  return points;
}

std::vector<std::vector<double>> saltelli_design(std::size_t dimensions, std::size_t base_points,
                                                 bool second_order) {
  // unit_design's row r is the Sobol' point r + 1 (it starts after 0).
  std::size_t skip = 1;
  while (skip < base_points)
    skip *= 2;
  auto base = unit_design(DesignKind::kSobol, 2 * dimensions, skip - 1 + base_points, 0);
  base.erase(base.begin(), base.begin() + static_cast<std::ptrdiff_t>(skip - 1));
  std::vector<std::vector<double>> points;
  points.reserve(base_points * saltelli_group_size(dimensions, second_order));
  const auto k = static_cast<std::ptrdiff_t>(dimensions);
  for (const auto& row : base) {
    const std::vector<double> a(row.begin(), row.begin() + k);
    const std::vector<double> b(row.begin() + k, row.end());
    points.push_back(a);
    for (std::size_t i = 0; i < dimensions; ++i) {
      std::vector<double> ab = a;
      ab[i] = b[i];
      points.push_back(std::move(ab));
    }
    if (second_order) {
      for (std::size_t i = 0; i < dimensions; ++i) {
        std::vector<double> ba = b;
        ba[i] = a[i];
        points.push_back(std::move(ba));
      }
    }
    points.push_back(b);
  }
  return points;
}

std::vector<std::vector<double>> morris_design(std::size_t dimensions, std::size_t trajectories,
                                               std::size_t levels, std::uint64_t seed) {
  if (levels < 2 || levels % 2 != 0) {
    throw InputError("a Morris design needs an even number of levels (4 is usual)");
  }
  const double top = static_cast<double>(levels - 1);
  const double delta = static_cast<double>(levels) / (2.0 * top);
  std::vector<std::vector<double>> points;
  points.reserve(trajectories * (dimensions + 1));
  for (std::size_t t = 0; t < trajectories; ++t) {
    // The trajectory's own stream: dimension slot `dimensions` is never a
    // coordinate's (those of the random design use 0..k-1).
    RandomStream stream = design_stream(seed, dimensions, t + 1);
    // A start from the levels that leave room for a step up, then each
    // coordinate's direction: stepping down starts from the upper level.
    std::vector<double> x(dimensions);
    const std::size_t starts = levels / 2;  // levels 0 .. levels/2 - 1 leave room for a step up
    for (std::size_t d = 0; d < dimensions; ++d) {
      const auto start_level = static_cast<double>(std::min(
          starts - 1, static_cast<std::size_t>(unit(stream) * static_cast<double>(starts))));
      const bool down = unit(stream) < 0.5;
      x[d] = start_level / top + (down ? delta : 0.0);
    }
    std::vector<std::size_t> order(dimensions);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = dimensions; i > 1; --i) {
      const auto j = static_cast<std::size_t>(unit(stream) * static_cast<double>(i));
      std::swap(order[i - 1], order[std::min(j, i - 1)]);
    }
    points.push_back(x);
    for (const std::size_t d : order) {
      // Rounded to the grid, so a step there and back lands on the level exactly.
      const double level = std::round(x[d] * top);
      const double up_level = level + static_cast<double>(levels) / 2.0;
      x[d] = (up_level <= top ? up_level : level - static_cast<double>(levels) / 2.0) / top;
      points.push_back(x);
    }
  }
  return points;
}

std::vector<std::size_t> shuffled_order(std::size_t n, std::uint64_t seed) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Dimension slot SIZE_MAX: no design's coordinate stream.
  RandomStream stream = design_stream(seed, static_cast<std::size_t>(-1), 0);
  for (std::size_t i = n; i > 1; --i) {
    const auto j = static_cast<std::size_t>(unit(stream) * static_cast<double>(i));
    std::swap(order[i - 1], order[std::min(j, i - 1)]);
  }
  return order;
}

std::size_t ParameterRange::count() const {
  switch (distribution) {
    case Distribution::kLevels:
      return levels.size();
    case Distribution::kInteger:
      return high >= low ? static_cast<std::size_t>(std::floor(high) - std::ceil(low)) + 1 : 0;
    default:
      return 0;
  }
}

std::string ParameterRange::value_at(double u) const {
  if (distribution == Distribution::kLevels) return levels.at(level_index(u));
  return shortest_text(number_at(u));
}

std::size_t ParameterRange::level_index(double u) const {
  u = std::clamp(u, 0.0, std::nextafter(1.0, 0.0));
  return std::min(levels.size() - 1,
                  static_cast<std::size_t>(u * static_cast<double>(levels.size())));
}

double ParameterRange::number_at(double u) const {
  u = std::clamp(u, 0.0, std::nextafter(1.0, 0.0));
  switch (distribution) {
    case Distribution::kUniform:
      return low + u * (high - low);
    case Distribution::kLogUniform:
      return std::exp(std::log(low) + u * (std::log(high) - std::log(low)));
    case Distribution::kNormal: {
      // The quantile is infinite at 0: the smallest positive coordinate stands in.
      const boost::math::normal_distribution<double> normal(mean, sd);
      return boost::math::quantile(normal, std::max(u, 1e-300));
    }
    case Distribution::kInteger: {
      const double value = std::ceil(low) + std::floor(u * static_cast<double>(count()));
      return std::min(value, std::floor(high));
    }
    case Distribution::kLevels:
      break;
  }
  // Listed levels: their numbers if they all are, else the index.
  const std::size_t index = level_index(u);
  std::vector<double> numbers;
  for (const auto& level : levels) {
    double number = 0.0;
    const auto [end, error] = std::from_chars(level.data(), level.data() + level.size(), number);
    if (error != std::errc() || end != level.data() + level.size()) {
      return static_cast<double>(index);
    }
    numbers.push_back(number);
  }
  return numbers[index];
}

}  // namespace omnisim
