#pragma once
// Everything a command measured: KPI values per strategy and replication,
// time series and retention curves. Writers and analysis read it; nothing
// here depends on how it is printed or stored.

#include <string>
#include <vector>

#include "sim/kpi/catalogue.hpp"
#include "sim/kpi/timeseries.hpp"

namespace omnisim {

struct ExperimentResults {
  std::vector<int> strategies;  // model strategy indices, in output order
  int replications = 0;
  std::vector<KpiDefinition> kpis;
  // kpi_values[s][r][k]; timeseries[s][r][period]; retention_curve[s][r][month - 1]
  std::vector<std::vector<std::vector<double>>> kpi_values;
  std::vector<std::vector<std::vector<TimeSeriesRow>>> timeseries;
  std::vector<std::vector<std::vector<double>>> retention_curve;

  // The KPI column `k` for strategy slot `s`, one value per replication.
  std::vector<double> kpi_column(std::size_t s, std::size_t k) const;
};

// Share of customers alive at each whole 30-day month of age, among those
// observable that long (from the tally's age histograms).
std::vector<double> retention_curve(const Tally& tally);

}  // namespace omnisim
