// Same scenario and seed give bit-identical results at any thread count;
// another seed gives different results (docs/model.md §1: streams keyed by identity, reductions in
// a fixed order).

#include <cstring>
#include <sstream>

#include <gtest/gtest.h>

#include "sim/engine/run.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::determinism_test {
namespace {

using testing::builtin_model;

bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

std::vector<double> flatten(const ExperimentResults& results) {
  std::vector<double> values;
  for (const auto& strategy : results.kpi_values) {
    for (const auto& replication : strategy) {
      values.insert(values.end(), replication.begin(), replication.end());
    }
  }
  for (const auto& strategy : results.timeseries) {
    for (const auto& replication : strategy) {
      for (const auto& row : replication) {
        const auto row_values = row.values();
        values.insert(values.end(), row_values.begin(), row_values.end());
      }
    }
  }
  return values;
}

class Determinism : public ::testing::Test {
 protected:
  // Several blocks per thread, so the split between threads really varies.
  const Model model_ = builtin_model({testing::customers(20000), "simulation.replications=2"});
  const std::vector<std::string> strategies_{"multichannel", "omnichannel"};
};

TEST_F(Determinism, OneTwoAndFourThreadsGiveIdenticalResults) {
  const auto one = flatten(testing::run_strategies(model_, strategies_, 1));
  const auto two = flatten(testing::run_strategies(model_, strategies_, 2));
  const auto allowance = testing::allow_threads(4);
  const auto four = flatten(testing::run_strategies(model_, strategies_, 4));
  EXPECT_TRUE(bitwise_equal(one, two));
  EXPECT_TRUE(bitwise_equal(one, four));
}

TEST_F(Determinism, AnotherSeedGivesDifferentResults) {
  const Model other =
      builtin_model({testing::customers(20000), "simulation.replications=2", "simulation.seed=7"});
  const auto a = flatten(testing::run_strategies(model_, strategies_, 2));
  const auto b = flatten(testing::run_strategies(other, strategies_, 2));
  EXPECT_FALSE(bitwise_equal(a, b));
}

TEST_F(Determinism, TracingDoesNotChangeResults) {
  RunRequest plain;
  plain.strategy = model_.strategy_index("omnichannel");
  RunRequest traced = plain;
  std::ostringstream trace;
  traced.trace_customer = 17;
  traced.trace_out = &trace;
  const RunResult a = run_simulation(model_, plain);
  const RunResult b = run_simulation(model_, traced);
  EXPECT_FALSE(trace.str().empty());
  EXPECT_EQ(a.totals[Count::kEvents], b.totals[Count::kEvents]);
  EXPECT_EQ(a.totals[Sum::kRevenue], b.totals[Sum::kRevenue]);
  EXPECT_EQ(a.totals.clv_eur.sum, b.totals.clv_eur.sum);
}

TEST_F(Determinism, ReplicationsAreDifferentDraws) {
  const auto results = testing::run_strategies(model_, {"omnichannel"}, 2);
  const auto k = testing::kpi_index(results, "clv_eur");
  EXPECT_NE(results.kpi_values[0][0][k], results.kpi_values[0][1][k]);
}

}  // namespace
}  // namespace omnisim::determinism_test
