#include "sim/experiment/design.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include <boost/math/distributions/normal.hpp>
#include <boost/random/sobol.hpp>

#include "sim/core/error.hpp"
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

std::string number_text(double value) {
  char text[32];
  return std::string(text, std::to_chars(text, text + sizeof text, value).ptr);
}

}  // namespace

DesignKind design_kind_named(const std::string& name) {
  for (const DesignKind kind :
       {DesignKind::kGrid, DesignKind::kRandom, DesignKind::kLatinHypercube, DesignKind::kSobol}) {
    if (name == design_kind_name(kind)) return kind;
  }
  throw InputError("design: expected grid, random, lhs or sobol, got \"" + name + "\"");
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
  }
  return points;
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
  u = std::clamp(u, 0.0, std::nextafter(1.0, 0.0));
  switch (distribution) {
    case Distribution::kUniform:
      return number_text(low + u * (high - low));
    case Distribution::kLogUniform:
      return number_text(std::exp(std::log(low) + u * (std::log(high) - std::log(low))));
    case Distribution::kNormal: {
      // The quantile is infinite at 0: the smallest positive coordinate stands in.
      const boost::math::normal_distribution<double> normal(mean, sd);
      return number_text(boost::math::quantile(normal, std::max(u, 1e-300)));
    }
    case Distribution::kInteger: {
      const double first = std::ceil(low);
      const double value = first + std::floor(u * static_cast<double>(count()));
      return number_text(std::min(value, std::floor(high)));
    }
    case Distribution::kLevels:
      return levels.at(std::min(levels.size() - 1,
                                static_cast<std::size_t>(u * static_cast<double>(levels.size()))));
  }
  return "";
}

}  // namespace omnisim
