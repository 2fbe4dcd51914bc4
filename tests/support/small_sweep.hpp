#pragma once
// The small sweep the CLI, MPI and Slurm tests kill, resume, shard and
// compare: a Sobol' design over two parameters of a 600-customer, one-year
// scenario, two strategies, two replications -- long enough to be stopped
// half way, short enough for every build.

#include <string>

namespace omnisim::testing {

inline std::string small_sweep(int points) {
  return R"(design = "sobol"
points = )" +
         std::to_string(points) +
         R"(
replications = 2
strategies = ["omnichannel", "multichannel"]
kpis = ["clv_lifetime_eur", "retention_12m"]

[fixed]
simulation.customers = 600
simulation.horizon_days = 365
acquisition.window_days = 365

[[parameter]]
key = "strategies.omnichannel.linkage"
low = 0.3
high = 1.0

[[parameter]]
key = "mechanisms.habit.utility"
levels = [0.5, 1.4, 2.0]
)";
}

}  // namespace omnisim::testing
