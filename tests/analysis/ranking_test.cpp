// compare's verdict (analysis/ranking.hpp) on results whose answer is known.

#include "analysis/ranking.hpp"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::ranking_test {
namespace {

using ::testing::HasSubstr;

// Three strategies of the built-in model (mono_store 4, mono_web 3,
// multichannel 6 EUR per customer-year), three replications. Objective:
// mono_web 10 (+-0.1), multichannel 9.95 (+-0.3: tied with it), mono_store
// 5. Revenue: mono_store 60 EUR less than mono_web; everything else equal.
ExperimentResults known_results() {
  ExperimentResults results;
  results.strategies = {0, 1, 2};
  results.replications = 3;
  results.kpis = {{"clv_lifetime_net_per_prospect_eur", "EUR", "value", "the firm's value"},
                  {"revenue_per_customer_eur", "EUR", "value", "revenue"},
                  {"retention_36m", "share", "retention", "alive at 36 months"}};
  const auto run = [](const std::vector<double>& objective, double revenue) {
    std::vector<std::vector<double>> replications;
    replications.reserve(objective.size());
    for (const double value : objective)
      replications.push_back({value, revenue + value / 100.0, 0.6});
    return replications;
  };
  results.kpi_values = {run({4.9, 5.0, 5.1}, 140.0), run({9.9, 10.0, 10.1}, 200.0),
                        run({9.6, 9.95, 10.3}, 200.0)};
  return results;
}

TEST(Ranking, RanksOnTheObjectiveAndMarksTies) {
  const Model model = testing::builtin_model();
  const Ranking ranking = rank_strategies(model, known_results(), 0.95);
  ASSERT_EQ(ranking.ranked.size(), 3u);
  EXPECT_EQ(ranking.ranked[0].slot, 1u);  // mono_web
  EXPECT_EQ(ranking.ranked[1].slot, 2u);  // multichannel
  EXPECT_EQ(ranking.ranked[2].slot, 0u);  // mono_store
  EXPECT_NEAR(ranking.ranked[1].to_best.mean, -0.05, 1e-12);
  EXPECT_TRUE(ranking.ranked[1].tied_with_best);
  EXPECT_NEAR(ranking.ranked[2].to_best.mean, -5.0, 1e-12);
  EXPECT_FALSE(ranking.ranked[2].tied_with_best);
  // The best's difference is to the runner-up, and so is its tie.
  EXPECT_NEAR(ranking.ranked[0].to_best.mean, 0.05, 1e-12);
  EXPECT_TRUE(ranking.ranked[0].tied_with_best);
}

TEST(Ranking, SaysWhyFromTheClearComponents) {
  const Model model = testing::builtin_model();
  const ExperimentResults results = known_results();
  const Ranking ranking = rank_strategies(model, results, 0.95);
  // mono_store against mono_web: 60 EUR less revenue, 1 EUR more fixed cost;
  // retention is equal, so it is not a reason.
  EXPECT_THAT(ranking.ranked[2].reason, HasSubstr("sells 60 EUR less per customer"));
  EXPECT_THAT(ranking.ranked[2].reason,
              HasSubstr("costs 4 EUR per customer-year to run against 3"));
  EXPECT_THAT(ranking.ranked[2].reason, ::testing::Not(HasSubstr("36 months")));
  std::ostringstream out;
  print_ranking(out, model, results, ranking);
  EXPECT_THAT(out.str(), HasSubstr("Verdict: mono_web ranks first on "
                                   "clv_lifetime_net_per_prospect_eur (higher is better), "
                                   "statistically tied with multichannel"));
  EXPECT_THAT(out.str(), HasSubstr("mono_store trails mono_web (-5.0"));
}

TEST(Ranking, AMinimisedObjectiveRanksTheLowestFirst) {
  const Model model = testing::builtin_model({"analysis.objective_goal=\"minimise\""});
  const Ranking ranking = rank_strategies(model, known_results(), 0.95);
  EXPECT_EQ(ranking.ranked[0].slot, 0u);
  EXPECT_THAT(ranking.ranked[0].reason, HasSubstr("sells 60 EUR less"));
}

TEST(Ranking, AnUnknownObjectiveNamesTheClosestKpi) {
  const Model model = testing::builtin_model({"analysis.objective=\"retention_12\""});
  try {
    check_objective(model);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("analysis.objective: no KPI \"retention_12\"; did you mean "
                                        "\"retention_12m\"?"));
  }
}

}  // namespace
}  // namespace omnisim::ranking_test
