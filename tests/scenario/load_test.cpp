#include "sim/scenario/load.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "tests/scenario/scenario_problems.hpp"

namespace omnisim::load_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// One blank line first: the line numbers below count it.
const std::string kMinimal = "\n" + testing::kMinimalScenario;

std::vector<std::string> problems_of(const std::string& text,
                                     const std::vector<std::string>& overrides = {}) {
  return testing::scenario_problems(text, overrides);
}

TEST(LoadScenario, BuiltinScenarioIsValid) {
  const Scenario scenario = load_scenario(builtin_scenario_text(), kBuiltinScenarioName);
  EXPECT_EQ(scenario.strategies.size(), 6u);
  EXPECT_EQ(scenario.strategies[0].name, "mono_store");  // file order, not alphabetical
  EXPECT_EQ(scenario.strategies[5].name, "omnichannel");
  EXPECT_EQ(scenario.channels[0].name, "store");
}

TEST(LoadScenario, MinimalScenarioFillsDefaults) {
  const Scenario scenario = load_scenario(kMinimal, "test.toml");
  EXPECT_EQ(scenario.simulation.customers, 10);
  EXPECT_DOUBLE_EQ(scenario.simulation.horizon_days, 1095.0);
  EXPECT_TRUE(scenario.mechanisms.habit.enabled);
  EXPECT_FALSE(scenario.channels[0].stage_fit.decision.has_value() == false);
}

TEST(LoadScenario, EmitThenLoadGivesTheSameScenario) {
  const Scenario first = load_scenario(builtin_scenario_text(), kBuiltinScenarioName,
                                       std::vector<std::string>{"money.margin_rate=0.1234567891"});
  const std::string text = emit_scenario(first);
  const Scenario second = load_scenario(text, "emitted.toml");
  EXPECT_EQ(emit_scenario(second), text);
  EXPECT_DOUBLE_EQ(second.money.margin_rate, 0.1234567891);
}

TEST(LoadScenario, StrategyCampaignsMustBeDefinedRunAndPushNeedsTheApp) {
  // kMinimal's one strategy, running `campaigns`, and web and app campaigns.
  auto with_campaigns = [](const std::string& campaigns) {
    std::string text = kMinimal;
    const std::string channels = "channels = [\"web\"]\n";
    text.replace(text.find(channels), channels.size(),
                 channels + "campaigns = " + campaigns + "\n");
    return text + R"(
[channels.app]
kind = "digital"
requires_app = true
stage_fit = { consideration = 0.0 }

[campaigns.web]
contacts_per_year = 12

[campaigns.app]
contacts_per_year = 12
)";
  };
  const auto problems = problems_of(with_campaigns(R"(["web", "mail", "web", "app"])"));
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_THAT(problems[0], HasSubstr("strategies.only.campaigns[1]: unknown campaign \"mail\" "
                                     "(campaigns: web, app)"));
  EXPECT_THAT(problems[1],
              HasSubstr("strategies.only.campaigns[2]: campaign \"web\" listed twice"));
  EXPECT_THAT(problems[2], HasSubstr("strategies.only.campaigns[3]: campaign \"app\" sends to app "
                                     "owners, but the strategy does not open channel \"app\""));
  // A campaign no strategy runs would be silently ignored: an error.
  EXPECT_THAT(problems_of(with_campaigns(R"(["web"])")),
              ElementsAre(HasSubstr("campaigns.app: no strategy runs this campaign")));
  EXPECT_THAT(problems_of(with_campaigns(R"(["web", "app"])"),
                          {"strategies.only.channels=[\"web\", \"app\"]"}),
              ElementsAre(HasSubstr("campaign \"app\" sends to app owners")))
      << "the file is checked on its own first";
}

TEST(LoadScenario, UnknownKeyIsAnErrorWithLocationAndExpectedKeys) {
  const auto problems = problems_of(kMinimal + "\n[money]\nmargin = 0.3\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("test.toml:19:1: money.margin: unknown key"));
  EXPECT_THAT(problems[0], HasSubstr("margin_rate"));
}

TEST(LoadScenario, WrongTypeNamesTheExpectedType) {
  const auto problems = problems_of(kMinimal, {"simulation.customers=\"many\""});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "--set simulation.customers=\"many\": simulation.customers: expected an integer, got a "
            "string");
}

TEST(LoadScenario, OutOfRangeValueShowsTheRange) {
  const auto problems = problems_of(kMinimal, {"money.margin_rate=1.5"});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("money.margin_rate: expected a number in [0, 1], got 1.5"));
}

