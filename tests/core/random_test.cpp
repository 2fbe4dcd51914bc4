#include "sim/core/random.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <utility>
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

// The stream is Philox4x32-10 under the documented identity layout: key =
// mix64(seed ^ (replication << 8 | purpose) * 0x9e3779b97f4a7c15), counter = (customer,
// occasion's low 32 bits, occasion's high 8 bits << 24 | block index), four
// words a block, in order. Pinned so that a change of layout (which changes
// every result) cannot pass unnoticed.
TEST(RandomStream, IsPhiloxFourByThirtyTwoUnderTheDocumentedIdentityLayout) {
  const std::uint64_t customer = 0x123456789aULL, occasion = 0xab00000007ULL;
  RandomStream stream(StreamFamily{7, 3}, customer, Purpose::kBasket, occasion);
  const std::uint64_t key = mix64(7 ^ (((3ULL << 8) | 8ULL) * 0x9e3779b97f4a7c15ULL));
  r123::Philox4x32 philox;
  for (std::uint32_t block = 0; block < 3; ++block) {
    const r123::Philox4x32::ctr_type counter{{0x3456789aU, 0x12U, 7U, (0xabU << 24) | block}};
    const auto words =
        philox(counter, {{static_cast<std::uint32_t>(key), static_cast<std::uint32_t>(key >> 32)}});
    for (const std::uint32_t word : words)
      EXPECT_EQ(stream(), word) << "block " << block;
  }
}

// Beyond these ranges two identities would share a stream.
TEST(RandomStream, RefusesAnIdentityOutsideItsFields) {
  EXPECT_NO_THROW(RandomStream(kFamily, 1, Purpose::kTraits, kOccasionLimit - 1));
  EXPECT_THROW(RandomStream(kFamily, 1, Purpose::kTraits, kOccasionLimit), std::out_of_range);
  EXPECT_NO_THROW(RandomStream(kFamily, 1, static_cast<Purpose>(kPurposeLimit - 1), 0));
  EXPECT_THROW(RandomStream(kFamily, 1, static_cast<Purpose>(kPurposeLimit), 0), std::out_of_range);
  EXPECT_NO_THROW(RandomStream({42, kReplicationLimit - 1}, 1, Purpose::kTraits, 0));
  EXPECT_THROW(RandomStream({42, kReplicationLimit}, 1, Purpose::kTraits, 0), std::out_of_range);
}

// The normal and Gamma draws of one stream, pinned: they come from
// Boost.Random's ziggurat, so a Boost release that changed it would change
// every result -- this names the cause before the regression cases fail.
TEST(RandomStream, NormalAndGammaDrawsArePinned) {
  RandomStream stream(StreamFamily{7, 1}, 42, Purpose::kTraits, 0);
  std::array<double, 5> draws{};
  for (std::size_t i = 0; i < 3; ++i)
    draws[i] = stream.normal();
  draws[3] = stream.gamma(0.5, 2.0);
  draws[4] = stream.gamma(4.0, 15.0);
  const std::array<double, 5> pinned{-0.87005375884557545, 0.92092728654006617, 2.3172981146469249,
                                     0.0087837481817111662, 40.588236173599988};
  for (std::size_t i = 0; i < draws.size(); ++i)
    EXPECT_EQ(draws[i], pinned[i]) << i;
}

// Every (replication, purpose) of one seed has its own key: the mix is a
// bijection, so even neighbouring identities never share a stream.
TEST(RandomStream, NeighbouringReplicationsAndPurposesNeverShareAKey) {
  std::vector<std::uint32_t> firsts;
  for (std::uint64_t replication = 0; replication < 64; ++replication)
    for (std::uint64_t purpose = 1; purpose <= 20; ++purpose)
      firsts.push_back(RandomStream({42, replication}, 0, static_cast<Purpose>(purpose), 0)());
  std::sort(firsts.begin(), firsts.end());
  EXPECT_EQ(std::adjacent_find(firsts.begin(), firsts.end()), firsts.end());
}

