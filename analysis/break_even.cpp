#include "analysis/break_even.hpp"

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

std::size_t kpi_index(const ExperimentResults& results, const std::string& name) {
  for (std::size_t k = 0; k < results.kpis.size(); ++k) {
    if (results.kpis[k].name == name) return k;
  }
  throw ModelError("break_even_fixed_costs: no KPI " + name);
}

}  // namespace

std::vector<BreakEven> break_even_fixed_costs(const Model& model, const ExperimentResults& results,
                                              std::size_t baseline_slot, double confidence) {
  const std::size_t clv = kpi_index(results, kBreakEvenKpi);
  const std::size_t years = kpi_index(results, kBreakEvenYears);
  const std::vector<double> baseline = results.kpi_column(baseline_slot, clv);
  std::vector<BreakEven> break_evens;
  for (std::size_t s = 0; s < results.strategies.size(); ++s) {
    const double fixed_cost =
        model.strategies[static_cast<std::size_t>(results.strategies[s])].fixed_cost_eur_per_day *
        kDaysPerYear;
    const std::vector<double> values = results.kpi_column(s, clv);
    const std::vector<double> customer_years = results.kpi_column(s, years);
    std::vector<double> break_even;
    for (std::size_t r = 0; r < values.size(); ++r) {
      break_even.push_back(fixed_cost + (values[r] - baseline[r]) / customer_years[r]);
    }
    break_evens.push_back({fixed_cost, mean_interval(break_even, confidence)});
  }
  return break_evens;
}

}  // namespace omnisim
