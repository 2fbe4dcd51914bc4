// The CLV models' maximum-likelihood fits (analysis/clv/fit.hpp) on the
// CDNOW sample's 2,357 customers (tests/data/cdnow): one fit per iteration.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "analysis/clv/fit.hpp"
#include "analysis/clv/transactions_file.hpp"

namespace {

const std::vector<omnisim::CustomerSummary>& cdnow() {
  static const std::vector<omnisim::CustomerSummary> summary = [] {
    // Built whole: assigning short literals to its strings trips GCC 12's
    // false -Wrestrict at -O3.
    const omnisim::TransactionColumns columns{false, {"2"}, "3",
                                              "5",   {},    omnisim::DateFormat::kYyyymmdd};
    const std::filesystem::path data = OMNISIM_SOURCE_DIR;
    const auto transactions =
        omnisim::read_transactions(data / "tests/data/cdnow/CDNOW_sample.txt", columns);
    const double end = omnisim::parse_date("19970930", omnisim::DateFormat::kYyyymmdd);
    return omnisim::summarize_transactions(transactions, {end, end, 7.0});
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
