#pragma once
// Sensitivity from any design's points (lhs, random, sobol, grid) by
// regression, for sweeps that were not made for Sobol' indices or Morris
// effects (Saltelli et al. 2008, Global Sensitivity Analysis, ch. 1.2; SALib
// and EMA Workbench report the same):
//  - standardised regression coefficients (SRC): the output and the
//    parameters scaled to unit variance, the least-squares slopes; with R^2
//    near 1 (a nearly linear output) SRC_i^2 is parameter i's share of the
//    variance;
//  - partial rank correlation coefficients (PRCC): the correlation of
//    parameter i's ranks and the output's once the other parameters' ranks
//    are regressed out -- monotone effects, whatever their shape.
// Both with bootstrap intervals over the points.

#include <span>
#include <vector>

#include "analysis/sensitivity.hpp"

namespace omnisim {

struct RegressionIndices {
  std::vector<IndexEstimate> src, prcc;  // one per parameter
  double r_squared = 0.0;                // of the linear fit on the values (SRC's)
  std::size_t points = 0;                // used (those with a finite output)
};

// `values` holds the points' parameter values (row-major, k per point) and
// `y` their outputs; a point with a NaN output is left out. InputError with
// fewer than k + 2 points, or a parameter (or the output) constant over them.
RegressionIndices regression_indices(std::span<const double> values, std::span<const double> y,
                                     std::size_t parameters, const BootstrapOptions& options = {});

}  // namespace omnisim
