#include "sim/model/model.hpp"

#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace omnisim::model_test {
namespace {

using testing::builtin_model;

TEST(BuildModel, ClosedChannelsHaveNoWeight) {
  const Model model = builtin_model();
  const auto& mono_store = model.strategies[model.strategy_index("mono_store")];
  const int store = model.channel_index("store");
  const int web = model.channel_index("web");
  EXPECT_GT(mono_store.stage_weight[kDecision][store], 0.0);
  EXPECT_EQ(mono_store.stage_weight[kDecision][web], 0.0);
  EXPECT_EQ(mono_store.stage_weight[kConsideration][web], 0.0);
}

TEST(BuildModel, ChannelsWithoutAStageFitDoNotServeIt) {
  const Model model = builtin_model();
  const auto& omni = model.strategies[model.strategy_index("omnichannel")];
  const int call = model.channel_index("call_centre");
  EXPECT_EQ(omni.stage_weight[kConsideration][call], 0.0);  // no consideration fit
  EXPECT_GT(omni.stage_weight[kService][call], 0.0);
}

TEST(BuildModel, BridgesApplyOnlyWhenOfferedEnabledAndOpen) {
  const Model model = builtin_model();
  EXPECT_FALSE(model.strategies[model.strategy_index("multichannel")].click_and_collect);
  EXPECT_TRUE(model.strategies[model.strategy_index("cross_channel")].click_and_collect);
  EXPECT_FALSE(model.strategies[model.strategy_index("cross_channel")].ropo);
  EXPECT_TRUE(model.strategies[model.strategy_index("omnichannel")].ropo);

  const Model disabled = builtin_model({"bridges.ropo.enabled=false"});
  EXPECT_FALSE(disabled.strategies[disabled.strategy_index("omnichannel")].ropo);

  // Offered but the pickup store is not open: no click & collect.
  const Model no_store = builtin_model({"strategies.omnichannel.channels=[\"web\", \"app\"]"});
  EXPECT_FALSE(no_store.strategies[no_store.strategy_index("omnichannel")].click_and_collect);
}

TEST(BuildModel, ContextBridgesAreSymmetric) {
  const Model model = builtin_model();
  const auto& omni = model.strategies[model.strategy_index("omnichannel")];
  const int store = model.channel_index("store");
  const int web = model.channel_index("web");
  EXPECT_TRUE(has_channel(omni.context_bridge[web], store));
  EXPECT_TRUE(has_channel(omni.context_bridge[store], web));
  const auto& multi = model.strategies[model.strategy_index("multichannel")];
  EXPECT_FALSE(has_channel(multi.context_bridge[web], store));
}

TEST(BuildModel, HabitFactorIsNeutralWhenSwitchedOff) {
  EXPECT_GT(builtin_model().mechanisms.habit.factor, 1.0);
  EXPECT_DOUBLE_EQ(builtin_model({"mechanisms.habit.enabled=false"}).mechanisms.habit.factor, 1.0);
}

TEST(BuildModel, PeriodsCoverTheHorizon) {
  const Model model = builtin_model();
  EXPECT_EQ(model.time.n_periods, 37);  // 1095 / 30 = 36.5
  EXPECT_EQ(model.time.n_years, 3);
}

}  // namespace
}  // namespace omnisim::model_test
