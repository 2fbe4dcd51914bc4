#include "analysis/explain.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/shapley.hpp"
#include "sim/core/error.hpp"

namespace omnisim {
namespace {

std::size_t kpi_of(const ExperimentResults& results, const std::string& name) {
  for (std::size_t k = 0; k < results.kpis.size(); ++k) {
    if (results.kpis[k].name == name) return k;
  }
  throw InputError("unknown KPI \"" + name + "\"");
}

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

// Each term's interval over the replications where every term is finite: a
// replication with an undefined term (a NaN KPI) is left out of all of
// them, so the terms still add up.
std::vector<Interval> intervals_where_all_finite(const std::vector<std::vector<double>>& terms,
                                                 double confidence) {
  std::vector<std::vector<double>> kept(terms.size());
  for (std::size_t r = 0; r < terms.front().size(); ++r) {
    const bool finite = std::all_of(terms.begin(), terms.end(),
                                    [r](const auto& term) { return std::isfinite(term[r]); });
    if (!finite) continue;
    for (std::size_t t = 0; t < terms.size(); ++t)
      kept[t].push_back(terms[t][r]);
  }
  std::vector<Interval> intervals;
  intervals.reserve(kept.size());
  for (const auto& values : kept)
    intervals.push_back(mean_interval(values, confidence));
  return intervals;
}

// The waterfall of terms = {total, structural, one per mechanism[, interaction]},
// with the parts summed by player group.
Waterfall waterfall_of(const ExperimentResults& results, std::size_t kpi,
                       const std::vector<std::string>& mechanisms,
                       std::vector<std::vector<double>> terms, double confidence) {
  const std::size_t n_terms = terms.size();
  std::vector<PlayerGroup> groups;
  for (const PlayerGroup group :
       {PlayerGroup::kIntegration, PlayerGroup::kContactDiscipline, PlayerGroup::kOther}) {
    std::vector<double> sum(terms.front().size(), 0.0);
    bool present = false;
    for (std::size_t m = 0; m < mechanisms.size(); ++m) {
      if (player_group(mechanisms[m]) != group) continue;
      present = true;
      for (std::size_t r = 0; r < sum.size(); ++r)
        sum[r] += terms[2 + m][r];
    }
    if (!present) continue;
    groups.push_back(group);
    terms.push_back(std::move(sum));
  }
  const std::vector<Interval> intervals = intervals_where_all_finite(terms, confidence);
  Waterfall waterfall{results.kpis[kpi].name,
                      results.kpis[kpi].unit,
                      intervals[0],
                      intervals[1],
                      {},
                      {},
                      std::nullopt};
  for (std::size_t m = 0; m < mechanisms.size(); ++m)
    waterfall.parts.emplace_back(mechanisms[m], intervals[2 + m]);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    waterfall.groups.emplace_back(player_group_name(groups[g]), intervals[n_terms + g]);
  }
  if (n_terms > 2 + mechanisms.size()) waterfall.interaction = intervals[n_terms - 1];
  return waterfall;
}

}  // namespace

std::vector<Waterfall> explain(const AblationResults& ablation,
                               const std::vector<std::string>& kpis, double confidence) {
  std::vector<Waterfall> waterfalls;
  for (const auto& name : kpis) {
    const std::size_t kpi = kpi_of(ablation.all_on, name);
    // Per replication: total, structural, each part, interaction.
    const auto total = differences(ablation.all_on, kpi);
    std::vector<std::vector<double>> terms{total, differences(ablation.all_off, kpi)};
    std::vector<double> residual = minus(total, terms[1]);
    for (std::size_t m = 0; m < ablation.mechanisms.size(); ++m) {
      terms.push_back(minus(total, differences(ablation.without[m], kpi)));
      residual = minus(residual, terms.back());
    }
    terms.push_back(residual);
    waterfalls.push_back(
        waterfall_of(ablation.all_on, kpi, ablation.mechanisms, terms, confidence));
  }
  return waterfalls;
}

std::vector<Waterfall> explain_shapley(const CoalitionResults& coalitions,
                                       const std::vector<std::string>& kpis, double confidence) {
  const std::size_t k = coalitions.mechanisms.size();
  if (coalitions.coalitions.size() != attribution_variants(Attribution::kShapley, k)) {
    throw ModelError("explain_shapley: expected one result per coalition of the mechanisms");
  }
  const ExperimentResults& all_on = coalitions.coalitions.back();
  std::vector<Waterfall> waterfalls;
  for (const auto& name : kpis) {
    const std::size_t kpi = kpi_of(all_on, name);
    std::vector<std::vector<double>> d;  // [coalition][replication]
    for (const auto& coalition : coalitions.coalitions)
      d.push_back(differences(coalition, kpi));
    // Per replication: total, structural, each Shapley value.
    std::vector<std::vector<double>> terms(2 + k, std::vector<double>(d.front().size()));
    std::vector<double> values(d.size());
    for (std::size_t r = 0; r < d.front().size(); ++r) {
      for (std::size_t mask = 0; mask < d.size(); ++mask)
        values[mask] = d[mask][r];
      terms[0][r] = values.back();
      terms[1][r] = values.front();
      const std::vector<double> phi = shapley_values(values);
      for (std::size_t m = 0; m < k; ++m)
        terms[2 + m][r] = phi[m];
    }
    waterfalls.push_back(waterfall_of(all_on, kpi, coalitions.mechanisms, terms, confidence));
  }
  return waterfalls;
}

}  // namespace omnisim
