#include "analysis/comparison.hpp"

namespace omnisim {

Comparison compare_strategies(const ExperimentResults& results, std::size_t baseline_slot,
                              double confidence) {
  Comparison comparison;
  comparison.baseline_slot = baseline_slot;
  comparison.confidence = confidence;
  const std::size_t n_slots = results.strategies.size();
  for (std::size_t k = 0; k < results.kpis.size(); ++k) {
    const std::vector<double> baseline = results.kpi_column(baseline_slot, k);
    auto& levels = comparison.levels.emplace_back();
    auto& differences = comparison.differences.emplace_back();
    for (std::size_t s = 0; s < n_slots; ++s) {
      const std::vector<double> values = results.kpi_column(s, k);
      levels.push_back(mean_interval(values, confidence));
      differences.push_back(paired_difference(values, baseline, confidence));
    }
  }
  return comparison;
}

}  // namespace omnisim
