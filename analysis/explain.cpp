#include "analysis/explain.hpp"

#include <algorithm>
#include <cmath>

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
    if (kpi == ablation.all_on.kpis.size()) throw InputError("unknown KPI \"" + name + "\"");
    // Per replication: total, structural, each part, interaction.
    const auto total = differences(ablation.all_on, kpi);
    std::vector<std::vector<double>> terms{total, differences(ablation.all_off, kpi)};
    std::vector<double> residual = minus(total, terms[1]);
    for (std::size_t m = 0; m < ablation.mechanisms.size(); ++m) {
      terms.push_back(minus(total, differences(ablation.without[m], kpi)));
      residual = minus(residual, terms.back());
    }
    terms.push_back(residual);
    // A replication where any term is undefined (a NaN KPI) is left out of
    // every term, so the terms still add up to the total.
    std::vector<std::vector<double>> kept(terms.size());
    for (std::size_t r = 0; r < total.size(); ++r) {
      const bool finite = std::all_of(terms.begin(), terms.end(),
                                      [r](const auto& term) { return std::isfinite(term[r]); });
      if (!finite) continue;
      for (std::size_t t = 0; t < terms.size(); ++t)
        kept[t].push_back(terms[t][r]);
    }
    Waterfall waterfall{name, ablation.all_on.kpis[kpi].unit, {}, {}, {}, {}};
    waterfall.total = mean_interval(kept.front(), confidence);
    waterfall.structural = mean_interval(kept[1], confidence);
    for (std::size_t m = 0; m < ablation.mechanisms.size(); ++m) {
      waterfall.parts.emplace_back(ablation.mechanisms[m], mean_interval(kept[2 + m], confidence));
    }
    waterfall.interaction = mean_interval(kept.back(), confidence);
    waterfalls.push_back(std::move(waterfall));
  }
  return waterfalls;
}

}  // namespace omnisim
