#pragma once
// Global sensitivity of one output to a sweep's parameters, from the outputs
// of its design's points alone (as SALib's analyze functions do):
//  - Sobol' first-order and total indices from a Saltelli design
//    (sim/experiment/design.hpp): the estimators of Saltelli et al. (2010,
//    first order) and Jansen (1999, total), and with the design's BA points
//    the second-order indices (Saltelli 2002, as SALib computes them), with
//    bootstrap confidence intervals over the base points;
//  - Morris elementary effects from Morris trajectories: mu, mu* (mean
//    absolute effect, Campolongo et al. 2007) and sigma, per unit of the
//    parameter's whole range, mu* with a bootstrap interval over trajectories.
// Validated on the Ishigami function, whose indices are known analytically
// (tests/analysis/sensitivity_test.cpp).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace omnisim {

struct IndexEstimate {
  double estimate;
  double half_width;  // of the confidence interval: z * bootstrap standard error
};

struct SecondOrderIndex {
  std::size_t i, j;  // parameters, i < j
  IndexEstimate estimate;
};

struct SobolIndices {
  std::vector<IndexEstimate> first, total;  // one per parameter
  std::vector<SecondOrderIndex> second;     // every pair, with second_order
  std::size_t base_points = 0;              // groups used
  double variance = 0.0;                    // of the output over A and B points
};

struct BootstrapOptions {
  double confidence = 0.95;
  std::size_t resamples = 1000;
  std::uint64_t seed = 1;
};

// Estimates from resamples of `n` units (groups, trajectories, points)
// drawn with replacement: `estimate(units)` returns one value per index;
// the half widths are z times the resamples' standard deviation, as SALib
// reports (a resample whose estimate is not finite is left out of it).
std::vector<double> bootstrap_half_widths(
    std::size_t n, std::size_t n_indices, const BootstrapOptions& options,
    const std::function<std::vector<double>(const std::vector<std::size_t>&)>& estimate);

// `y` holds the outputs of whole Saltelli groups (k + 2 values each, 2k + 2
// with `second_order`, in the design's order); a group with a NaN output is
// left out.
SobolIndices sobol_indices(std::span<const double> y, std::size_t parameters,
                           const BootstrapOptions& options = {}, bool second_order = false);

// What a reader of the indices should know, one sentence each, naming the
// parameters by `names`: an output constant over the design (the indices
// are undefined: NaN), intervals too wide to rank the parameters (small N),
// a first-order index above its total one or an index far outside [0, 1]
// (both impossible in theory: too few base points).
std::vector<std::string> sobol_warnings(const SobolIndices& indices,
                                        std::span<const std::string> names);

struct MorrisEffects {
  std::vector<double> mu, sigma;
  std::vector<IndexEstimate> mu_star;
  std::size_t trajectories = 0;  // used
};

// `unit` holds the points' coordinates (row-major, k per point) and `y`
// their outputs, whole trajectories of k + 1 points in the design's order; a
// trajectory with a NaN output is left out.
MorrisEffects morris_effects(std::span<const double> unit, std::span<const double> y,
                             std::size_t parameters, const BootstrapOptions& options = {});

}  // namespace omnisim
