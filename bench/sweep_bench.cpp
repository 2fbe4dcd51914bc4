// Orchestration cost of a sweep: the same customer-runs as a sweep (8 points
// x 2 replications x 2 strategies of 10,000 customers, each finished point
// made durable in the journal with fdatasync) and as one compare (16
// replications x 2 strategies), side by side. The sweep varies only the two
// strategies' fixed costs, which change no behaviour, so both do the same
// simulation work and the ratio of their customer-runs per second is what
// orchestration costs: each point's scenario parsed, validated and frozen,
// the KPIs kept, the journal written.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <unistd.h>

#include "sim/experiment/experiment.hpp"
#include "sim/experiment/sweep.hpp"
#include "sim/io/sweep_journal.hpp"
#include "sim/scenario/load.hpp"

namespace {

constexpr int kCustomers = 10'000;
constexpr int kPoints = 8, kReplications = 2, kStrategies = 2;

const std::string kSweep = R"(design = "lhs"
points = 8
replications = 2
strategies = ["omnichannel", "multichannel"]
kpis = ["clv_lifetime_net_eur", "retention_12m", "cost_per_contact_eur"]
[fixed]
simulation.customers = 10000
[[parameter]]
key = "strategies.omnichannel.fixed_cost_eur_per_customer_year"
low = 4
high = 30
[[parameter]]
key = "strategies.multichannel.fixed_cost_eur_per_customer_year"
low = 2
high = 12
)";

void set_rate(benchmark::State& state, std::uint64_t customer_runs) {
  state.counters["customer_runs_per_s"] =
      benchmark::Counter(static_cast<double>(customer_runs), benchmark::Counter::kIsRate);
}

void BM_Sweep(benchmark::State& state) {
  const omnisim::SweepSpec spec = omnisim::load_sweep(kSweep, "bench.toml", ".", {});
  const auto points = omnisim::sweep_unit_points(spec);
  const auto journal_path = std::filesystem::temp_directory_path() /
                            ("omnisim-bench-journal-" + std::to_string(::getpid()));
  std::uint64_t customer_runs = 0;
  for (auto _ : state) {
    std::filesystem::remove(journal_path);
    omnisim::SweepJournal journal = omnisim::SweepJournal::create(journal_path, spec.text);
    omnisim::SweepRun run;
    for (std::size_t p = 0; p < points.size(); ++p)
      run.points.push_back(p);
    run.finished = [&](std::size_t point, std::span<const double> values) {
      journal.append(point, values);
    };
    const std::size_t done = omnisim::run_sweep_points(
        points, omnisim::simulator_evaluator(spec, static_cast<int>(state.range(0))), run);
    customer_runs += done * kReplications * kStrategies * kCustomers;
  }
  std::filesystem::remove(journal_path);
  set_rate(state, customer_runs);
}

void BM_CompareSameSize(benchmark::State& state) {
  const std::vector<std::string> size{
      "simulation.customers=" + std::to_string(kCustomers),
      "simulation.replications=" + std::to_string(kPoints * kReplications)};
  const omnisim::Scenario scenario = omnisim::load_scenario_file("", size);
  std::uint64_t customer_runs = 0;
  for (auto _ : state) {
    const omnisim::ExperimentResults results = omnisim::run_scenario(
        scenario, {"omnichannel", "multichannel"}, static_cast<int>(state.range(0)));
    benchmark::DoNotOptimize(results.kpi_values.data());
    customer_runs += std::uint64_t{kPoints} * kReplications * kStrategies * kCustomers;
  }
  set_rate(state, customer_runs);
}

void sweep_settings(benchmark::internal::Benchmark* benchmark) {
  benchmark->ArgName("threads")
      ->Arg(2)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(3)
      ->UseRealTime()
      ->MeasureProcessCPUTime();
}

}  // namespace

BENCHMARK(BM_Sweep)->Apply(sweep_settings);
BENCHMARK(BM_CompareSameSize)->Apply(sweep_settings);
