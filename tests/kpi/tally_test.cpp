#include "sim/kpi/tally.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "sim/kpi/results.hpp"

namespace omnisim::tally_test {
namespace {

TEST(Moments, MeanAndSampleStandardDeviation) {
  Moments moments;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0})
    moments.add(x);
  EXPECT_DOUBLE_EQ(moments.mean(), 5.0);
  EXPECT_NEAR(moments.sd(), std::sqrt(32.0 / 7.0), 1e-12);
  EXPECT_TRUE(std::isnan(Moments{}.mean()));
}

TEST(Histogram, QuantilesInterpolateWithinBins) {
  Histogram histogram;
  for (int i = 0; i < 100; ++i)
    histogram.add(10.0 + 0.1 * i);  // uniform on [10, 20)
  EXPECT_NEAR(histogram.quantile(0.5), 15.0, Histogram::kWidth);
  EXPECT_NEAR(histogram.quantile(0.1), 11.0, Histogram::kWidth);
  histogram.add(-1e9);
  histogram.add(1e9);
  histogram.add(std::numeric_limits<double>::quiet_NaN());  // counted, never out of bounds
  EXPECT_DOUBLE_EQ(histogram.quantile(0.0), Histogram::kLow);
  EXPECT_TRUE(std::isnan(Histogram{}.quantile(0.5)));
}

TEST(Tally, MergeAddsEveryPart) {
  const TallyLayout layout{3, 36};
  Tally a(layout), b(layout);
  a[Count::kOrders] = 2;
  b[Count::kOrders] = 3;
  a[Sum::kRevenue] = 1.5;
  b[Sum::kRevenue] = 2.5;
  b.at(2, ChannelCount::kOrders) = 4;
  b.add_contact(1, 0.25, 2);
  b.clv_eur.add(10.0);
  b.age_alive[5] = 1;
  a.merge(b);
  EXPECT_EQ(a[Count::kOrders], 5u);
  EXPECT_DOUBLE_EQ(a[Sum::kRevenue], 4.0);
  EXPECT_EQ(a.at(2, ChannelCount::kOrders), 4u);
  EXPECT_EQ(a[Count::kContacts], 1u);
  EXPECT_DOUBLE_EQ(a.contact_cost_by_year[2], 0.25);
  EXPECT_EQ(a.clv_eur.n, 1u);
  EXPECT_EQ(a.age_alive[5], 1u);
}

TEST(RetentionCurve, SuffixSumsOverObservableCustomers) {
  const TallyLayout layout{1, 3};
  Tally tally(layout);
  // Customer A observable 3 months, alive 3; B observable 3, alive 1; C observable 1, alive 0.
  tally.age_eligible[3] += 2;
  tally.age_eligible[1] += 1;
  tally.age_alive[3] += 1;
  tally.age_alive[1] += 1;
  tally.age_alive[0] += 1;
  const auto curve = retention_curve(tally);
  ASSERT_EQ(curve.size(), 3u);
  EXPECT_DOUBLE_EQ(curve[0], 2.0 / 3.0);  // month 1: A, B alive of A, B, C
  EXPECT_DOUBLE_EQ(curve[1], 1.0 / 2.0);  // month 2: A alive of A, B
  EXPECT_DOUBLE_EQ(curve[2], 1.0 / 2.0);
}

}  // namespace
}  // namespace omnisim::tally_test

namespace omnisim::tally_test {
namespace {

TEST(Histogram, TopShareIsTheShareOfValueOfTheHighestValues) {
  Histogram histogram;
  // Ten customers: two earn 100 each, six earn 10, two lose 30: total 200.
  for (double value : {100.0, 100.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, -30.0, -30.0}) {
    histogram.add(value);
  }
  EXPECT_DOUBLE_EQ(histogram.top_share(0.2), 1.0);   // the top two earn 200 of 200
  EXPECT_DOUBLE_EQ(histogram.top_share(0.3), 1.05);  // and one 10 more
  EXPECT_DOUBLE_EQ(histogram.top_share(0.8), 1.3);   // all but the losers: 260 of 200
  EXPECT_DOUBLE_EQ(histogram.top_share(1.0), 1.0);
  EXPECT_DOUBLE_EQ(histogram.share_below_zero(), 0.2);
}

TEST(Histogram, SharesOfNothingOrOfALossAreUndefined) {
  Histogram empty;
  EXPECT_TRUE(std::isnan(empty.top_share(0.2)));
  EXPECT_TRUE(std::isnan(empty.share_below_zero()));
  Histogram losses;
  losses.add(-10.0);
  losses.add(5.0);
  EXPECT_TRUE(std::isnan(losses.top_share(0.5)));  // total -5: no share of it means anything
  EXPECT_DOUBLE_EQ(losses.share_below_zero(), 0.5);
}

TEST(Histogram, AnyNegativeValueIsALossWhateverItsBin) {
  Histogram histogram;
  histogram.add(-1e-14);  // rounds into the [0, 5) bin
  histogram.add(0.0);
  histogram.add(std::numeric_limits<double>::quiet_NaN());
  EXPECT_DOUBLE_EQ(histogram.share_below_zero(), 1.0 / 3.0);
  // Merging keeps the count.
  Histogram other;
  other.add(-7.0);
  histogram.merge(other);
  EXPECT_DOUBLE_EQ(histogram.share_below_zero(), 0.5);
}

}  // namespace
}  // namespace omnisim::tally_test
