#include "sim/kpi/results.hpp"

#include <limits>

namespace omnisim {

std::vector<double> ExperimentResults::kpi_column(std::size_t s, std::size_t k) const {
  std::vector<double> column;
  column.reserve(kpi_values[s].size());
  for (const auto& replication : kpi_values[s])
    column.push_back(replication[k]);
  return column;
}

std::vector<double> retention_curve(const Tally& tally) {
  const std::size_t months = tally.age_eligible.size() - 1;
  std::vector<double> curve(months);
  // Customers observable (alive) for at least m months: suffix sums from m.
  std::uint64_t eligible = 0, alive = 0;
  for (std::size_t m = months; m >= 1; --m) {
    eligible += tally.age_eligible[m];
    alive += tally.age_alive[m];
    curve[m - 1] = eligible > 0 ? static_cast<double>(alive) / static_cast<double>(eligible)
                                : std::numeric_limits<double>::quiet_NaN();
  }
  return curve;
}

}  // namespace omnisim
