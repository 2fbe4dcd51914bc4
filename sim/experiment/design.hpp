#pragma once
// Designs of experiments for parameter sweeps (issue 13's first step): where
// in the parameter space the points go, as coordinates in the unit cube, and
// how a coordinate becomes a parameter value (ParameterRange).
//
// Every design is a pure function of (kind, dimensions, points, seed): the
// same points on any machine and thread count. Random and Latin-hypercube
// designs draw from counter-based streams keyed by (seed, dimension, point),
// never by the order of evaluation.

#include <cstdint>
#include <string>
#include <vector>

namespace omnisim {

enum class DesignKind {
  kGrid,            // full factorial over each dimension's levels
  kRandom,          // independent uniform points
  kLatinHypercube,  // each of n equal strata of every dimension hit once
  kSobol,           // Sobol' quasi-random points (Joe & Kuo directions, Boost.Random)
};

// "grid", "random", "lhs", "sobol"; InputError naming the expected ones.
DesignKind design_kind_named(const std::string& name);
const char* design_kind_name(DesignKind kind);

// Points in [0, 1)^dimensions, row by row. A grid has the product of
// `grid_levels` points (one count per dimension) at the levels' centres,
// (i + 0.5) / levels; the other kinds have `n_points`. Sobol's sequence
// starts after its all-zero point, as Joe & Kuo's tables count it.
std::vector<std::vector<double>> unit_design(DesignKind kind, std::size_t dimensions,
                                             std::size_t n_points, std::uint64_t seed,
                                             const std::vector<std::size_t>& grid_levels = {});

// How a unit coordinate becomes a value of one varied parameter.
struct ParameterRange {
  enum class Distribution { kUniform, kLogUniform, kNormal, kInteger, kLevels };
  Distribution distribution = Distribution::kUniform;
  double low = 0.0, high = 1.0;     // uniform, log-uniform (low > 0), integer (inclusive)
  double mean = 0.0, sd = 1.0;      // normal
  std::vector<std::string> levels;  // levels: categorical or listed values, as TOML text
  // The number of distinct values a grid takes: the levels, the integers in
  // [low, high]; 0 for a continuous range (a grid needs its count given).
  std::size_t count() const;
  // The value at unit coordinate u in [0, 1), as TOML text for --set.
  std::string value_at(double u) const;
};

}  // namespace omnisim
