// Designs of experiments (sim/experiment/design.hpp): each kind has its
// defining property, the same seed gives the same points and another seed
// other points, and a unit coordinate becomes the value its distribution
// says.

#include "sim/experiment/design.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/experiment/sweep.hpp"

namespace omnisim::design_test {
namespace {

using ::testing::HasSubstr;

TEST(Design, GridTakesEveryCombinationOfLevelsOnceAtTheirCentres) {
  const auto points = unit_design(DesignKind::kGrid, 2, 0, 1, {3, 2});
  ASSERT_EQ(points.size(), 6U);
  const std::vector<std::vector<double>> expected{
      {1.0 / 6, 0.25}, {1.0 / 6, 0.75}, {0.5, 0.25}, {0.5, 0.75}, {5.0 / 6, 0.25}, {5.0 / 6, 0.75}};
  for (std::size_t p = 0; p < 6; ++p) {
    EXPECT_DOUBLE_EQ(points[p][0], expected[p][0]) << p;
    EXPECT_DOUBLE_EQ(points[p][1], expected[p][1]) << p;
  }
  EXPECT_THROW(unit_design(DesignKind::kGrid, 2, 0, 1, {3}), InputError);
}

TEST(Design, LatinHypercubeHitsEachStratumOncePerDimension) {
  constexpr std::size_t kPoints = 50, kDimensions = 4;
  const auto points = unit_design(DesignKind::kLatinHypercube, kDimensions, kPoints, 7);
  ASSERT_EQ(points.size(), kPoints);
  for (std::size_t d = 0; d < kDimensions; ++d) {
    std::set<std::size_t> strata;
    for (const auto& point : points) {
      ASSERT_GE(point[d], 0.0);
      ASSERT_LT(point[d], 1.0);
      strata.insert(static_cast<std::size_t>(point[d] * kPoints));
    }
    EXPECT_EQ(strata.size(), kPoints) << "dimension " << d;
  }
  // Not the same permutation in every dimension.
  std::size_t same = 0;
  for (const auto& point : points)
    same += static_cast<std::size_t>(point[0] * kPoints) ==
            static_cast<std::size_t>(point[1] * kPoints);
  EXPECT_LT(same, kPoints / 2);
  EXPECT_EQ(unit_design(DesignKind::kLatinHypercube, kDimensions, kPoints, 7), points);
  EXPECT_NE(unit_design(DesignKind::kLatinHypercube, kDimensions, kPoints, 8), points);
}

// The first points of Sobol's sequence in three dimensions with Joe & Kuo's
// direction numbers (new-joe-kuo-6.21201), after the all-zero point, as
// published and as SciPy's unscrambled scipy.stats.qmc.Sobol gives them.
TEST(Design, SobolPointsAreTheReferenceSequence) {
  const std::vector<std::vector<double>> reference{
      {0.5, 0.5, 0.5},       {0.75, 0.25, 0.25},    {0.25, 0.75, 0.75},   {0.375, 0.375, 0.625},
      {0.875, 0.875, 0.125}, {0.625, 0.125, 0.875}, {0.125, 0.625, 0.375}};
  EXPECT_EQ(unit_design(DesignKind::kSobol, 3, reference.size(), 1), reference);
}

TEST(Design, RandomPointsAreUniformAndKeyedBySeed) {
  constexpr std::size_t kPoints = 2000, kDimensions = 3;
  const auto points = unit_design(DesignKind::kRandom, kDimensions, kPoints, 11);
  double sum = 0.0;
  for (const auto& point : points) {
    for (double u : point) {
      ASSERT_GE(u, 0.0);
      ASSERT_LT(u, 1.0);
      sum += u;
    }
  }
  // Mean 1/2, standard error sqrt(1/12 / 6000) = 0.0037: within 4 of them.
  const double n = kPoints * kDimensions;
  EXPECT_NEAR(sum / n, 0.5, 4.0 * std::sqrt(1.0 / 12.0 / n));
  EXPECT_EQ(unit_design(DesignKind::kRandom, kDimensions, kPoints, 11), points);
  EXPECT_NE(unit_design(DesignKind::kRandom, kDimensions, kPoints, 12), points);
  // A point does not depend on how many are asked for.
  EXPECT_EQ(unit_design(DesignKind::kRandom, kDimensions, 10, 11)[9], points[9]);
}

TEST(Design, CoordinatesBecomeValuesOfTheirDistribution) {
  using Distribution = ParameterRange::Distribution;
  const auto range_of = [](Distribution distribution, double low = 0.0, double high = 1.0) {
    ParameterRange range;
    range.distribution = distribution;
    range.low = low;
    range.high = high;
    return range;
  };
  const auto value = [](const ParameterRange& range, double u) {
    return std::stod(range.value_at(u));
  };
  const ParameterRange uniform = range_of(Distribution::kUniform, 2.0, 6.0);
  EXPECT_DOUBLE_EQ(value(uniform, 0.0), 2.0);
  EXPECT_DOUBLE_EQ(value(uniform, 0.25), 3.0);
  const ParameterRange log_uniform = range_of(Distribution::kLogUniform, 0.01, 1.0);
  EXPECT_NEAR(value(log_uniform, 0.5), 0.1, 1e-12);
  ParameterRange normal = range_of(Distribution::kNormal);
  normal.mean = 10.0;
  normal.sd = 2.0;
  EXPECT_NEAR(value(normal, 0.5), 10.0, 1e-12);
  EXPECT_NEAR(value(normal, 0.8413447460685429), 12.0, 1e-9);
  const ParameterRange integer = range_of(Distribution::kInteger, 1.0, 4.0);
  EXPECT_EQ(integer.count(), 4U);
  std::vector<double> hit;
  for (const auto& point : unit_design(DesignKind::kGrid, 1, 0, 1, {integer.count()}))
    hit.push_back(value(integer, point[0]));
  EXPECT_EQ(hit, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_DOUBLE_EQ(value(integer, 0.999999), 4.0);
  ParameterRange levels = range_of(Distribution::kLevels);
  levels.levels = {"\"unified\"", "\"siloed\""};
  EXPECT_EQ(levels.count(), 2U);
  EXPECT_EQ(levels.value_at(0.25), "\"unified\"");
  EXPECT_EQ(levels.value_at(0.75), "\"siloed\"");
}

TEST(Design, KindsByName) {
  EXPECT_EQ(design_kind_named("lhs"), DesignKind::kLatinHypercube);
  EXPECT_EQ(design_kind_named("sobol"), DesignKind::kSobol);
  EXPECT_EQ(design_kind_named("saltelli"), DesignKind::kSaltelli);
  EXPECT_EQ(design_kind_named("morris"), DesignKind::kMorris);
  try {
    design_kind_named("halton");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(),
                HasSubstr("expected grid, random, lhs, sobol, saltelli or morris, got \"halton\""));
  }
}

// SALib's order and skip: the base rows are Sobol' points 16 .. 31 for N =
// 16 (unit_design's row r is point r + 1); with second order, each group
// also has B with A's column i (BA_i) after the AB_i.
TEST(Design, SaltelliGroupsAreABThenEachColumnOfBInA) {
  constexpr std::size_t k = 3, n = 16;
  const auto base = unit_design(DesignKind::kSobol, 2 * k, 15 + n, 0);
  for (const bool second_order : {false, true}) {
    const std::size_t size = saltelli_group_size(k, second_order);
    ASSERT_EQ(size, second_order ? 2 * k + 2 : k + 2);
    const auto points = saltelli_design(k, n, second_order);
    ASSERT_EQ(points.size(), n * size);
    for (std::size_t j = 0; j < n; ++j) {
      const auto* group = &points[j * size];
      const auto& row = base[15 + j];
      for (std::size_t d = 0; d < k; ++d) {
        EXPECT_EQ(group[0][d], row[d]);             // A
        EXPECT_EQ(group[size - 1][d], row[k + d]);  // B
        for (std::size_t i = 0; i < k; ++i) {       // AB_i: A with B's column i
          EXPECT_EQ(group[1 + i][d], d == i ? row[k + d] : row[d]);
          if (second_order) {  // BA_i: B with A's column i
            EXPECT_EQ(group[1 + k + i][d], d == i ? row[d] : row[k + d]);
          }
        }
      }
    }
  }
}

TEST(Design, MorrisTrajectoriesMoveOneCoordinateAtATimeByDeltaOnTheGrid) {
  constexpr std::size_t k = 4, r = 30, levels = 4;
  const auto points = morris_design(k, r, levels, 3);
  ASSERT_EQ(points.size(), r * (k + 1));
  const double delta = levels / (2.0 * (levels - 1));
  for (std::size_t t = 0; t < r; ++t) {
    std::set<std::size_t> moved;
    for (std::size_t s = 0; s <= k; ++s) {
      const auto& point = points[t * (k + 1) + s];
      for (const double x : point) {
        EXPECT_NEAR(x * (levels - 1), std::round(x * (levels - 1)), 1e-12);  // on a level
        EXPECT_GE(x, 0.0);
        EXPECT_LE(x, 1.0);
      }
      if (s == 0) continue;
      const auto& before = points[t * (k + 1) + s - 1];
      std::size_t changed = 0;
      for (std::size_t d = 0; d < k; ++d) {
        if (point[d] == before[d]) continue;
        ++changed;
        moved.insert(d);
        EXPECT_NEAR(std::abs(point[d] - before[d]), delta, 1e-12);
      }
      EXPECT_EQ(changed, 1U);
    }
    EXPECT_EQ(moved.size(), k);  // every coordinate, once
  }
  EXPECT_THROW(morris_design(k, r, 3, 3), InputError);
}

TEST(Design, ShuffledOrderIsASeededPermutation) {
  const auto order = shuffled_order(100, 4);
  EXPECT_EQ(std::set<std::size_t>(order.begin(), order.end()).size(), 100U);
  EXPECT_EQ(*std::max_element(order.begin(), order.end()), 99U);
  EXPECT_EQ(order, shuffled_order(100, 4));
  EXPECT_NE(order, shuffled_order(100, 5));
}

TEST(Design, ShardsTakeWholeGroupsInTurnAndTogetherEveryPointOnce) {
  // Saltelli groups of 4 (k = 2) over 3 shards: shard 1 has groups 0 and 3.
  EXPECT_EQ(shard_points(16, 1, 3, 4), (std::vector<std::size_t>{0, 1, 2, 3, 12, 13, 14, 15}));
  EXPECT_EQ(shard_points(16, 3, 3, 4), (std::vector<std::size_t>{8, 9, 10, 11}));
  std::vector<std::size_t> all;
  for (std::size_t shard = 1; shard <= 4; ++shard)
    for (const std::size_t p : shard_points(23, shard, 4, 3))
      all.push_back(p);
  std::sort(all.begin(), all.end());
  std::vector<std::size_t> expected(23);
  std::iota(expected.begin(), expected.end(), std::size_t{0});
  EXPECT_EQ(all, expected);
}

}  // namespace
}  // namespace omnisim::design_test
