// Shapley values of games small enough to solve by hand; coalition masks
// have bit i set for player i.

#include "analysis/shapley.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace omnisim::shapley_test {
namespace {

constexpr double kExact = 1e-12;

TEST(Shapley, EffectsThatAddAreEachPlayersOwn) {
  const double a = 3.5, b = -1.25;
  const std::vector<double> v{0.0, a, b, a + b};  // {}, {1}, {2}, {1, 2}
  const auto phi = shapley_values(v);
  ASSERT_EQ(phi.size(), 2u);
  EXPECT_NEAR(phi[0], a, kExact);
  EXPECT_NEAR(phi[1], b, kExact);
}

TEST(Shapley, PlayersThatActOnlyTogetherShareEqually) {
  const double c = 7.0;
  const auto phi = shapley_values(std::vector<double>{0.0, 0.0, 0.0, c});
  ASSERT_EQ(phi.size(), 2u);
  EXPECT_NEAR(phi[0], c / 2, kExact);
  EXPECT_NEAR(phi[1], c / 2, kExact);
}

TEST(Shapley, GloveGameFavoursTheScarceGlove) {
  // Player 0 holds the only left glove, players 1 and 2 a right one each; a
  // pair is worth 1. By hand: player 1 adds 1 only joining after 0 and
  // before 2, in 1 of the 6 orders, so phi_1 = phi_2 = 1/6 and phi_0 = 2/3.
  //                             {}   0    1   01   2   02  12  012
  const std::vector<double> v{0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0};
  const auto phi = shapley_values(v);
  ASSERT_EQ(phi.size(), 3u);
  EXPECT_NEAR(phi[0], 2.0 / 3.0, kExact);
  EXPECT_NEAR(phi[1], 1.0 / 6.0, kExact);
  EXPECT_NEAR(phi[2], 1.0 / 6.0, kExact);
}

TEST(Shapley, AsymmetricGameWithAValueWhenNobodyPlays) {
  // Weights 1/3, 1/6, 1/6, 1/3 for coalitions of size 0, 1, 1, 2 joined:
  //   phi_A = 3/3 + 5/6 + 5/6 + 10/3 = 6
  //   phi_B = 1/3 + 3/6 + 2/6 +  7/3 = 3.5
  //   phi_C = 0/3 + 2/6 + 1/6 +  6/3 = 2.5,  sum 12 = v(ABC) - v({})
  // (Equal weights 1/4, Banzhaf's, would give 5.75, 3.25, 2.25.)
  //                             {}   A    B   AB    C   AC   BC  ABC
  const std::vector<double> v{1.0, 4.0, 2.0, 7.0, 1.0, 6.0, 3.0, 13.0};
  const auto phi = shapley_values(v);
  ASSERT_EQ(phi.size(), 3u);
  EXPECT_NEAR(phi[0], 6.0, kExact);
  EXPECT_NEAR(phi[1], 3.5, kExact);
  EXPECT_NEAR(phi[2], 2.5, kExact);
}

TEST(Shapley, NoPlayersAndMalformedInput) {
  EXPECT_TRUE(shapley_values(std::vector<double>{4.0}).empty());
  EXPECT_THROW(shapley_values(std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW(shapley_values(std::vector<double>{1.0, 2.0, 3.0}), std::invalid_argument);
}

}  // namespace
}  // namespace omnisim::shapley_test
