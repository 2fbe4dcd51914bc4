// The CLV models' maximum-likelihood fits (analysis/clv/fit.hpp) on the
// CDNOW sample's 2,357 customers (tests/data/cdnow): one fit per iteration;
// and on 1,000,000 simulated customers: the built-in scenario's omnichannel
// run at that size, split at day 547 as omnisim score-clv splits it.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "analysis/clv/clv_score.hpp"
#include "analysis/clv/fit.hpp"
#include "analysis/clv/transactions_file.hpp"
#include "sim/engine/run.hpp"
#include "sim/scenario/load.hpp"

namespace {

const std::vector<omnisim::CustomerSummary>& cdnow() {
  static const std::vector<omnisim::CustomerSummary> summary = [] {
    // Built whole: assigning short literals to its strings trips GCC 12's
    // false -Wrestrict at -O3.
    const omnisim::TransactionColumns columns{false, {"2"}, "3",
                                              "5",   {},    omnisim::DateFormat::kYyyymmdd};
    const std::filesystem::path data = OMNISIM_SOURCE_DIR;
    const double end = omnisim::parse_date("19970930", omnisim::DateFormat::kYyyymmdd);
    return omnisim::summarize_transactions_file(data / "tests/data/cdnow/CDNOW_sample.txt", columns,
                                                {end, end, 7.0, 0.0, 0})
        .customers;
  }();
  return summary;
}

template <omnisim::FittedModel (*Fit)(const std::vector<omnisim::CustomerSummary>&)>
void BM_Fit(benchmark::State& state) {
  if (cdnow().size() != 2357) {
    state.SkipWithError("tests/data/cdnow/CDNOW_sample.txt not found or not the 2,357 customers");
    return;
  }
  int evaluations = 0;
  for (auto _ : state) {
    const omnisim::FittedModel fit = Fit(cdnow());
    evaluations = fit.evaluations;
    benchmark::DoNotOptimize(fit.log_likelihood);
  }
  state.counters["likelihood_evaluations"] = evaluations;
}

const std::vector<omnisim::CustomerSummary>& simulated_million() {
  static const std::vector<omnisim::CustomerSummary> summary = [] {
    const std::vector<std::string> size{"simulation.customers=1000000"};
    const omnisim::Model model = omnisim::build_model(omnisim::load_scenario_file("", size));
    omnisim::SummaryOptions options;
    options.calibration_end_day = 547.0;
    options.holdout_end_day = model.time.horizon_days;
    omnisim::PurchaseLog purchases;
    omnisim::RunRequest run;
    run.strategy = model.strategy_index("omnichannel");
    run.events = &purchases;
    run.lifetime = false;
    omnisim::run_simulation(model, run);
    return omnisim::summarize_purchases(purchases.runs().begin()->second, options);
  }();
  return summary;
}

template <omnisim::FittedModel (*Fit)(const std::vector<omnisim::CustomerSummary>&)>
void BM_FitMillion(benchmark::State& state) {
  simulated_million();  // simulated once, outside the timing
  int evaluations = 0;
  for (auto _ : state) {
    const omnisim::FittedModel fit = Fit(simulated_million());
    evaluations = fit.evaluations;
    benchmark::DoNotOptimize(fit.log_likelihood);
  }
  state.counters["customers"] = static_cast<double>(simulated_million().size());
  state.counters["likelihood_evaluations"] = evaluations;
}

}  // namespace

BENCHMARK(BM_FitMillion<omnisim::fit_bg_nbd>)
    ->Name("BM_FitMillionBgNbd")
    ->Unit(benchmark::kSecond)
    ->Iterations(1);
BENCHMARK(BM_FitMillion<omnisim::fit_mbg_nbd>)
    ->Name("BM_FitMillionMbgNbd")
    ->Unit(benchmark::kSecond)
    ->Iterations(1);
BENCHMARK(BM_FitMillion<omnisim::fit_pareto_nbd>)
    ->Name("BM_FitMillionParetoNbd")
    ->Unit(benchmark::kSecond)
    ->Iterations(1);
BENCHMARK(BM_FitMillion<omnisim::fit_gamma_gamma>)
    ->Name("BM_FitMillionGammaGamma")
    ->Unit(benchmark::kSecond)
    ->Iterations(1);
BENCHMARK(BM_Fit<omnisim::fit_mbg_nbd>)->Name("BM_FitMbgNbd")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Fit<omnisim::fit_bg_nbd>)->Name("BM_FitBgNbd")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Fit<omnisim::fit_pareto_nbd>)->Name("BM_FitParetoNbd")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Fit<omnisim::fit_gamma_gamma>)
    ->Name("BM_FitGammaGamma")
    ->Unit(benchmark::kMillisecond);
