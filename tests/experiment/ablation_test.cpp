// docs/model.md §0: strategies differ by mechanism, not by fiat. With the
// linkage-dependent mechanisms and every bridge off, and the same fixed cost,
// multichannel, cross-channel and omnichannel are the same firm to the bit.

#include <cmath>
#include <cstring>

#include <gtest/gtest.h>

#include "analysis/statistics.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim {
namespace {

using testing::builtin_model;
using testing::concat;
using testing::kpi_index;
using testing::run_strategies;

const std::vector<std::string> kSize{testing::customers(20000), "simulation.replications=4"};
const std::vector<std::string> kSameFixedCost{
    "strategies.multichannel.fixed_cost_eur_per_customer_year=8",
    "strategies.cross_channel.fixed_cost_eur_per_customer_year=8",
    "strategies.omnichannel.fixed_cost_eur_per_customer_year=8"};
const std::vector<std::string> kAllChannelStrategies{"multichannel", "cross_channel",
                                                     "omnichannel"};

TEST(Ablation, WithoutLinkageMechanismsAndBridgesTheStrategiesAreIdentical) {
  const Model model = builtin_model(
      concat(concat(kSize, kSameFixedCost), testing::linkage_mechanisms_and_bridges_off()));
  const ExperimentResults results = run_strategies(model, kAllChannelStrategies);
  for (std::size_t slot = 1; slot < 3; ++slot) {
    for (int r = 0; r < results.replications; ++r) {
      const auto& expected = results.kpi_values[0][static_cast<std::size_t>(r)];
      const auto& actual = results.kpi_values[slot][static_cast<std::size_t>(r)];
      ASSERT_EQ(expected.size(), actual.size());
      for (std::size_t k = 0; k < expected.size(); ++k) {
        // NaN KPIs (e.g. an unused channel's AOV) compare equal as NaN.
        if (std::isnan(expected[k])) {
          EXPECT_TRUE(std::isnan(actual[k])) << results.kpis[k].name;
        } else {
          EXPECT_EQ(expected[k], actual[k]) << results.kpis[k].name;
        }
      }
    }
  }
  const auto clv = kpi_index(results, "clv_eur");
  const Interval difference =
      paired_difference(results.kpi_column(2, clv), results.kpi_column(0, clv), 0.95);
  EXPECT_FALSE(difference.excludes_zero());
}

TEST(Ablation, WithTheMechanismsOmnichannelRaisesClv) {
  const Model model = builtin_model(concat(kSize, kSameFixedCost));
  const ExperimentResults results = run_strategies(model, {"multichannel", "omnichannel"});
  const auto clv = kpi_index(results, "clv_eur");
  const Interval difference =
      paired_difference(results.kpi_column(1, clv), results.kpi_column(0, clv), 0.95);
  EXPECT_GT(difference.mean, 0.0);
  EXPECT_TRUE(difference.excludes_zero()) << difference.mean << " ± " << difference.half_width;
}

TEST(Ablation, OneMechanismBackOnMovesResultsOnlyThroughIt) {
  // Only personalisation back on: it changes baskets and conversion, but
  // service resolution and context losses stay identical across strategies.
  std::vector<std::string> overrides =
      concat(concat(kSize, kSameFixedCost), testing::linkage_mechanisms_and_bridges_off());
  overrides.push_back("mechanisms.personalisation.enabled=true");
  overrides.push_back("mechanisms.service.enabled=false");
  const Model model = builtin_model(overrides);
  const ExperimentResults results = run_strategies(model, {"multichannel", "omnichannel"});
  const auto clv = kpi_index(results, "clv_eur");
  const auto losses = kpi_index(results, "context_losses_per_journey");
  EXPECT_NE(results.kpi_values[0][0][clv], results.kpi_values[1][0][clv]);
  EXPECT_EQ(results.kpi_values[0][0][losses], results.kpi_values[1][0][losses]);
  EXPECT_EQ(results.kpi_values[0][0][losses], 0.0);
}

}  // namespace
}  // namespace omnisim
