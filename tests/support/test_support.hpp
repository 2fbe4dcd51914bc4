#pragma once
// Shared helpers: models built from the built-in scenario with overrides,
// and runs of several strategies.

#include <string>
#include <vector>

#include <tbb/global_control.h>

#include "sim/experiment/experiment.hpp"
#include "sim/model/model.hpp"

namespace omnisim::testing {

Model builtin_model(const std::vector<std::string>& overrides = {});

// Overrides that switch off every mechanism and bridge of the registry, so
// customers are plain Pareto/NBD buyers with Gamma-Gamma spend
// (docs/model.md §2, §10).
std::vector<std::string> every_mechanism_off();

// Overrides that switch off integration (docs/model.md §0's test of the
// principle): the linkage-dependent mechanisms (context, personalisation,
// first-contact resolution) and every bridge, as the registry marks them.
std::vector<std::string> integration_off();

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b);

// "simulation.customers=<n>", with n divided by 4 in sanitizer builds (which
// run about ten times slower) for tests whose statistics do not need the size.
std::string customers(int n);

// While it lives, TBB may run `threads` workers even on a machine with fewer
// cores, so a test at 4 threads really splits the work 4 ways.
inline tbb::global_control allow_threads(int threads) {
  return tbb::global_control(tbb::global_control::max_allowed_parallelism,
                             static_cast<std::size_t>(threads));
}

ExperimentResults run_strategies(const Model& model, const std::vector<std::string>& strategies,
                                 int threads = 0);

// Index of a KPI by name; fails the test if unknown.
std::size_t kpi_index(const ExperimentResults& results, const std::string& name);

}  // namespace omnisim::testing
