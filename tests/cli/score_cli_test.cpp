// End to end: omnisim score-clv and omnisim attribute on a small run of the
// built-in scenario: their tables, their results-file groups, and the truths
// that hold by construction.

#include <algorithm>
#include <cmath>

#include "sim/io/hdf5_reader.hpp"
#include "tests/support/cli_fixture.hpp"

namespace omnisim::score_cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST_F(Cli, ScoreClvPrintsEachModelsBiasPerStrategyAndWritesTheBins) {
  const Outcome outcome =
      omnisim({"score-clv", "--customers", "2000", "--replications", "1", "-q", "-o", "score.h5"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  // The strategy column is as wide as the longest name, so every model lines up.
  for (const char* row : {"mono_store          bg/nbd", "omnichannel         pareto/nbd",
                          "multichannel        mbg/nbd", "multichannel_capped bg/nbd"}) {
    EXPECT_THAT(outcome.out, HasSubstr(row));
  }
  const h5::Reader file(directory_ / "score.h5");
  const auto models = file.strings("/clv_score/model");
  EXPECT_EQ(models.size(), 18u);  // 6 strategies x 3 models
  const auto bias = file.doubles("/clv_score/purchases_bias").values;
  const auto predicted = file.doubles("/clv_score/predicted_purchases").values;
  const auto actual = file.doubles("/clv_score/actual_purchases").values;
  for (std::size_t i = 0; i < bias.size(); ++i)
    EXPECT_NEAR(bias[i], predicted[i] / actual[i] - 1.0, 1e-12);
  // The bins' customers add up to the cohort, and their actual means to the
  // cohort's actual purchases.
  const auto bin_customers = file.doubles("/clv_score/bins/customers").values;
  const auto bin_actual = file.doubles("/clv_score/bins/actual_mean").values;
  const auto cohort = file.doubles("/clv_score/customers").values;
  ASSERT_EQ(bin_customers.size(), 18u * 8u);
  double customers = 0.0, purchases = 0.0;
  for (std::size_t b = 0; b < 8; ++b) {
    customers += bin_customers[b];
    purchases += bin_customers[b] * bin_actual[b];
  }
  EXPECT_EQ(customers, cohort[0]);
  EXPECT_NEAR(purchases / customers, actual[0], 1e-9);
  EXPECT_EQ(file.strings("/clv_score/parameters/parameter").size(), 6u * (3u + 3u * 4u));
}

TEST_F(Cli, AttributeCreditsEveryConversionAndFindsTheOnlyJourneyChannelsTruth) {
  const Outcome outcome = omnisim(
      {"attribute", "--customers", "2000", "--replications", "1", "-q", "-o", "attribution.h5"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("(mean |err|)"));
  const h5::Reader file(directory_ / "attribution.h5");
  const auto strategy = file.strings("/attribution/strategy");
  const auto channel = file.strings("/attribution/channel");
  const auto conversions = file.doubles("/attribution/conversions").values;
  const auto truth = file.doubles("/attribution/true_incremental").values;
  for (const char* method : {"first_touch", "last_touch", "linear", "markov"}) {
    const auto credit = file.doubles(std::string("/attribution/") + method).values;
    double omni = 0.0, total = 0.0;
    for (std::size_t i = 0; i < credit.size(); ++i) {
      if (strategy[i] != "omnichannel") continue;
      omni += credit[i];
      total = conversions[i];
    }
    EXPECT_NEAR(omni, total, 1e-6 * total) << method;  // credits add up to the conversions
  }
  // A store-only retailer without its store converts nobody.
  bool found = false;
  for (std::size_t i = 0; i < strategy.size(); ++i) {
    if (strategy[i] == "mono_store" && channel[i] == "store") {
      EXPECT_EQ(truth[i], conversions[i]);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(Cli, AttributeSaysSoWhenAStrategyConvertsNobody) {
  // Store-only with a store that never sells: no conversion to share out.
  const Outcome outcome = omnisim({"attribute", "--customers", "300", "--replications", "1", "-q",
                                   "--no-out", "--set", "channels.store.conversion=0"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("mono_store          (none)            n/a"));
  EXPECT_THAT(outcome.out, HasSubstr("(none): no journey converted"));
  EXPECT_THAT(outcome.out, HasSubstr("mono_web            web"));
  EXPECT_THAT(outcome.out, HasSubstr("multichannel_capped web"));
  EXPECT_THAT(outcome.out, Not(HasSubstr("nan")));
}

}  // namespace
}  // namespace omnisim::score_cli_test
