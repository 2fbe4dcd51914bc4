// docs/model.md §0: strategies differ by mechanism, not by fiat. With
// integration off (the linkage-dependent mechanisms and every bridge), one
// contact policy and the same fixed cost, the strategies that open every
// channel are the same firm to the bit. And the variants explain runs: every
// coalition of the chosen players, mechanisms and the contact policy lever.

#include "sim/experiment/ablation.hpp"

#include <cmath>
#include <cstring>
#include <utility>

#include <gtest/gtest.h>

#include "analysis/explain.hpp"
#include "analysis/statistics.hpp"
#include "sim/core/error.hpp"
#include "sim/scenario/load.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::ablation_test {
namespace {

using testing::builtin_model;
using testing::concat;
using testing::kpi_index;
using testing::run_strategies;

const std::vector<std::string> kSize{testing::customers(20000), "simulation.replications=4"};
// Identity holds customer by customer and replication by replication: a
// smaller run tests it as well.
const std::vector<std::string> kIdentitySize{testing::customers(8000), "simulation.replications=2"};
const std::vector<std::string> kSameFixedCost{
    "strategies.multichannel.fixed_cost_eur_per_customer_year=8",
    "strategies.multichannel_capped.fixed_cost_eur_per_customer_year=8",
    "strategies.cross_channel.fixed_cost_eur_per_customer_year=8",
    "strategies.omnichannel.fixed_cost_eur_per_customer_year=8"};

void expect_identical(const ExperimentResults& results) {
  for (std::size_t slot = 1; slot < results.strategies.size(); ++slot) {
    for (int r = 0; r < results.replications; ++r) {
      const auto& expected = results.kpi_values[0][static_cast<std::size_t>(r)];
      const auto& actual = results.kpi_values[slot][static_cast<std::size_t>(r)];
      ASSERT_EQ(expected.size(), actual.size());
      for (std::size_t k = 0; k < expected.size(); ++k) {
        // NaN KPIs (e.g. an unused channel's AOV) compare equal as NaN.
        if (std::isnan(expected[k])) {
          EXPECT_TRUE(std::isnan(actual[k])) << results.kpis[k].name;
        } else {
          EXPECT_EQ(expected[k], actual[k]) << results.kpis[k].name << ", slot " << slot;
        }
      }
    }
  }
}

// The test of the principle: integration off, the same contact policy and
// the same fixed cost, and the strategies that open every channel are one
// firm -- campaigns, fatigue and every other mechanism still on. Either
// policy: all four siloed, then all four under one capped policy.
TEST(Ablation, WithIntegrationOffAndOneContactPolicyTheStrategiesAreIdentical) {
  const std::vector<std::string> strategies{"multichannel", "multichannel_capped", "cross_channel",
                                            "omnichannel"};
  for (const std::string policy : {"siloed", "unified"}) {
    SCOPED_TRACE(policy);
    std::vector<std::string> overrides =
        concat(concat(kIdentitySize, kSameFixedCost), testing::integration_off());
    for (const auto& strategy : strategies)
      overrides.push_back("strategies." + strategy + ".contact_policy=" + policy);
    const ExperimentResults results = run_strategies(builtin_model(overrides), strategies);
    expect_identical(results);
    const auto contacts = kpi_index(results, "marketing_contacts_per_customer");
    EXPECT_GT(results.kpi_values[0][0][contacts], 1.0) << "campaigns run";
  }
}

// ... and the contact policy alone, integration still off, moves them apart:
// silos tire customers that one capped policy keeps.
TEST(Ablation, TheContactPolicyAloneSeparatesSilosFromOnePolicy) {
  const ExperimentResults results = run_strategies(
      builtin_model(concat(concat(kSize, kSameFixedCost), testing::integration_off())),
      {"multichannel", "multichannel_capped", "omnichannel"});
  const auto retention = kpi_index(results, "retention_12m");
  const Interval capped =
      paired_difference(results.kpi_column(1, retention), results.kpi_column(0, retention), 0.95);
  EXPECT_GT(capped.mean, 0.0);
  EXPECT_TRUE(capped.excludes_zero()) << capped.mean << " ± " << capped.half_width;
  // Omnichannel without integration is silos with a cap, to the bit.
  for (std::size_t k = 0; k < results.kpis.size(); ++k) {
    const double expected = results.kpi_values[1][0][k], actual = results.kpi_values[2][0][k];
    if (!std::isnan(expected)) {
      EXPECT_EQ(expected, actual) << results.kpis[k].name;
    }
  }
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
  // Only personalisation back on: the strategies now differ, and only
  // through its uplifts -- with both at 0 every KPI of both strategies is
  // what it is with the mechanism off (it draws nothing and touches nothing
  // else).
  const std::vector<std::string> off =
      concat(concat(concat(kIdentitySize, kSameFixedCost), testing::integration_off()),
             {"strategies.omnichannel.contact_policy=siloed"});
  const std::vector<std::string> on = concat(off, {"mechanisms.personalisation.enabled=true"});
  const ExperimentResults with = run_strategies(builtin_model(on), {"multichannel", "omnichannel"});
  const auto clv = kpi_index(with, "clv_eur");
  EXPECT_NE(with.kpi_values[0][0][clv], with.kpi_values[1][0][clv]);

  const ExperimentResults without =
      run_strategies(builtin_model(off), {"multichannel", "omnichannel"});
  const ExperimentResults no_uplift =
      run_strategies(builtin_model(concat(on, {"mechanisms.personalisation.conversion_uplift=0",
                                               "mechanisms.personalisation.basket_uplift=0"})),
                     {"multichannel", "omnichannel"});
  for (std::size_t slot = 0; slot < 2; ++slot) {
    for (std::size_t k = 0; k < without.kpis.size(); ++k) {
      const double expected = without.kpi_values[slot][0][k];
      const double actual = no_uplift.kpi_values[slot][0][k];
      if (std::isnan(expected)) {
        EXPECT_TRUE(std::isnan(actual)) << without.kpis[k].name;
      } else {
        EXPECT_EQ(actual, expected) << without.kpis[k].name;
      }
    }
  }
}

const std::vector<std::string> kTiny{testing::customers(1500), "simulation.replications=2"};

Scenario tiny_scenario(const std::vector<std::string>& overrides = {}) {
  return load_scenario(builtin_scenario_text(), "retail.toml", concat(kTiny, overrides));
}

// docs/model.md §0 and README "What drives omnichannel - multichannel": with
// marketing off, integration still adds value through the mechanisms the
// articles name -- context kept across channels, personalisation, a shared
// stock view, click & collect -- each its own positive Shapley share
// (whether that covers the higher fixed cost is another matter: at the
// defaults it does not quite). A calibration that made one of them
// worthless would fail.
TEST(Coalitions, WithMarketingOffIntegrationPaysThroughItsMechanisms) {
  const std::vector<std::string> mechanisms{"context_carryover", "personalisation",
                                            "ship_from_store", "click_and_collect"};
  const AblationRequest request{"omnichannel", "multichannel", mechanisms, 0, {}};
  const std::vector<std::string> overrides{testing::customers(8000), "simulation.replications=3",
                                           "mechanisms.marketing.enabled=false"};
  const CoalitionResults coalitions =
      run_coalitions(load_scenario(builtin_scenario_text(), "retail.toml", overrides), request);
  const auto waterfalls = explain_shapley(coalitions, {"clv_lifetime_eur"}, 0.95);
  ASSERT_EQ(waterfalls.size(), 1u);
  const Waterfall& waterfall = waterfalls[0];
  ASSERT_EQ(waterfall.parts.size(), mechanisms.size());
  for (const auto& [mechanism, part] : waterfall.parts) {
    EXPECT_GT(part.mean, 0.0) << mechanism;
    EXPECT_TRUE(part.excludes_zero()) << mechanism << ": " << part.mean << " ± " << part.half_width;
  }
  // Together they are worth more than nothing, whatever the fixed costs.
  EXPECT_GT(waterfall.total.mean - waterfall.structural.mean, 0.0);
}

// ... and with marketing on, the one capped contact policy keeps customers
// whom silo campaigns tire out: contact discipline, credited to the lever.
TEST(Coalitions, TheContactPolicyLeverKeepsCustomersSilosTireOut) {
  const AblationRequest request{
      "omnichannel", "multichannel", {"context_carryover", "contact_policy"}, 0, {}};
  const std::vector<std::string> overrides{testing::customers(8000), "simulation.replications=3"};
  const CoalitionResults coalitions =
      run_coalitions(load_scenario(builtin_scenario_text(), "retail.toml", overrides), request);
  const auto waterfalls = explain_shapley(coalitions, {"retention_12m", "clv_lifetime_eur"}, 0.95);
  ASSERT_EQ(waterfalls.size(), 2u);
  const Interval& retention = waterfalls[0].parts[1].second;
  EXPECT_EQ(waterfalls[0].parts[1].first, "contact_policy");
  EXPECT_GT(retention.mean, 0.02) << "points of 12-month retention, as a share";
  EXPECT_TRUE(retention.excludes_zero());
  EXPECT_GT(retention.mean, 10.0 * std::abs(waterfalls[0].parts[0].second.mean));
  EXPECT_GT(waterfalls[1].parts[1].second.mean, 0.0);
  EXPECT_TRUE(waterfalls[1].parts[1].second.excludes_zero());
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

AblationRequest request_for(const std::string& target, const std::string& baseline,
                            std::vector<std::string> players = {}) {
  return {target, baseline, std::move(players), 0, {}};
}

TEST(Coalitions, DefaultPlayersAreIntegrationAndTheLeversThatDiffer) {
  const std::vector<std::string> integration{"context_carryover",
                                             "personalisation",
                                             "first_contact_resolution",
                                             "click_and_collect",
                                             "ropo",
                                             "ship_from_store",
                                             "cart_sync"};
  std::vector<std::string> with_lever = integration;
  with_lever.push_back("contact_policy");
  EXPECT_EQ(coalition_players(tiny_scenario(), request_for("omnichannel", "multichannel")),
            with_lever);
  // Both capped: the policy cannot explain omnichannel - multichannel_capped.
  EXPECT_EQ(coalition_players(tiny_scenario(), request_for("omnichannel", "multichannel_capped")),
            integration);
  std::vector<std::string> without_ropo = with_lever;
  without_ropo.erase(std::find(without_ropo.begin(), without_ropo.end(), "ropo"));
  EXPECT_EQ(coalition_players(tiny_scenario({"bridges.ropo.enabled=false"}),
                              request_for("omnichannel", "multichannel")),
            without_ropo);
  for (const std::string& player : integration)
    EXPECT_EQ(player_group(player), PlayerGroup::kIntegration) << player;
  EXPECT_EQ(player_group("return_anywhere"), PlayerGroup::kIntegration);
  EXPECT_EQ(player_group("contact_policy"), PlayerGroup::kContactDiscipline);
  EXPECT_EQ(player_group("marketing"), PlayerGroup::kOther);
}

TEST(Coalitions, PlayersAreCheckedAndAtMostEight) {
  std::vector<std::string> nine =
      coalition_players(tiny_scenario(), request_for("omnichannel", "multichannel"));
  nine.push_back("return_anywhere");
  try {
    coalition_players(tiny_scenario(), request_for("omnichannel", "multichannel", nine));
    ADD_FAILURE() << "nine mechanisms accepted";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "Shapley attribution runs every subset of the mechanisms (2^k variants) and "
                 "takes at most 8, got 9: choose fewer");
  }
  EXPECT_THROW(coalition_players(tiny_scenario(),
                                 request_for("omnichannel", "multichannel", {"habit", "habit"})),
               InputError);
  try {
    coalition_players(tiny_scenario(),
                      request_for("omnichannel", "multichannel_capped", {"contact_policy"}));
    ADD_FAILURE() << "a lever both strategies hold alike accepted";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "\"contact_policy\": omnichannel and multichannel_capped have the same "
                 "contact_policy, which cannot explain their difference");
  }
  // One at a time takes any number.
  EXPECT_EQ(ablated_players(tiny_scenario(), request_for("omnichannel", "multichannel", nine)),
            nine);
}

}  // namespace
}  // namespace omnisim::ablation_test
