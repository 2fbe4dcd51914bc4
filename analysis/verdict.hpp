#pragma once
// Where the verdict flips (README "Where the verdict flips"): over the points
// of a sweep, the sign of a contrast between strategies on one KPI -- the
// target minus another strategy, or minus the best of several at each point
// (the best single-channel firm, say) -- and where it changes: break-even
// regions rather than point rankings. Each point's contrast is paired over
// its replications (same customers); a least-squares plane over the
// parameters' unit coordinates summarises how each parameter moves it and
// where, with the others at the centres of their ranges, it crosses zero.

#include <array>
#include <string>
#include <vector>

#include "analysis/statistics.hpp"
#include "sim/io/sweep_file.hpp"

namespace omnisim {

struct Contrast {
  std::string target;
  // One strategy, or several: then, at each point, the one of them with the
  // highest mean (the target's best rival there).
  std::vector<std::string> against;
  std::string label;  // e.g. "omnichannel - best single channel"
};

struct ParameterEffect {
  std::string parameter;
  double low = 0.0, high = 0.0;  // the values the design spans
  // The fitted contrast's change from the low to the high end of the range.
  double effect = 0.0;
  // The value at which the fitted contrast is 0, the other parameters at the
  // centres of their ranges; NaN when it stays on one side over the range.
  double break_even = 0.0;
  // Per third of the range: the share of its points where the contrast is
  // above 0, and below 0 (intervals that exclude 0).
  std::array<double, 3> above{}, below{};
};

struct ContrastVerdict {
  Contrast contrast;
  std::size_t points = 0;            // points with every replication defined
  std::size_t above = 0, below = 0;  // points whose interval excludes 0, by side
  double centre = 0.0;               // the fitted contrast with every parameter at its centre
  double r_squared = 0.0;            // of the plane over the points' means
  std::vector<ParameterEffect> parameters;  // in the sweep's order
  // The two parameters with the largest effects, and the share of points
  // above 0 in each cell of their thirds (NaN where no point fell):
  // [third of the first][third of the second].
  std::array<std::size_t, 2> strongest{};
  std::array<std::array<double, 3>, 3> region_above{};
};

// InputError naming an unknown KPI or strategy.
ContrastVerdict contrast_verdict(const SweepData& data, const std::string& kpi,
                                 const Contrast& contrast, double confidence);

}  // namespace omnisim