// A small battery in the spirit of PractRand's first tests (no TestU01 or
// PractRand package in Debian main): each of the 32 bit positions is set half
// the time, pairs of successive uniforms fill a 16 x 16 grid evenly, and
// the first uniforms of neighbouring customers' streams -- the engine's
// typical use, one short stream per customer and purpose -- are uncorrelated
// and uniform. Tolerances are 4 standard errors (chi-square: its mean plus 4
// of its standard deviations, sqrt(2 df)).
TEST(RandomStream, WordsPassBitFrequencySerialPairAndNeighbourStreamChecks) {
  constexpr int n = 1 << 20;
  RandomStream stream(kFamily, 11, Purpose::kDecision, 0);
  std::array<int, 32> ones{};
  std::array<int, 256> cells{};
  for (int i = 0; i < n; ++i) {
    const std::uint32_t a = stream(), b = stream();
    for (int bit = 0; bit < 32; ++bit)
      ones[static_cast<std::size_t>(bit)] += static_cast<int>((a >> bit) & 1U);
    ++cells[((a >> 28) << 4) | (b >> 28)];
  }
  for (int bit = 0; bit < 32; ++bit)
    EXPECT_NEAR(ones[static_cast<std::size_t>(bit)], n / 2.0, 4.0 * std::sqrt(n / 4.0)) << bit;
  const auto chi_square = [](const auto& counts, double expected) {
    double statistic = 0.0;
    for (const int count : counts)
      statistic += (count - expected) * (count - expected) / expected;
    return statistic;
  };
  EXPECT_LT(chi_square(cells, n / 256.0), 255.0 + 4.0 * std::sqrt(2.0 * 255.0));

  std::array<int, 64> first_uniforms{};
  double product = 0.0, previous = 0.0;
  for (int customer = 0; customer < n; ++customer) {
    const double u =
        RandomStream(kFamily, static_cast<std::uint64_t>(customer), Purpose::kNeedGaps, 0)
            .uniform();
    ++first_uniforms[static_cast<std::size_t>(u * 64.0 - 1e-12)];
    if (customer > 0) product += (u - 0.5) * (previous - 0.5);
    previous = u;
  }
  EXPECT_LT(chi_square(first_uniforms, n / 64.0), 63.0 + 4.0 * std::sqrt(2.0 * 63.0));
  // Correlation of neighbours: variance of (u - 1/2)(v - 1/2) is 1 / 144.
  EXPECT_NEAR(product / (n - 1), 0.0, 4.0 * std::sqrt(1.0 / 144.0 / (n - 1)));
}

TEST(RandomStream, ExponentialHasTheRightMoments) {
  RandomStream stream(kFamily, 2, Purpose::kNeedGaps, 0);
  const double rate = 2.5;
  std::vector<double> draws(200'000);
  for (auto& x : draws)
    x = stream.exponential(rate);
  expect_moments(draws, 1.0 / rate, 1.0 / (rate * rate), 9.0 / std::pow(rate, 4));
}

// Shapes below one (boosted by U^(1 / shape)), at one and above: the
// Marsaglia-Tsang sampler's two branches.
TEST(RandomStream, GammaHasTheRightMomentsAtShapesBelowAtAndAboveOne) {
  for (const double shape : {0.3, 1.0, 4.0, 40.0}) {
    RandomStream stream(kFamily, 3, Purpose::kBasket, static_cast<std::uint64_t>(shape * 10));
    const double scale = 15.0;
    std::vector<double> draws(200'000);
    for (auto& x : draws)
      x = stream.gamma(shape, scale);
    const double variance = shape * scale * scale;
    // Fourth central moment of a gamma: 3 k (k + 2) theta^4.
    SCOPED_TRACE(shape);
    expect_moments(draws, shape * scale, variance,
                   3.0 * shape * (shape + 2.0) * std::pow(scale, 4));
  }
}

TEST(RandomStream, BetaHasTheRightMean) {
  RandomStream stream(kFamily, 9, Purpose::kTraits, 0);
  const double a = 0.7, b = 2.0;
  constexpr int n = 200'000;
  double sum = 0.0;
  for (int i = 0; i < n; ++i)
    sum += stream.beta(a, b);
  const double variance = a * b / ((a + b) * (a + b) * (a + b + 1.0));
  EXPECT_NEAR(sum / n, a / (a + b), 4.0 * std::sqrt(variance / n));
}

// The ziggurat's tail (beyond its last layer, x > 3.44) is sampled apart:
// the share beyond 3 and beyond 3.5 checks it at 4 standard errors.
TEST(RandomStream, NormalHasTheRightMomentsAndTails) {
  RandomStream stream(kFamily, 4, Purpose::kTraits, 0);
  std::vector<double> draws(1'000'000);
  for (auto& x : draws)
    x = stream.normal();
  expect_moments(draws, 0.0, 1.0, 3.0);
  for (const auto& [cut_at, share] :
       {std::pair{3.0, 0.0026997960632601913}, std::pair{3.5, 0.0004652581580710501}}) {
    const double cut = cut_at;
    const double n = static_cast<double>(draws.size());
    const auto beyond =
        std::count_if(draws.begin(), draws.end(), [cut](double x) { return std::abs(x) > cut; });
    EXPECT_NEAR(static_cast<double>(beyond) / n, share, 4.0 * std::sqrt(share * (1 - share) / n))
        << cut;
  }
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
