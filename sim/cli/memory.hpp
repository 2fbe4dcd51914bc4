#pragma once
// A run that cannot fit fails before it starts, naming what to change,
// rather than after minutes or at the hands of the kernel's OOM killer.

#include <cstddef>
#include <string>

#include "sim/core/communicator.hpp"
#include "sim/model/model.hpp"

namespace omnisim::cli {

// The machine's memory, or the container's limit (cgroup v2) if lower.
double available_memory_bytes();

// What a command simulating `n_strategies` strategies of `model` holds at
// its peak, in bytes, by part (everything that grows with the settings).
struct MemoryEstimate {
  double population_bytes = 0;  // one run's customers, referred ones at their cap
  double results_bytes = 0;     // every run's time series, retention curve and KPIs
  double event_log_bytes = 0;   // omnisim events: what sorts, queues and writes the log
  double total() const { return population_bytes + results_bytes + event_log_bytes; }
};
// On several ranks (`world`), the population is what this rank holds;
// `customers_table`: each customer's at-horizon snapshot is kept too.
MemoryEstimate estimate_memory(const Model& model, std::size_t n_strategies, bool event_log = false,
                               const Communicator* world = nullptr, bool customers_table = false);

// InputError if the estimate, times the ranks on this machine, exceeds 70 %
// of the machine's memory (or of the container's limit, if lower).
void check_memory_fits(const Model& model, std::size_t n_strategies, bool event_log = false,
                       const Communicator* world = nullptr, bool customers_table = false);

}  // namespace omnisim::cli
