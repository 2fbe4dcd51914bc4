#include "analysis/facts.hpp"

#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace omnisim {
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

TEST(Facts, MissingStrategiesAreUnavailableNotFailed) {
  const Model model =
      testing::builtin_model({"simulation.customers=500", "simulation.replications=2"});
  const ExperimentResults results = testing::run_strategies(model, {"multichannel"});
  for (const FactCheck& check : check_facts(model, results, 0.95)) {
    EXPECT_EQ(check.available, check.fact.strategy == "multichannel") << check.fact.id;
  }
}

// The acceptance check of the calibration: on the default scenario every
// fact passes or names the conflict that stops it (fixed seed).
TEST(Facts, DefaultScenarioPassesEveryFactOrNamesTheConflict) {
#ifdef OMNISIM_SLOW_BUILD
  GTEST_SKIP() << "calibration check at full size; run in the optimised build";
#endif
  const Model model = testing::builtin_model();
  const ExperimentResults results = testing::run_strategies(model, {"multichannel", "omnichannel"});
  int passed = 0;
  for (const FactCheck& check : check_facts(model, results, 0.95)) {
    ASSERT_TRUE(check.available) << check.fact.id;
    EXPECT_TRUE(check.pass() || !check.fact.conflict.empty())
        << check.fact.id << ": simulated " << check.simulated.mean << ", target "
        << check.fact.target << " ± " << check.fact.tolerance;
    passed += check.pass() ? 1 : 0;
  }
  EXPECT_GE(passed, 14);
}

}  // namespace
}  // namespace omnisim
