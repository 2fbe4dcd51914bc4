#pragma once
// A sweep's sensitivity result as one tidy table -- a row per index and
// parameter (or pair) -- with what a reader should be warned of: what
// `omnisim sensitivity` prints, writes as CSV or JSON, and the sweep report
// charts.

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/sweep_analysis.hpp"

namespace omnisim {

struct SensitivityRow {
  std::string index;      // S1, ST, S2; mu_star, mu, sigma; SRC, PRCC
  std::string parameter;  // the parameter (S2: the first of the pair)
  std::string other;      // S2: the pair's second parameter; else empty
  double estimate = 0.0;
  double half_width = 0.0;  // of the bootstrap interval; NaN where none
};

struct SensitivityTable {
  std::string output;  // e.g. "clv_eur of omnichannel"
  std::string method;  // sobol, morris, regression
  std::string design;
  double confidence = 0.95;
  std::size_t resamples = 0;
  std::size_t units = 0;  // base points, trajectories or points used
  double variance = 0.0;  // sobol: the output's; regression: R^2; morris: NaN
  std::vector<SensitivityRow> rows;
  std::vector<std::string> warnings;
};

SensitivityTable sensitivity_table(const SweepSensitivity& result,
                                   const std::vector<std::string>& parameters,
                                   const std::string& output, const std::string& design,
                                   const BootstrapOptions& options);

// index,parameter,other,estimate,half_width -- with a header, numbers in
// shortest round-trip form, NaN as "nan".
void write_sensitivity_csv(std::ostream& out, const SensitivityTable& table);
// {"output", "method", "design", "confidence", "resamples", "units",
//  "variance" or "r_squared", "warnings": [...], "indices": [{index,
//  parameter, other, estimate, half_width}]}; NaN as null.
void write_sensitivity_json(std::ostream& out, const SensitivityTable& table);

}  // namespace omnisim
