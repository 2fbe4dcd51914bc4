#include "analysis/sweep_analysis.hpp"

#include <algorithm>
#include <limits>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

std::size_t index_in(const std::vector<std::string>& names, const std::string& name,
                     const std::string& what) {
  const auto found = std::find(names.begin(), names.end(), name);
  if (found == names.end()) {
    std::string known;
    for (const auto& candidate : names)
      known += (known.empty() ? "" : ", ") + candidate;
    throw InputError("unknown " + what + " \"" + name + "\" (the sweep kept: " + known + ")");
  }
  return static_cast<std::size_t>(found - names.begin());
}

std::vector<double> column(const SweepData& data, std::size_t i, std::size_t strategy,
                           std::size_t kpi) {
  const auto replications = static_cast<std::size_t>(data.layout.replications);
  const std::size_t n_kpis = data.layout.kpis.size();
  std::vector<double> values;
  for (std::size_t r = 0; r < replications; ++r)
    values.push_back(data.values[i][(strategy * replications + r) * n_kpis + kpi]);
  return values;
}

}  // namespace

std::string SweepOutput::label() const {
  return minus.empty() ? kpi + " of " + strategy : kpi + ", " + strategy + " - " + minus;
}

std::vector<double> replication_outputs(const SweepData& data, std::size_t i,
                                        const SweepOutput& output) {
  const std::size_t kpi = index_in(data.layout.kpis, output.kpi, "KPI");
  std::vector<double> values =
      column(data, i, index_in(data.layout.strategies, output.strategy, "strategy"), kpi);
  if (!output.minus.empty()) {
    const std::vector<double> other =
        column(data, i, index_in(data.layout.strategies, output.minus, "strategy"), kpi);
    for (std::size_t r = 0; r < values.size(); ++r)
      values[r] -= other[r];
  }
  return values;
}

std::vector<double> point_outputs(const SweepData& data, const SweepOutput& output) {
  std::vector<double> outputs(data.layout.points, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < data.points_done.size(); ++i) {
    const std::vector<double> values = replication_outputs(data, i, output);
    // A NaN replication (a KPI undefined there) makes the point's mean NaN:
    // leaving it out would mix different customers into one mean.
    double sum = 0.0;
    for (const double value : values)
      sum += value;
    outputs[data.points_done[i]] = sum / static_cast<double>(values.size());
  }
  return outputs;
}

std::vector<PointSummary> summarize_points(const SweepData& data, const std::string& kpi,
                                           double confidence) {
  const std::size_t k = index_in(data.layout.kpis, kpi, "KPI");
  std::vector<PointSummary> summaries;
  const std::size_t n_strategies = data.layout.strategies.size();
  for (std::size_t i = 0; i < data.points_done.size(); ++i) {
    PointSummary summary{
        data.points_done[i],
        {},
        {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(), 0}};
    for (std::size_t s = 0; s < n_strategies; ++s)
      summary.levels.push_back(mean_interval(column(data, i, s, k), confidence));
    if (n_strategies >= 2) {
      summary.difference =
          paired_difference(column(data, i, 0, k), column(data, i, 1, k), confidence);
    }
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

SweepSensitivity sweep_sensitivity(const SweepData& data, const SweepOutput& output,
                                   const BootstrapOptions& options) {
  const std::vector<double> y = point_outputs(data, output);
  const std::size_t k = data.layout.parameters.size();
  SweepSensitivity result;
  if (data.layout.design == "saltelli") {
    result.method = SweepSensitivity::Method::kSobol;
    result.indices = sobol_indices(y, k, options, data.layout.second_order != 0);
  } else if (data.layout.design == "morris") {
    result.method = SweepSensitivity::Method::kMorris;
    result.effects = morris_effects(data.layout.unit, y, k, options);
  } else {
    // The values run (a categorical parameter's level index), which is
    // what a regression on the parameters means.
    result.method = SweepSensitivity::Method::kRegression;
    result.regression = regression_indices(data.layout.value, y, k, options);
  }
  return result;
}

}  // namespace omnisim
