// The CLV models' maximum-likelihood fits (analysis/clv/fit.hpp) on the
// CDNOW sample's 2,357 customers (tests/data/cdnow): one fit per iteration.

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "analysis/clv/fit.hpp"

namespace {

double day_of(int yyyymmdd) {
  using namespace std::chrono;
  const year_month_day date{year{yyyymmdd / 10000},
                            month{static_cast<unsigned>(yyyymmdd / 100 % 100)},
                            day{static_cast<unsigned>(yyyymmdd % 100)}};
  return static_cast<double>(sys_days(date).time_since_epoch().count());
}

const std::vector<omnisim::CustomerSummary>& cdnow() {
  static const std::vector<omnisim::CustomerSummary> summary = [] {
    std::vector<omnisim::Transaction> transactions;
    std::ifstream in(std::string(OMNISIM_SOURCE_DIR) + "/tests/data/cdnow/CDNOW_sample.txt");
    std::string master, sample;
    int date = 0, cds = 0;
    double amount = 0.0;
    while (in >> master >> sample >> date >> cds >> amount)
      transactions.push_back({sample, day_of(date), amount});
    return omnisim::summarize_transactions(transactions, {day_of(19970930), day_of(19970930), 7.0});
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

}  // namespace

BENCHMARK(BM_Fit<omnisim::fit_bg_nbd>)->Name("BM_FitBgNbd")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Fit<omnisim::fit_pareto_nbd>)->Name("BM_FitParetoNbd")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Fit<omnisim::fit_gamma_gamma>)
    ->Name("BM_FitGammaGamma")
    ->Unit(benchmark::kMillisecond);
