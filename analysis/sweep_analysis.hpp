#pragma once
// What a sweep file says: each point's output (a KPI's mean over the
// replications for a strategy, or the paired difference of two strategies),
// per-point intervals and who wins where, and the sensitivity of an output
// to the parameters by the method its design was made for.

#include <string>
#include <vector>

#include "analysis/regression_indices.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/statistics.hpp"
#include "sim/io/sweep_file.hpp"

namespace omnisim {

// What one number per point is: `kpi` of `strategy`, minus `minus`'s on the
// same customers when given. InputError naming what is unknown.
struct SweepOutput {
  std::string kpi;
  std::string strategy;
  std::string minus;  // empty: a level, not a difference
  std::string label() const;
};

// One value per point of the design (NaN where the point did not run).
std::vector<double> point_outputs(const SweepData& data, const SweepOutput& output);

// The replications of `output` at the i-th point held (data.values[i]).
std::vector<double> replication_outputs(const SweepData& data, std::size_t i,
                                        const SweepOutput& output);

struct PointSummary {
  std::size_t point;
  std::vector<Interval> levels;  // per strategy
  Interval difference;           // first strategy minus the second (paired); NaN with one
};

std::vector<PointSummary> summarize_points(const SweepData& data, const std::string& kpi,
                                           double confidence);

// Sobol' indices (saltelli design), Morris effects (morris design) or
// regression indices (any other design) of the output.
struct SweepSensitivity {
  enum class Method { kSobol, kMorris, kRegression };
  Method method = Method::kSobol;
  SobolIndices indices;          // saltelli
  MorrisEffects effects;         // morris
  RegressionIndices regression;  // lhs, random, sobol, grid
};
SweepSensitivity sweep_sensitivity(const SweepData& data, const SweepOutput& output,
                                   const BootstrapOptions& options);

}  // namespace omnisim
