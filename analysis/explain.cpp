#include "analysis/explain.hpp"

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

// Target minus baseline, per replication.
std::vector<double> differences(const ExperimentResults& results, std::size_t kpi) {
  const auto baseline = results.kpi_column(0, kpi);
  const auto target = results.kpi_column(1, kpi);
  std::vector<double> d(baseline.size());
  for (std::size_t r = 0; r < d.size(); ++r)
    d[r] = target[r] - baseline[r];
  return d;
}

std::vector<double> minus(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d(a.size());
  for (std::size_t r = 0; r < d.size(); ++r)
    d[r] = a[r] - b[r];
  return d;
}

}  // namespace

std::vector<Waterfall> explain(const AblationResults& ablation,
                               const std::vector<std::string>& kpis, double confidence) {
  std::vector<Waterfall> waterfalls;
  for (const auto& name : kpis) {
    std::size_t kpi = ablation.all_on.kpis.size();
    for (std::size_t k = 0; k < ablation.all_on.kpis.size(); ++k) {
      if (ablation.all_on.kpis[k].name == name) kpi = k;
    }
    if (kpi == ablation.all_on.kpis.size())
      throw InputError("--kpis: unknown KPI \"" + name + "\"");
    Waterfall waterfall{name, ablation.all_on.kpis[kpi].unit, {}, {}, {}, {}};
    const auto total = differences(ablation.all_on, kpi);
    const auto structural = differences(ablation.all_off, kpi);
    std::vector<double> residual = minus(total, structural);
    for (std::size_t m = 0; m < ablation.mechanisms.size(); ++m) {
      const auto part = minus(total, differences(ablation.without[m], kpi));
      residual = minus(residual, part);
      waterfall.parts.emplace_back(ablation.mechanisms[m], mean_interval(part, confidence));
    }
    waterfall.total = mean_interval(total, confidence);
    waterfall.structural = mean_interval(structural, confidence);
    waterfall.interaction = mean_interval(residual, confidence);
    waterfalls.push_back(std::move(waterfall));
  }
  return waterfalls;
}

}  // namespace omnisim