TEST(LoadScenario, NonFiniteNumbersAreRejected) {
  const auto problems = problems_of(kMinimal, {"mechanisms.habit.utility=inf"});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("mechanisms.habit.utility: expected a number in [-50, 50]"));
  EXPECT_THAT(problems_of(kMinimal, {"money.margin_rate=nan"}),
              ElementsAre(HasSubstr("money.margin_rate: expected a number in [0, 1], got nan")));
}

TEST(LoadScenario, StrategyNamingAnUnknownChannel) {
  const auto problems = problems_of(kMinimal, {"strategies.only.channels=[\"web\", \"kiosk\"]"});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("strategies.only.channels[1]: unknown channel \"kiosk\""));
}

TEST(LoadScenario, EmptyChannelList) {
  const auto problems = problems_of(kMinimal, {"strategies.only.channels=[]"});
  ASSERT_FALSE(problems.empty());
  EXPECT_THAT(problems[0],
              HasSubstr("strategies.only.channels: a strategy needs at least one channel"));
}

TEST(LoadScenario, UnknownEnumValueListsChoices) {
  const auto problems = problems_of(kMinimal, {"lifetime.model=weibull"});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0],
              HasSubstr("lifetime.model: expected one of \"pareto_nbd\", \"bg_nbd\", \"periodic\", "
                        "got \"weibull\""));
}

TEST(LoadScenario, SharesMustAddUpToOne) {
  const auto problems = problems_of(kMinimal, {"segments.all.share=0.5"});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("segments: segment shares add up to 0.5, expected 1"));
}

TEST(LoadScenario, EveryProblemIsReportedInOnePass) {
  const auto problems =
      problems_of(kMinimal, {"simulation.customers=0", "money.colour=1",
                             "strategies.only.linkage=2", "analysis.baseline=nobody"});
  EXPECT_EQ(problems.size(), 4u);
}

TEST(LoadScenario, FileProblemsCarryLineAndColumn) {
  const auto problems = problems_of(kMinimal + "\n[journey]\nmax_touchpoints = 0.5\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0],
              HasSubstr("test.toml:19:19: journey.max_touchpoints: expected an integer"));
}

TEST(LoadScenario, SyntaxErrorNamesFileLineAndColumn) {
  const auto problems = problems_of("[simulation]\ncustomers = = 3\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("test.toml:2:"));
  EXPECT_THAT(problems[0], HasSubstr("not valid TOML"));
}

TEST(LoadScenario, OverridesChangeValuesAndBareWordsAreStrings) {
  const Scenario scenario =
      load_scenario(kMinimal, "test.toml",
                    std::vector<std::string>{"simulation.seed=99", "lifetime.model=bg_nbd",
                                             "segments.all.affinity.web=1.5"});
  EXPECT_EQ(scenario.simulation.seed, 99);
  EXPECT_EQ(scenario.lifetime.model, LifetimeModel::kBgNbd);
  EXPECT_DOUBLE_EQ(scenario.segments[0].affinity.at("web"), 1.5);
}

TEST(LoadScenario, OverrideOfAnUnknownKeyIsAnError) {
  const auto problems = problems_of(kMinimal, {"simulation.custmers=5"});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0],
              HasSubstr("--set simulation.custmers=5: simulation.custmers: unknown key"));
}

TEST(LoadScenario, MalformedOverrideIsAnError) {
  EXPECT_THAT(problems_of(kMinimal, {"no_equals_sign"}),
              ElementsAre(HasSubstr("--set no_equals_sign: expected key.path=value")));
  EXPECT_THAT(problems_of(kMinimal, {"a..b=1"}),
              ElementsAre(HasSubstr("--set a..b=1: expected key.path=value")));
}

TEST(LoadScenario, UnusedBridgesNeedNotNameExistingChannels) {
  // kMinimal has no store; the default bridges name one, but no strategy offers them.
  EXPECT_TRUE(problems_of(kMinimal).empty());
  const auto problems = problems_of(kMinimal, {"strategies.only.bridges=[\"ropo\"]"});
  EXPECT_THAT(problems,
              ::testing::Contains(HasSubstr("bridges.ropo.store_channel: unknown channel")));
}

TEST(LoadScenario, MissingFileIsAnInputError) {
  EXPECT_THROW(load_scenario_file("/nonexistent/scenario.toml"), InputError);
}

}  // namespace
}  // namespace omnisim::load_test
