// Where the verdict flips (analysis/verdict.hpp), on a sweep whose contrast
// is known: a plane in the parameters' unit coordinates, against the better
// of two rivals.

#include "analysis/verdict.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "sim/core/error.hpp"

namespace omnisim::verdict_test {
namespace {

// 10 x 10 grid points; "target" = 10 - 20 u1 + 4 u2 (+-0.001 between the two
// replications), "rival" = 0, "weaker" = -1. The first parameter runs
// 6..18, the second 0..1.
SweepData known_sweep() {
  SweepData data;
  SweepLayout& layout = data.layout;
  layout.design = "grid";
  layout.replications = 2;
  layout.parameters = {"fixed_cost", "share"};
  layout.strategies = {"target", "rival", "weaker"};
  layout.kpis = {"value"};
  layout.kpi_units = {"EUR"};
  for (int a = 0; a < 10; ++a) {
    for (int b = 0; b < 10; ++b) {
      const double u1 = (a + 0.5) / 10.0, u2 = (b + 0.5) / 10.0;
      layout.unit.insert(layout.unit.end(), {u1, u2});
      layout.value.insert(layout.value.end(), {6.0 + 12.0 * u1, u2});
      const double target = 10.0 - 20.0 * u1 + 4.0 * u2;
      // [strategy][replication][kpi]
      data.values.push_back({target - 0.001, target + 0.001, 0.0, 0.0, -1.0, -1.0});
      data.points_done.push_back(layout.points++);
    }
  }
  return data;
}

TEST(Verdict, FindsWhereAKnownContrastCrossesZero) {
  const SweepData data = known_sweep();
  const ContrastVerdict verdict =
      contrast_verdict(data, "value", {"target", {"rival", "weaker"}, "target - best"}, 0.95);
  EXPECT_EQ(verdict.points, 100u);
  EXPECT_NEAR(verdict.centre, 2.0, 1e-9) << "against the better rival, 0, not -1";
  EXPECT_NEAR(verdict.r_squared, 1.0, 1e-6);
  ASSERT_EQ(verdict.parameters.size(), 2u);
  const ParameterEffect& cost = verdict.parameters[0];
  EXPECT_NEAR(cost.effect, -20.0, 1e-9);
  // 10 - 20 u + 4 * 0.5 = 0 at u = 0.6, the value 6 + 12 * 0.6.
  EXPECT_NEAR(cost.break_even, 13.2, 1e-9);
  EXPECT_NEAR(cost.low, 6.6, 1e-9) << "the design's lowest point";
  const ParameterEffect& share = verdict.parameters[1];
  EXPECT_NEAR(share.effect, 4.0, 1e-9);
  // 10 - 20 * 0.5 + 4 u = 2 + 4 u never reaches 0 over the range.
  EXPECT_TRUE(std::isnan(share.break_even));
  // Above 0 below u1 = 0.5 + u2 / 5, below it above: the low third of the
  // cost always above, the high third always below.
  EXPECT_DOUBLE_EQ(cost.above[0], 1.0);
  EXPECT_DOUBLE_EQ(cost.below[2], 1.0);
  // Two grid points lie on the zero line (u1 = 0.55, u2 = 0.25 and u1 =
  // 0.65, u2 = 0.75): undecided; every other interval excludes 0.
  EXPECT_EQ(verdict.above + verdict.below, 98u);
  EXPECT_EQ(verdict.strongest[0], 0u);
  EXPECT_DOUBLE_EQ(verdict.region_above[0][0], 1.0);
  EXPECT_DOUBLE_EQ(verdict.region_above[2][2], 0.0);
}

TEST(Verdict, NamesWhatItDoesNotKnow) {
  const SweepData data = known_sweep();
  EXPECT_THROW(contrast_verdict(data, "value", {"target", {"nobody"}, ""}, 0.95), InputError);
  EXPECT_THROW(contrast_verdict(data, "profit", {"target", {"rival"}, ""}, 0.95), InputError);
  EXPECT_THROW(contrast_verdict(data, "value", {"target", {}, ""}, 0.95), InputError);
}

}  // namespace
}  // namespace omnisim::verdict_test
