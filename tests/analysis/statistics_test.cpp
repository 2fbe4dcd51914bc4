#include "analysis/statistics.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace omnisim::statistics_test {
namespace {

TEST(Statistics, StudentQuantileMatchesTables) {
  EXPECT_NEAR(student_t_quantile(0.95, 4), 2.776, 1e-3);
  EXPECT_NEAR(student_t_quantile(0.95, 1), 12.706, 1e-3);
  EXPECT_NEAR(student_t_quantile(0.99, 10), 3.169, 1e-3);
}

TEST(Statistics, MeanIntervalOfKnownSample) {
  const std::vector<double> values{1.0, 2.0, 3.0, 4.0, 5.0};
  const Interval interval = mean_interval(values, 0.95);
  EXPECT_DOUBLE_EQ(interval.mean, 3.0);
  // sd = sqrt(2.5), se = sd / sqrt(5), t(0.975, 4) = 2.7764
  EXPECT_NEAR(interval.half_width, 2.7764451 * std::sqrt(2.5 / 5.0), 1e-6);
  EXPECT_EQ(interval.n, 5);
}

TEST(Statistics, SingleValueHasNoInterval) {
  const std::vector<double> values{7.0};
  const Interval interval = mean_interval(values, 0.95);
  EXPECT_DOUBLE_EQ(interval.mean, 7.0);
  EXPECT_TRUE(std::isnan(interval.half_width));
  EXPECT_FALSE(interval.excludes_zero());
}

TEST(Statistics, NonFiniteValuesAreSkipped) {
  const std::vector<double> values{1.0, std::numeric_limits<double>::quiet_NaN(), 3.0};
  const Interval interval = mean_interval(values, 0.95);
  EXPECT_DOUBLE_EQ(interval.mean, 2.0);
  EXPECT_EQ(interval.n, 2);
}

TEST(Statistics, PairedDifferenceRemovesTheCommonPart) {
  // Large common noise, constant difference of 1: the paired interval is exact.
  const std::vector<double> a{101.0, 51.0, 201.0, 11.0};
  const std::vector<double> b{100.0, 50.0, 200.0, 10.0};
  const Interval difference = paired_difference(a, b, 0.95);
  EXPECT_DOUBLE_EQ(difference.mean, 1.0);
  EXPECT_DOUBLE_EQ(difference.half_width, 0.0);
  EXPECT_FALSE(mean_interval(a, 0.95).half_width < 10.0);
}

TEST(Statistics, ExcludesZero) {
  EXPECT_TRUE((Interval{2.0, 1.0, 5}).excludes_zero());
  EXPECT_TRUE((Interval{-2.0, 1.0, 5}).excludes_zero());
  EXPECT_FALSE((Interval{0.5, 1.0, 5}).excludes_zero());
}

}  // namespace
}  // namespace omnisim::statistics_test
