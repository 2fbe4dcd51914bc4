#include "analysis/explain.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim::explain_test {
namespace {

// Mean over replications of target - baseline, read straight from the runs.
double mean_difference(const ExperimentResults& results, std::size_t kpi) {
  const auto baseline = results.kpi_column(0, kpi);
  const auto target = results.kpi_column(1, kpi);
  double sum = 0.0;
  for (std::size_t r = 0; r < target.size(); ++r)
    sum += target[r] - baseline[r];
  return sum / static_cast<double>(target.size());
}

std::size_t kpi_named(const ExperimentResults& results, const std::string& name) {
  for (std::size_t k = 0; k < results.kpis.size(); ++k) {
    if (results.kpis[k].name == name) return k;
  }
  ADD_FAILURE() << "no KPI " << name;
  return 0;
}

double tolerance(double value) {
  return 1e-9 * (1.0 + std::abs(value));
}

TEST(Explain, OneAtATimePartIsWhatSwitchingTheMechanismOffRemoves) {
  const Scenario scenario = load_scenario(
      builtin_scenario_text(), "retail.toml",
      std::vector<std::string>{"simulation.customers=3000", "simulation.replications=3"});
  AblationRequest request{"omnichannel",
                          "multichannel",
                          {"context_carryover", "personalisation", "click_and_collect"},
                          0,
                          {}};
  const AblationResults ablation = run_ablation(scenario, request);
  ASSERT_EQ(ablation.without.size(), 3u);
  const auto waterfalls =
      explain(ablation, {"clv_eur", "retention_12m", "cost_per_contact_eur"}, 0.95);
  ASSERT_EQ(waterfalls.size(), 3u);
  for (const auto& waterfall : waterfalls) {
    const std::size_t kpi = kpi_named(ablation.all_on, waterfall.kpi);
    const double total = mean_difference(ablation.all_on, kpi);
    EXPECT_NEAR(waterfall.total.mean, total, tolerance(total)) << waterfall.kpi;
    const double structural = mean_difference(ablation.all_off, kpi);
    EXPECT_NEAR(waterfall.structural.mean, structural, tolerance(structural)) << waterfall.kpi;
    ASSERT_EQ(waterfall.parts.size(), 3u);
    double parts = 0.0;
    for (std::size_t m = 0; m < 3; ++m) {
      EXPECT_EQ(waterfall.parts[m].first, request.mechanisms[m]);
      const double part = total - mean_difference(ablation.without[m], kpi);
      EXPECT_NEAR(waterfall.parts[m].second.mean, part, tolerance(part))
          << waterfall.kpi << ", " << request.mechanisms[m];
      parts += part;
    }
    ASSERT_TRUE(waterfall.interaction.has_value());
    const double interaction = total - structural - parts;
    EXPECT_NEAR(waterfall.interaction->mean, interaction, tolerance(interaction)) << waterfall.kpi;
  }
  // Context carry-over is one of the reasons omnichannel does better on CLV.
  EXPECT_GT(waterfalls[0].parts[0].second.mean, 0.0);
}

// Each player's marginal contribution averaged over all k! orders in which
// the players can join: Shapley's definition, by another route than the
// subset formula of analysis/shapley.cpp.
std::vector<double> permutation_average(const std::vector<double>& coalition_values,
                                        std::size_t k) {
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::vector<double> phi(k, 0.0);
  int n_orders = 0;
  do {
    unsigned coalition = 0;
    for (const std::size_t player : order) {
      const unsigned joined = coalition | (1u << player);
      phi[player] += coalition_values[joined] - coalition_values[coalition];
      coalition = joined;
    }
    ++n_orders;
  } while (std::next_permutation(order.begin(), order.end()));
  for (auto& value : phi)
    value /= n_orders;
  return phi;
}

// Hand-made runs: `d[mask][r]` is target - baseline of coalition `mask` in
// replication r (baseline 100, target 100 + d).
CoalitionResults coalitions_with(const std::vector<std::string>& mechanisms,
                                 const std::vector<std::vector<double>>& d) {
  CoalitionResults results;
  results.mechanisms = mechanisms;
  for (const auto& by_replication : d) {
    ExperimentResults runs;
    runs.strategies = {0, 1};
    runs.replications = static_cast<int>(by_replication.size());
    runs.kpis = {{"clv_eur", "EUR", "value", "customer lifetime value"}};
    runs.kpi_values.assign(2, {});
    for (const double difference : by_replication) {
      runs.kpi_values[0].push_back({100.0});
      runs.kpi_values[1].push_back({100.0 + difference});
    }
    results.coalitions.push_back(std::move(runs));
  }
  return results;
}

TEST(Explain, ShapleyPartsAreThePermutationAverageAndAddUpToTheTotal) {
  // Three mechanisms, four replications; replication 3 has an undefined
  // value in one coalition and is left out of every term.
  const double nan = std::nan("");
  const std::vector<std::vector<double>> d{
      {1.0, 2.0, 0.5, -1.0}, {4.0, 3.0, 1.5, 2.0}, {2.0, 2.5, 0.0, 1.0},   {8.0, 9.0, 3.0, 4.0},
      {1.0, 1.0, 0.5, nan},  {6.0, 4.0, 2.5, 3.0}, {3.0, 5.0, -1.0, -2.0}, {12.0, 11.0, 6.0, 7.0}};
  const std::vector<std::string> mechanisms{"a", "b", "c"};
  const auto waterfalls = explain_shapley(coalitions_with(mechanisms, d), {"clv_eur"}, 0.95);
  ASSERT_EQ(waterfalls.size(), 1u);
  const Waterfall& waterfall = waterfalls[0];
  EXPECT_FALSE(waterfall.interaction.has_value());
  ASSERT_EQ(waterfall.parts.size(), 3u);

  std::vector<double> expected(3, 0.0);
  double total = 0.0, structural = 0.0;
  const std::vector<std::size_t> finite_replications{0, 1, 2};
  for (const std::size_t r : finite_replications) {
    std::vector<double> values;
    values.reserve(d.size());
    for (const auto& by_replication : d)
      values.push_back(by_replication[r]);
    const auto phi = permutation_average(values, 3);
    for (std::size_t m = 0; m < 3; ++m)
      expected[m] += phi[m] / 3.0;
    total += values.back() / 3.0;
    structural += values.front() / 3.0;
  }
  EXPECT_EQ(waterfall.total.n, 3);
  EXPECT_NEAR(waterfall.total.mean, total, 1e-12);
  EXPECT_NEAR(waterfall.structural.mean, structural, 1e-12);
  double sum = waterfall.structural.mean;
  for (std::size_t m = 0; m < 3; ++m) {
    EXPECT_EQ(waterfall.parts[m].first, mechanisms[m]);
    EXPECT_NEAR(waterfall.parts[m].second.mean, expected[m], 1e-12) << mechanisms[m];
    EXPECT_EQ(waterfall.parts[m].second.n, 3);
    sum += waterfall.parts[m].second.mean;
  }
  EXPECT_NEAR(sum, waterfall.total.mean, 1e-12);
}

TEST(Explain, AMechanismWithNoEffectCarriesExactlyNothing) {
  // Congestion is on in the default scenario but no channel has a capacity:
  // switching it off changes no draw, so on the same customers its part is 0.
  const Scenario scenario = load_scenario(
      builtin_scenario_text(), "retail.toml",
      std::vector<std::string>{"simulation.customers=2000", "simulation.replications=2"});
  const AblationRequest request{
      "omnichannel", "multichannel", {"context_carryover", "congestion"}, 0, {}};
  const std::vector<std::string> kpis{"clv_eur", "cost_per_contact_eur"};
  for (const auto& waterfall : explain(run_ablation(scenario, request), kpis, 0.95)) {
    ASSERT_EQ(waterfall.parts.size(), 2u);
    EXPECT_NE(waterfall.parts[0].second.mean, 0.0) << waterfall.kpi;  // context carry-over
    EXPECT_EQ(waterfall.parts[1].second.mean, 0.0) << waterfall.kpi;  // congestion
  }
  for (const auto& waterfall : explain_shapley(run_coalitions(scenario, request), kpis, 0.95)) {
    ASSERT_EQ(waterfall.parts.size(), 2u);
    EXPECT_NE(waterfall.parts[0].second.mean, 0.0) << waterfall.kpi;
    EXPECT_EQ(waterfall.parts[1].second.mean, 0.0) << waterfall.kpi;
  }
}

TEST(Explain, UnknownKpiIsAnInputError) {
  const Scenario scenario = load_scenario(
      builtin_scenario_text(), "retail.toml",
      std::vector<std::string>{"simulation.customers=500", "simulation.replications=2"});
  const AblationRequest request{"omnichannel", "multichannel", {"habit"}, 0, {}};
  EXPECT_THROW(explain(run_ablation(scenario, request), {"happiness"}, 0.95), InputError);
  EXPECT_THROW(explain_shapley(run_coalitions(scenario, request), {"happiness"}, 0.95), InputError);
}

}  // namespace
}  // namespace omnisim::explain_test
