#include "analysis/facts.hpp"

#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/experiment/experiment.hpp"
#include "sim/scenario/load.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::facts_test {
namespace {

TEST(Facts, EveryFactHasATargetAToleranceAndAKnownKpi) {
  const Model model = testing::builtin_model();
  const KpiCatalogue catalogue(model);
  for (const Fact& fact : stylised_facts()) {
    EXPECT_GE(catalogue.index_of(fact.kpi), 0) << fact.id;
    EXPECT_GE(model.strategy_index(fact.strategy), 0) << fact.id;
    EXPECT_GT(fact.tolerance, 0.0) << fact.id;
  }
}

TEST(Facts, AnIntervalWiderThanTheToleranceIsInconclusive) {
  Fact fact{};
  fact.target = 0.30;
  fact.tolerance = 0.03;
  EXPECT_EQ(judge_fact({0.31, 0.01, 10}, fact), Verdict::kPass);
  EXPECT_EQ(judge_fact({0.35, 0.01, 10}, fact), Verdict::kFail);
  EXPECT_EQ(judge_fact({0.335, 0.02, 10}, fact), Verdict::kInconclusive);  // 0.315 is within
  EXPECT_EQ(judge_fact({0.31, 0.05, 10}, fact), Verdict::kInconclusive);   // could be 0.26 or 0.36
  EXPECT_EQ(judge_fact({0.40, 0.05, 10}, fact), Verdict::kFail);  // 0.35 at best: off either way
  EXPECT_EQ(judge_fact({0.26, 0.08, 10}, fact), Verdict::kInconclusive);
}

TEST(Facts, MissingStrategiesAndVariantRunsAreUnavailableNotFailed) {
  const Model model =
      testing::builtin_model({"simulation.customers=500", "simulation.replications=2"});
  const ExperimentResults results = testing::run_strategies(model, {"multichannel"});
  for (const FactCheck& check : check_facts(model, results, {}, 0.95)) {
    EXPECT_EQ(check.available,
              check.fact.strategy == "multichannel" && check.fact.variant == FactVariant::kNone)
        << check.fact.id;
  }
}

TEST(Facts, ATrendOfTheOtherSignNeverPasses) {
  Fact fact{};
  fact.target = -0.002;
  fact.tolerance = 0.03;
  fact.trend = true;
  EXPECT_EQ(judge_fact({-0.001, 0.0005, 10}, fact), Verdict::kPass);
  EXPECT_EQ(judge_fact({0.004, 0.001, 10}, fact), Verdict::kFail);          // all of it above 0
  EXPECT_EQ(judge_fact({0.001, 0.002, 10}, fact), Verdict::kInconclusive);  // straddles 0
  fact.trend = false;
  EXPECT_EQ(judge_fact({0.004, 0.001, 10}, fact), Verdict::kPass);  // a level: close enough
}

std::vector<VariantRun> variant_runs(const std::vector<std::string>& overrides) {
  const Scenario scenario = load_scenario(builtin_scenario_text(), "retail.toml", overrides);
  std::vector<VariantRun> runs;
  for (const FactVariant variant : fact_variants(build_model(scenario))) {
    runs.push_back(
        {variant, run_scenario(fact_variant_scenario(scenario, variant), {"omnichannel"}, 0)});
  }
  return runs;
}

// The acceptance check of the calibration (fixed seed): a fact without a
// conflict note passes, and a fact with one really fails -- so a calibration
// that fixes it, or breaks another, is noticed. In-sample facts are what
// scripts/calibrate-builtin.sh fits, and must all pass. (Multichannel
// shoppers' online uplift, inconclusive with the streams before issue 30 at
// +6.1 ± 1.8 % against 10 ± 3, now fails cleanly at +5.9 ± 0.8 %: its
// conflict note explains it.)
TEST(Facts, DefaultScenarioPassesEveryFactOrFailsWithItsConflict) {
#ifdef OMNISIM_SLOW_BUILD
  GTEST_SKIP() << "calibration check at full size; run in the optimised build";
#endif
  const Model model = testing::builtin_model();
  const ExperimentResults results = testing::run_strategies(model, {"multichannel", "omnichannel"});
  std::map<FactKind, std::pair<int, int>> counts;  // available, passed
  for (const FactCheck& check : check_facts(model, results, variant_runs({}), 0.95)) {
    ASSERT_TRUE(check.available) << check.fact.id;
    const Verdict expected = check.fact.conflict == nullptr ? Verdict::kPass : Verdict::kFail;
    EXPECT_EQ(check.verdict, expected)
        << check.fact.id << ": simulated " << check.simulated.mean << " ± "
        << check.simulated.half_width << ", target " << check.fact.target << " ± "
        << check.fact.tolerance << (check.fact.conflict ? " (has a conflict note)" : "");
    EXPECT_EQ(check.conflict_note.empty(), expected != Verdict::kFail) << check.fact.id;
    counts[check.fact.kind].first += 1;
    counts[check.fact.kind].second += check.pass() ? 1 : 0;
  }
  EXPECT_EQ(counts[FactKind::kInSample], std::make_pair(11, 11));
  EXPECT_EQ(counts[FactKind::kInput], std::make_pair(3, 3));
  EXPECT_EQ(counts[FactKind::kValidation], std::make_pair(14, 3));
}

// Conflict notes quote the run, not numbers typed in: another fixed cost
// and another customer base give another note.
TEST(Facts, ConflictNotesQuoteTheRunTheyExplain) {
  const std::vector<std::string> small{"simulation.customers=4000", "simulation.replications=2"};
  const auto whale_note = [](const std::vector<std::string>& overrides) {
    const Model model = testing::builtin_model(overrides);
    const ExperimentResults results = testing::run_strategies(model, {"omnichannel"});
    for (const FactCheck& check : check_facts(model, results, {}, 0.95)) {
      if (check.fact.id == "whale_loss_makers") return check.conflict_note;
    }
    return std::string("no such fact");
  };
  const std::string as_built = whale_note(small);
  EXPECT_THAT(as_built, ::testing::HasSubstr("fixed cost of 10.00 EUR per customer-year"));
  const std::string dearer = whale_note(
      testing::concat(small, {"strategies.omnichannel.fixed_cost_eur_per_customer_year=25"}));
  EXPECT_THAT(dearer, ::testing::HasSubstr("fixed cost of 25.00 EUR per customer-year"));
  EXPECT_NE(as_built, dearer);
}

// The counterfactual of Reichheld & Sasser's claim slows every segment's
// Pareto/NBD dropout by what adds five points of yearly retention in closed
// form; satisfaction and switching carry part of the dropout too, so the
// simulated gain is smaller, and the fact scales the profit change to
// exactly five points.
TEST(Facts, FiveMorePointsOfRetentionAreAddedToTheSameCustomers) {
  const std::vector<std::string> small{testing::customers(20000), "simulation.replications=2"};
  const Scenario scenario = load_scenario(builtin_scenario_text(), "retail.toml", small);
  const ExperimentResults base = run_scenario(scenario, {"omnichannel"}, 0);
  const ExperimentResults more = run_scenario(
      fact_variant_scenario(scenario, FactVariant::kRetentionPlusFivePoints), {"omnichannel"}, 0);
  const auto retention = testing::kpi_index(base, "retention_12m");
  const Interval added =
      paired_difference(more.kpi_column(0, retention), base.kpi_column(0, retention), 0.95);
  EXPECT_GT(added.mean, 0.02);
  EXPECT_LT(added.mean, 0.05) << "no more than the closed form's five points";
  const auto clv = testing::kpi_index(base, "clv_lifetime_eur");
  EXPECT_GT(more.kpi_column(0, clv)[0], base.kpi_column(0, clv)[0]);
  Scenario bg = scenario;
  bg.lifetime.model = LifetimeModel::kBgNbd;
  EXPECT_THROW(fact_variant_scenario(bg, FactVariant::kRetentionPlusFivePoints), InputError);
}

}  // namespace
}  // namespace omnisim::facts_test
