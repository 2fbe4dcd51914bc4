#include "analysis/explain.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim {
namespace {

TEST(Explain, PartsAndInteractionAddUpToTheTotal) {
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
    double sum = waterfall.structural.mean + waterfall.interaction.mean;
    for (const auto& [name, part] : waterfall.parts)
      sum += part.mean;
    EXPECT_NEAR(sum, waterfall.total.mean, 1e-9 * (1.0 + std::abs(waterfall.total.mean)))
        << waterfall.kpi;
  }
  // Context carry-over is one of the reasons omnichannel does better on CLV.
  EXPECT_GT(waterfalls[0].parts[0].second.mean, 0.0);
}

TEST(Explain, AMechanismWithNoEffectCarriesExactlyNothing) {
  // Congestion is on in the default scenario but no channel has a capacity:
  // switching it off changes no draw, so on the same customers its part is 0.
  const Scenario scenario = load_scenario(
      builtin_scenario_text(), "retail.toml",
      std::vector<std::string>{"simulation.customers=2000", "simulation.replications=2"});
  const AblationResults ablation = run_ablation(
      scenario, {"omnichannel", "multichannel", {"context_carryover", "congestion"}, 0, {}});
  for (const auto& waterfall : explain(ablation, {"clv_eur", "cost_per_contact_eur"}, 0.95)) {
    ASSERT_EQ(waterfall.parts.size(), 2u);
    EXPECT_NE(waterfall.parts[0].second.mean, 0.0) << waterfall.kpi;  // context carry-over
    EXPECT_EQ(waterfall.parts[1].second.mean, 0.0) << waterfall.kpi;  // congestion
  }
}

TEST(Explain, UnknownKpiIsAnInputError) {
  const Scenario scenario = load_scenario(
      builtin_scenario_text(), "retail.toml",
      std::vector<std::string>{"simulation.customers=500", "simulation.replications=2"});
  const AblationResults ablation =
      run_ablation(scenario, {"omnichannel", "multichannel", {"habit"}, 0, {}});
  EXPECT_THROW(explain(ablation, {"happiness"}, 0.95), InputError);
}

}  // namespace
}  // namespace omnisim
