// docs/model.md §0: strategies differ by mechanism, not by fiat. With the
// linkage-dependent mechanisms and every bridge off, and the same fixed cost,
// multichannel, cross-channel and omnichannel are the same firm to the bit.
// And the variants explain runs: every coalition of the chosen mechanisms.

#include "sim/experiment/ablation.hpp"

#include <cmath>
#include <cstring>

#include <gtest/gtest.h>

#include "analysis/explain.hpp"
#include "analysis/statistics.hpp"
#include "sim/core/error.hpp"
#include "sim/scenario/load.hpp"
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

const std::vector<std::string> kTiny{testing::customers(1500), "simulation.replications=2"};

Scenario tiny_scenario(const std::vector<std::string>& overrides = {}) {
  return load_scenario(builtin_scenario_text(), "retail.toml", concat(kTiny, overrides));
}

TEST(Coalitions, ShapleyValuesMatchTheCoalitionRuns) {
  const AblationRequest request{
      "omnichannel", "multichannel", {"context_carryover", "personalisation"}, 0, {}};
  const CoalitionResults coalitions = run_coalitions(tiny_scenario(), request);
  ASSERT_EQ(coalitions.coalitions.size(), 4u);
  const auto clv = kpi_index(coalitions.coalitions[0], "clv_eur");
  // Coalition 1 = {context_carryover}: the scenario with personalisation
  // off, run here on its own, gives the same customers the same results.
  const ExperimentResults only_context =
      run_strategies(builtin_model(concat(kTiny, {"mechanisms.personalisation.enabled=false"})),
                     {"multichannel", "omnichannel"});
  for (std::size_t slot = 0; slot < 2; ++slot) {
    EXPECT_EQ(coalitions.coalitions[1].kpi_column(slot, clv), only_context.kpi_column(slot, clv));
  }
  // v(mask) per replication, then Shapley by hand for two players.
  auto v = [&](std::size_t mask, std::size_t r) {
    return coalitions.coalitions[mask].kpi_column(1, clv)[r] -
           coalitions.coalitions[mask].kpi_column(0, clv)[r];
  };
  double context = 0.0, personalisation = 0.0;
  for (std::size_t r = 0; r < 2; ++r) {
    context += 0.5 * ((v(1, r) - v(0, r)) + (v(3, r) - v(2, r))) / 2.0;
    personalisation += 0.5 * ((v(2, r) - v(0, r)) + (v(3, r) - v(1, r))) / 2.0;
  }
  const auto waterfalls = explain_shapley(coalitions, {"clv_eur"}, 0.95);
  ASSERT_EQ(waterfalls.size(), 1u);
  const Waterfall& waterfall = waterfalls[0];
  ASSERT_EQ(waterfall.parts.size(), 2u);
  EXPECT_NEAR(waterfall.parts[0].second.mean, context, 1e-9);
  EXPECT_NEAR(waterfall.parts[1].second.mean, personalisation, 1e-9);
  EXPECT_NEAR(waterfall.structural.mean, (v(0, 0) + v(0, 1)) / 2.0, 1e-9);
  EXPECT_NEAR(waterfall.total.mean, (v(3, 0) + v(3, 1)) / 2.0, 1e-9);
  EXPECT_NE(context, 0.0);
  EXPECT_NE(personalisation, 0.0);
}

TEST(Coalitions, DefaultPlayersAndTheLimitOfEight) {
  EXPECT_EQ(coalition_switches(tiny_scenario(), {}), default_coalition_switches());
  std::vector<std::string> without_marketing = default_coalition_switches();
  without_marketing.erase(
      std::find(without_marketing.begin(), without_marketing.end(), "marketing"));
  EXPECT_EQ(coalition_switches(tiny_scenario({"mechanisms.marketing.enabled=false"}), {}),
            without_marketing);
  std::vector<std::string> nine = default_coalition_switches();
  nine.push_back("return_anywhere");
  try {
    coalition_switches(tiny_scenario(), nine);
    ADD_FAILURE() << "nine mechanisms accepted";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "Shapley attribution runs every subset of the mechanisms (2^k variants) and "
                 "takes at most 8, got 9: choose fewer");
  }
  EXPECT_THROW(coalition_switches(tiny_scenario(), {"habit", "habit"}), InputError);
  EXPECT_EQ(ablated_switches(tiny_scenario(), nine), nine);  // one at a time takes any number
}

}  // namespace
}  // namespace omnisim
