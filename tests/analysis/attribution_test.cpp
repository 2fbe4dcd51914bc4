// Channel attribution (analysis/clv/attribution.hpp) on path sets small
// enough to work out by hand.

#include "analysis/clv/attribution.hpp"

#include <gtest/gtest.h>

#include "sim/core/error.hpp"

namespace omnisim::attribution_test {
namespace {

TEST(Attribution, HandWorkedPathSet) {
  // "A > B" converted once, "A" did not, "B" converted once.
  // Transitions: start -> A 2/3, start -> B 1/3; A -> B 1/2, A -> null 1/2;
  // B -> conversion 1. P(conversion) = 2/3 * 1/2 + 1/3 = 2/3.
  // Without A: 1/3 (removal effect 1/2); without B: 0 (removal effect 1).
  // Markov credits: 2 conversions x (1/2, 1) / 3/2 = (2/3, 4/3).
  std::vector<std::string> names;
  const std::vector<CustomerPath> paths{path_from_text("A > B", 1, 0, names),
                                        path_from_text("A", 0, 1, names),
                                        path_from_text("B", 1, 0, names)};
  ASSERT_EQ(names, (std::vector<std::string>{"A", "B"}));
  const AttributionCredit credit = attribute(paths, 2);
  EXPECT_NEAR(credit.conversion_probability, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(credit.removal_effect[0], 0.5, 1e-12);
  EXPECT_NEAR(credit.removal_effect[1], 1.0, 1e-12);
  EXPECT_NEAR(credit.markov[0], 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(credit.markov[1], 4.0 / 3.0, 1e-12);
  EXPECT_EQ(credit.first_touch, (std::vector<double>{1.0, 1.0}));
  EXPECT_EQ(credit.last_touch, (std::vector<double>{0.0, 2.0}));
  EXPECT_EQ(credit.linear, (std::vector<double>{0.5, 1.5}));
}

TEST(Attribution, LoopsAndRepeatedChannelsSolveTheChain) {
  // "A > A > B" converts, "B > A" does not. start -> A 1/2, start -> B 1/2;
  // A -> A 1/3, A -> B 1/3, A -> null 1/3 (from "B > A"); B -> conversion
  // 1/2, B -> A 1/2. With x_A = (x_A + x_B) / 3 and x_B = 1/2 + x_A / 2:
  // x_A = 1/3, x_B = 2/3, P = (x_A + x_B) / 2 = 1/2.
  std::vector<std::string> names;
  const AttributionCredit credit = attribute(
      {path_from_text("A > A > B", 1, 0, names), path_from_text("B > A", 0, 1, names)}, 2);
  EXPECT_NEAR(credit.conversion_probability, 0.5, 1e-12);
  // Without A: start -> B converts half the time: P = 1/4 (removal 1/2);
  // without B: nothing converts (removal 1).
  EXPECT_NEAR(credit.removal_effect[0], 0.5, 1e-12);
  EXPECT_NEAR(credit.removal_effect[1], 1.0, 1e-12);
  EXPECT_NEAR(credit.linear[0], 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(credit.linear[1], 1.0 / 3.0, 1e-12);
  EXPECT_THROW(attribute({path_from_text("A > C", 1, 0, names)}, 2), InputError);
}

}  // namespace
}  // namespace omnisim::attribution_test
