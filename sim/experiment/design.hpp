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
  kSaltelli,        // Saltelli's sampling for Sobol' sensitivity indices
  kMorris,          // Morris's one-at-a-time trajectories (elementary effects)
};

// "grid", "random", "lhs", "sobol", "saltelli", "morris"; InputError naming
// the expected ones.
DesignKind design_kind_named(const std::string& name);
const char* design_kind_name(DesignKind kind);

// Points in [0, 1)^dimensions, row by row. A grid has the product of
// `grid_levels` points (one count per dimension) at the levels' centres,
// (i + 0.5) / levels; the other kinds have `n_points`. Sobol's sequence
// starts after its all-zero point, as Joe & Kuo's tables count it.
std::vector<std::vector<double>> unit_design(DesignKind kind, std::size_t dimensions,
                                             std::size_t n_points, std::uint64_t seed,
                                             const std::vector<std::size_t>& grid_levels = {});

// Saltelli (2010) sampling for first-order and total Sobol' indices: row j
// of a 2k-dimensional Sobol' sequence gives A_j (its first k coordinates)
// and B_j (the last k); each base point j contributes k + 2 consecutive
// points A_j, AB_j^1 .. AB_j^k (A_j with coordinate i taken from B_j), B_j,
// and with `second_order` 2k + 2: A_j, AB_j^1 .. AB_j^k, BA_j^1 .. BA_j^k
// (B_j with coordinate i taken from A_j), B_j -- the order SALib's
// saltelli.sample writes (calc_second_order), so its sobol.analyze reads the
// outputs as they are. The base rows are the Sobol' points 2^m .. 2^m + N -
// 1, 2^m >= N, as SALib skips: the sequence's first points are its corner
// and its centre, where A = B and a whole group is one point.
std::vector<std::vector<double>> saltelli_design(std::size_t dimensions, std::size_t base_points,
                                                 bool second_order = false);
inline std::size_t saltelli_group_size(std::size_t dimensions, bool second_order = false) {
  return second_order ? 2 * dimensions + 2 : dimensions + 2;
}

// Morris (1991) trajectories on a grid of `levels` (even) values i / (levels
// - 1) per coordinate: each trajectory is k + 1 consecutive points, from a
// random start, moving one coordinate at a time (in random order) by
// +-levels / (2 (levels - 1)). SALib's morris.analyze reads them as they are.
std::vector<std::vector<double>> morris_design(std::size_t dimensions, std::size_t trajectories,
                                               std::size_t levels, std::uint64_t seed);

// A permutation of 0..n-1 drawn from the seed: the order a sweep runs a
// grid's points in, so that a partial run is a uniform sample of the grid
// rather than its first rows.
std::vector<std::size_t> shuffled_order(std::size_t n, std::uint64_t seed);

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
  // The value at unit coordinate u in [0, 1], as TOML text for --set.
  std::string value_at(double u) const;
  // The same value as a number for a results table: a listed level's
  // number, or its index among the levels when they are not all numbers.
  double number_at(double u) const;
  // Which of the levels u falls on.
  std::size_t level_index(double u) const;
};

}  // namespace omnisim
