// Engine throughput: one full run (every customer, every period) of the
// built-in retail scenario under the "omnichannel" strategy, at 1 and 2
// threads. Counters are comparable with the roofline benchmark
// (roofline_bench.cpp): events/s and events/s per thread, over wall time.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/counters.hpp"
#include "sim/engine/run.hpp"
#include "sim/kpi/tally.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/load.hpp"

namespace {

constexpr int kBenchCustomers = 50'000;

const omnisim::Model& bench_model() {
  static const omnisim::Model model = [] {
    const std::vector<std::string> overrides{
        "simulation.customers=" + std::to_string(kBenchCustomers),
        "simulation.replications=1",
    };
    return omnisim::build_model(omnisim::load_scenario_file("", overrides));
  }();
  return model;
}

void BM_Engine(benchmark::State& state) {
  const omnisim::Model& model = bench_model();
  const int strategy = model.strategy_index("omnichannel");
  if (strategy < 0) {
    state.SkipWithError("built-in scenario has no strategy \"omnichannel\"");
    return;
  }
  omnisim::RunRequest request;
  request.strategy = strategy;
  request.replication = 0;
  request.threads = static_cast<int>(state.range(0));

  std::uint64_t events = 0;
  std::uint64_t customers = 0;
  for (auto _ : state) {
    const omnisim::RunResult result = omnisim::run_simulation(model, request);
    events += result.totals[omnisim::Count::kEvents];
    customers += static_cast<std::uint64_t>(model.scenario.simulation.customers);
    benchmark::DoNotOptimize(result.totals[omnisim::Sum::kRevenue]);
  }
  const double n_events = static_cast<double>(events);
  omnisim::bench::set_event_counters(state, n_events, request.threads);
  state.counters["customers_per_s"] =
      benchmark::Counter(static_cast<double>(customers), benchmark::Counter::kIsRate);
  state.counters["events_per_run"] =
      benchmark::Counter(n_events, benchmark::Counter::kAvgIterations);
}

}  // namespace

BENCHMARK(BM_Engine)->Apply(omnisim::bench::at_one_and_two_threads);
