// A scenario as dotted keys (sim/scenario/flatten.hpp), and the keys two
// scenarios differ in: what `omnisim report --against` lists.

#include "sim/scenario/flatten.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim {
namespace {

std::string value_of(const std::vector<ScenarioSetting>& settings, const std::string& key) {
  for (const auto& setting : settings)
    if (setting.key == key) return setting.value;
  return "(absent)";
}

TEST(FlattenScenario, NamesEveryLeafByItsDottedPathInShortestForm) {
  const auto settings = flatten_scenario(
      "a = 1\nb = 0.95\n[c]\nd = \"web\"\ne = [0.1, 2.0]\n[c.f]\ng = true\n", "test");
  ASSERT_EQ(settings.size(), 5u);
  EXPECT_EQ(value_of(settings, "a"), "1");
  EXPECT_EQ(value_of(settings, "b"), "0.95");     // not 0.94999999999999996
  EXPECT_EQ(value_of(settings, "c.d"), "'web'");  // toml++ writes a literal string
  EXPECT_EQ(value_of(settings, "c.e"), "[0.1, 2.0]");
  EXPECT_EQ(value_of(settings, "c.f.g"), "true");
  EXPECT_TRUE(std::is_sorted(settings.begin(), settings.end(),
                             [](const auto& x, const auto& y) { return x.key < y.key; }));
  EXPECT_THROW(flatten_scenario("a = [", "broken.toml"), InputError);
}

TEST(FlattenScenario, ChangesAreTheKeysThatDifferOrExistOnOneSide) {
  const auto before = flatten_scenario("a = 1\nb = 2\nc = 3\n", "before");
  const auto after = flatten_scenario("a = 1\nb = 5\nd = 4\n", "after");
  const auto changes = scenario_changes(before, after);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].key, "b");
  EXPECT_EQ(changes[0].before, "2");
  EXPECT_EQ(changes[0].after, "5");
  EXPECT_EQ(changes[1].key, "c");
  EXPECT_EQ(changes[1].after, "");
  EXPECT_EQ(changes[2].key, "d");
  EXPECT_EQ(changes[2].before, "");
  EXPECT_TRUE(scenario_changes(before, before).empty());
}

// The emitted built-in scenario and the same with one override differ in
// exactly that key.
TEST(FlattenScenario, OneOverrideIsOneChange) {
  const std::string base = emit_scenario(load_scenario(builtin_scenario_text(), "built-in"));
  const std::vector<std::string> overrides{"strategies.omnichannel.linkage=0.5"};
  const std::string edited =
      emit_scenario(load_scenario(builtin_scenario_text(), "built-in", overrides));
  const auto changes =
      scenario_changes(flatten_scenario(base, "base"), flatten_scenario(edited, "edited"));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].key, "strategies.omnichannel.linkage");
  EXPECT_EQ(changes[0].before, "0.95");
  EXPECT_EQ(changes[0].after, "0.5");
}

}  // namespace
}  // namespace omnisim
