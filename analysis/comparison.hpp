#pragma once
// Strategy comparison: each KPI's mean and interval per strategy, and each
// strategy's paired difference to the baseline.

#include <vector>

#include "analysis/statistics.hpp"
#include "sim/kpi/results.hpp"

namespace omnisim {

struct Comparison {
  std::size_t baseline_slot = 0;
  double confidence = 0.95;
  std::vector<std::vector<Interval>> levels;       // [kpi][strategy slot]
  std::vector<std::vector<Interval>> differences;  // [kpi][strategy slot], slot - baseline
};

Comparison compare_strategies(const ExperimentResults& results, std::size_t baseline_slot,
                              double confidence);

}  // namespace omnisim
