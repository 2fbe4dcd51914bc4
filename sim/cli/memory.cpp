#include "sim/cli/memory.hpp"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <sstream>

#include <unistd.h>

#include "sim/core/error.hpp"
#include "sim/engine/population.hpp"
#include "sim/engine/run.hpp"
#include "sim/io/time_ordered.hpp"
#include "sim/kpi/timeseries.hpp"

namespace omnisim::cli {

double available_memory_bytes() {
  double bytes =
      static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  std::ifstream limit("/sys/fs/cgroup/memory.max");  // "max" when unlimited
  double limit_bytes = 0.0;
  if (limit >> limit_bytes && limit_bytes > 0.0) bytes = std::min(bytes, limit_bytes);
  return bytes;
}

namespace {

// KPI values per run: the catalogue has about 80; counted generously.
constexpr double kKpiBytesPerRun = 256 * sizeof(double);

// The event log's buffers, whatever the number of customers: time order's
// held events and its sort's scratch (sim/io/time_ordered.hpp), and, counted
// generously, a writer's round of formatted text or HDF5 chunks (about 32 MB),
// a paced stream's queue (24 MB) and the engine's wave of events.
constexpr double kEventLogBytes = 2.0 * TimeOrdered::kDefaultHeldEvents * sizeof(Event) + 96e6;

}  // namespace

MemoryEstimate estimate_memory(const Model& model, std::size_t n_strategies, bool event_log,
                               const Communicator* world, bool customers_table) {
  const double bytes_per_customer =
      static_cast<double>(kBytesPerPaidCustomer + (customers_table ? sizeof(AtHorizon) : 0));
  const auto& simulation = model.simulation;
  const double customers = static_cast<double>(simulation.customers);
  const double referred_per_paid =
      model.mechanisms.word_of_mouth.on ? static_cast<double>(kMaxReferredPerPaid) : 0.0;
  MemoryEstimate estimate;
  estimate.population_bytes = customers * (1.0 + referred_per_paid) * bytes_per_customer;
  // A rank holds its share of the chunks, one paid and one referred chunk
  // more at most.
  if (world != nullptr && world->size() > 1) {
    estimate.population_bytes =
        estimate.population_bytes / world->size() +
        2.0 * static_cast<double>(kBlocksPerChunk * kCustomersPerBlock) * bytes_per_customer;
  }
  const double runs =
      static_cast<double>(n_strategies) * static_cast<double>(simulation.replications);
  const double per_run_bytes = static_cast<double>(model.time.n_periods) * sizeof(TimeSeriesRow) +
                               static_cast<double>(model.time.n_age_months + 1) * sizeof(double) +
                               kKpiBytesPerRun;
  estimate.results_bytes = runs * per_run_bytes;
  if (event_log) estimate.event_log_bytes = kEventLogBytes;
  return estimate;
}

void check_memory_fits(const Model& model, std::size_t n_strategies, bool event_log,
                       const Communicator* world, bool customers_table) {
  const MemoryEstimate estimate =
      estimate_memory(model, n_strategies, event_log, world, customers_table);
  const double memory_bytes = available_memory_bytes();
  const int ranks_here = world != nullptr ? world->ranks_here() : 1;
  if (memory_bytes <= 0.0 || estimate.total() * ranks_here <= 0.7 * memory_bytes) return;
  std::ostringstream message;
  message << std::fixed << std::setprecision(1) << "this run needs about " << estimate.total() / 1e9
          << " GB";
  if (world != nullptr && world->size() > 1) {
    message << " on each of its " << world->size() << " ranks, " << ranks_here
            << " of them on this machine,";
  }
  message << " and this machine has " << memory_bytes / 1e9 << " GB (at most 70 % may be used): ";
  if (estimate.population_bytes >= estimate.results_bytes) {
    message << "simulation.customers = " << model.simulation.customers << " take "
            << estimate.population_bytes / 1e9 << " GB";
    if (model.mechanisms.word_of_mouth.on) {
      message << " with room for " << kMaxReferredPerPaid
              << " referred customers per paid one (mechanisms.word_of_mouth)";
    }
    message << "; fewer customers, or more ranks on more machines, need less";
  } else {
    message << "the time series of " << model.simulation.replications << " replications x "
            << n_strategies << " strateg" << (n_strategies == 1 ? "y" : "ies") << " x "
            << model.time.n_periods << " periods take " << estimate.results_bytes / 1e9
            << " GB; fewer simulation.replications or a longer simulation.period_days need less";
  }
  throw InputError(message.str());
}

}  // namespace omnisim::cli
