// Engine throughput: one full run (every customer, every period) of the
// built-in retail scenario under the "omnichannel" strategy, at 1 and 2
// threads. Counters are comparable with the roofline benchmark
// (roofline_bench.cpp): events/s and events/s per thread, over wall time.
//
// BM_Engine runs every mechanism, with a capacity on the assisted channels so
// that congestion acts too (the built-in scenario sets none);
// BM_EngineFoundationMechanisms switches off what issue 4 added (marketing,
// the couplings and three bridges: the registry's switches not marked
// `foundation`), for a like-for-like comparison with the foundation's
// figures on the same binary. Both simulate the horizon alone
// (RunRequest::lifetime = false), so their events are all the work timed;
// BM_EngineLifetime is BM_Engine with the years after the horizon simulated
// for lifetime CLV too (docs/model.md §7), as every command runs it: its
// time against BM_Engine's is what lifetime CLV costs (its events counter
// counts the horizon's events only).

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
#include "sim/scenario/registry.hpp"

namespace {

constexpr int kBenchCustomers = 50'000;

omnisim::Model bench_model(std::vector<std::string> overrides) {
  overrides.push_back("simulation.customers=" + std::to_string(kBenchCustomers));
  overrides.push_back("simulation.replications=1");
  return omnisim::build_model(omnisim::load_scenario_file("", overrides));
}

const omnisim::Model& every_mechanism() {
  // About half the load the built-in call centre and chat see per period.
  static const omnisim::Model model =
      bench_model({"channels.call_centre.capacity_per_period_per_1000_customers=0.5",
                   "channels.chat.capacity_per_period_per_1000_customers=0.5"});
  return model;
}

const omnisim::Model& foundation_mechanisms() {
  static const omnisim::Model model = [] {
    std::vector<std::string> later_ones_off;
    for (const auto& info : omnisim::all_switches()) {
      if (!info.foundation) later_ones_off.push_back(omnisim::switch_key(info) + ".enabled=false");
    }
    return bench_model(later_ones_off);
  }();
  return model;
}

void run_engine(benchmark::State& state, const omnisim::Model& model, bool lifetime) {
  const int strategy = model.strategy_index("omnichannel");
  if (strategy < 0) {
    state.SkipWithError("built-in scenario has no strategy \"omnichannel\"");
    return;
  }
  omnisim::RunRequest request;
  request.strategy = strategy;
  request.replication = 0;
  request.threads = static_cast<int>(state.range(0));
  request.lifetime = lifetime;

  std::uint64_t events = 0;
  std::uint64_t customers = 0;
  for (auto _ : state) {
    const omnisim::RunResult result = omnisim::run_simulation(model, request);
    events += result.totals[omnisim::Count::kEvents];
    customers += static_cast<std::uint64_t>(model.simulation.customers);
    benchmark::DoNotOptimize(result.totals[omnisim::Sum::kRevenue]);
  }
  const double n_events = static_cast<double>(events);
  omnisim::bench::set_event_counters(state, n_events, request.threads);
  state.counters["customers_per_s"] =
      benchmark::Counter(static_cast<double>(customers), benchmark::Counter::kIsRate);
  state.counters["events_per_run"] =
      benchmark::Counter(n_events, benchmark::Counter::kAvgIterations);
}

void BM_Engine(benchmark::State& state) {
  run_engine(state, every_mechanism(), false);
}
void BM_EngineLifetime(benchmark::State& state) {
  run_engine(state, every_mechanism(), true);
}
void BM_EngineFoundationMechanisms(benchmark::State& state) {
  run_engine(state, foundation_mechanisms(), false);
}

}  // namespace

BENCHMARK(BM_Engine)->Apply(omnisim::bench::at_one_and_two_threads);
BENCHMARK(BM_EngineLifetime)->Apply(omnisim::bench::at_one_and_two_threads);
BENCHMARK(BM_EngineFoundationMechanisms)->Apply(omnisim::bench::at_one_and_two_threads);
