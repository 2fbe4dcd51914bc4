// The break-even fixed cost (analysis/break_even.hpp) follows from one run
// because the fixed cost changes no behaviour: rerunning at it must give the
// baseline's net lifetime CLV.

#include "analysis/break_even.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace omnisim::break_even_test {
namespace {

using testing::builtin_model;
using testing::kpi_index;
using testing::run_strategies;

TEST(BreakEven, RerunningAtTheBreakEvenCostMatchesTheBaseline) {
  const std::vector<std::string> small{testing::customers(8000), "simulation.replications=1"};
  const Model model = builtin_model(small);
  const ExperimentResults results = run_strategies(model, {"multichannel", "omnichannel"});
  const std::vector<BreakEven> break_evens =
      break_even_fixed_costs(model, results, 0, model.analysis.confidence);
  ASSERT_EQ(break_evens.size(), 2U);
  EXPECT_EQ(break_evens[0].break_even_eur_per_customer_year.mean,
            break_evens[0].fixed_cost_eur_per_customer_year);
  const double cost = break_evens[1].break_even_eur_per_customer_year.mean;
  ASSERT_TRUE(std::isfinite(cost));
  ASSERT_NE(cost, break_evens[1].fixed_cost_eur_per_customer_year);

  const std::size_t clv = kpi_index(results, kBreakEvenKpi);
  const std::size_t orders = kpi_index(results, "orders_per_customer");
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", cost);
  const Model at_break_even = builtin_model(testing::concat(
      small, {std::string("strategies.omnichannel.fixed_cost_eur_per_customer_year=") + text}));
  const ExperimentResults rerun = run_strategies(at_break_even, {"multichannel", "omnichannel"});
  // Same behaviour, to the last order...
  EXPECT_EQ(rerun.kpi_values[1][0][orders], results.kpi_values[1][0][orders]);
  // ... and the CLV the baseline has, up to rounding.
  const double baseline = results.kpi_values[0][0][clv];
  EXPECT_NEAR(rerun.kpi_values[1][0][clv], baseline, 1e-9 * std::abs(baseline));
  EXPECT_GT(std::abs(results.kpi_values[1][0][clv] - baseline), 1.0)
      << "the strategies must differ for the test to mean anything";
}

}  // namespace
}  // namespace omnisim::break_even_test
