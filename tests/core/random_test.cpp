#include "sim/core/random.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

namespace omnisim::random_test {
namespace {

constexpr StreamFamily kFamily{42, 0};

TEST(RandomStream, SameIdentityGivesSameNumbers) {
  RandomStream a(kFamily, 7, Purpose::kDecision, 3);
  RandomStream b(kFamily, 7, Purpose::kDecision, 3);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(a(), b());
}

TEST(RandomStream, EveryPartOfTheIdentityChangesTheStream) {
  const auto first = [](StreamFamily family, std::uint64_t customer, Purpose purpose,
                        std::uint64_t occasion) {
    return RandomStream(family, customer, purpose, occasion)();
  };
  const auto base = first(kFamily, 7, Purpose::kDecision, 3);
  EXPECT_NE(base, first({43, 0}, 7, Purpose::kDecision, 3));
  EXPECT_NE(base, first({42, 1}, 7, Purpose::kDecision, 3));
  EXPECT_NE(base, first(kFamily, 8, Purpose::kDecision, 3));
  EXPECT_NE(base, first(kFamily, 7, Purpose::kService, 3));
  EXPECT_NE(base, first(kFamily, 7, Purpose::kDecision, 4));
}

TEST(RandomStream, UniformIsInOpenZeroClosedOneWithMeanHalf) {
  RandomStream stream(kFamily, 1, Purpose::kTraits, 0);
  constexpr int n = 200'000;
  double sum = 0.0;
  for (int i = 0; i < n; ++i) {
    const double u = stream.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LE(u, 1.0);
    sum += u;
  }
  const double standard_error = std::sqrt(1.0 / 12.0 / n);
  EXPECT_NEAR(sum / n, 0.5, 4.0 * standard_error);
}

// Mean and variance of a distribution's draws within 4 standard errors
// (the variance's standard error uses the fourth central moment).
void expect_moments(const std::vector<double>& draws, double mean, double variance,
                    double fourth_central_moment) {
  const double n = static_cast<double>(draws.size());
  double sum = 0.0;
  for (double x : draws)
    sum += x;
  const double sample_mean = sum / n;
  double squares = 0.0;
  for (double x : draws)
    squares += (x - sample_mean) * (x - sample_mean);
  const double sample_variance = squares / (n - 1.0);
  EXPECT_NEAR(sample_mean, mean, 4.0 * std::sqrt(variance / n));
  EXPECT_NEAR(sample_variance, variance,
              4.0 * std::sqrt((fourth_central_moment - variance * variance) / n));
}

// A pair of normals is Box-Muller of the stream's next two numbers, the
// second for x: the same under every compiler. As two arguments of one call
// the draws' order was the compiler's, and a clang build drew other
// customers than a gcc build (the asan preset, built with clang, found it).
TEST(RandomStream, NormalsComeFromTheNextTwoNumbersInAFixedOrder) {
  RandomStream numbers(StreamFamily{7, 1}, 42, Purpose::kTraits, 0);
  const std::uint64_t first = numbers(), second = numbers();
  RandomStream normals(StreamFamily{7, 1}, 42, Purpose::kTraits, 0);
  const auto pair = r123::boxmuller(second, first);
  EXPECT_EQ(normals.normal(), pair.x);
  EXPECT_EQ(normals.normal(), pair.y);
}

TEST(RandomStream, ExponentialHasTheRightMoments) {
  RandomStream stream(kFamily, 2, Purpose::kNeedGaps, 0);
  const double rate = 2.5;
  std::vector<double> draws(200'000);
  for (auto& x : draws)
    x = stream.exponential(rate);
  expect_moments(draws, 1.0 / rate, 1.0 / (rate * rate), 9.0 / std::pow(rate, 4));
}

TEST(RandomStream, GammaHasTheRightMoments) {
  RandomStream stream(kFamily, 3, Purpose::kBasket, 0);
  const double shape = 4.0, scale = 15.0;
  std::vector<double> draws(200'000);
  for (auto& x : draws)
    x = stream.gamma(shape, scale);
  const double variance = shape * scale * scale;
  // Fourth central moment of a gamma: 3 k (k + 2) theta^4.
  expect_moments(draws, shape * scale, variance, 3.0 * shape * (shape + 2.0) * std::pow(scale, 4));
}

TEST(RandomStream, NormalHasTheRightMoments) {
  RandomStream stream(kFamily, 4, Purpose::kTraits, 0);
  std::vector<double> draws(200'000);
  for (auto& x : draws)
    x = stream.normal();
  expect_moments(draws, 0.0, 1.0, 3.0);
}

TEST(RandomStream, GeometricHasTheRequestedMean) {
  RandomStream stream(kFamily, 5, Purpose::kConsideration, 0);
  const double mean = 2.0;
  constexpr int n = 200'000;
  double sum = 0.0;
  int minimum = 1'000;
  for (int i = 0; i < n; ++i) {
    const int k = stream.geometric_at_least_one(mean);
    minimum = std::min(minimum, k);
    sum += k;
  }
  EXPECT_EQ(minimum, 1);
  const double variance = (1.0 - 1.0 / mean) / (1.0 / mean * 1.0 / mean);
  EXPECT_NEAR(sum / n, mean, 4.0 * std::sqrt(variance / n));
}

TEST(RandomStream, CategoricalFollowsTheWeightsAndSkipsZeros) {
  RandomStream stream(kFamily, 6, Purpose::kDecision, 0);
  const std::array<double, 4> weights{1.0, 0.0, 3.0, 6.0};
  std::array<int, 4> counts{};
  constexpr int n = 100'000;
  for (int i = 0; i < n; ++i)
    ++counts[static_cast<std::size_t>(stream.categorical(weights, 10.0))];
  EXPECT_EQ(counts[1], 0);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double p = weights[i] / 10.0;
    EXPECT_NEAR(static_cast<double>(counts[i]) / n, p, 4.0 * std::sqrt(p * (1 - p) / n)) << i;
  }
}

TEST(RandomStream, BernoulliEdgeCasesAreExact) {
  RandomStream stream(kFamily, 7, Purpose::kService, 0);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(stream.bernoulli(0.0));
    EXPECT_TRUE(stream.bernoulli(1.0));
  }
}

}  // namespace
}  // namespace omnisim::random_test
