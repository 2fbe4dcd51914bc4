// The customer state's memory budget (issue 30), and the at-horizon
// snapshot it no longer carries: kept beside the population only when the
// customers table is asked for, with the same values the run totals count.

#include "sim/engine/population.hpp"

#include <cmath>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include <gtest/gtest.h>

#include "sim/engine/run.hpp"
#include "tests/support/row_collector.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::population_test {
namespace {

// 264 + 8 bytes before issue 30, 208 + 8 after its first pass; a field that
// grows it should be a decision.
TEST(Population, CustomerStateAndWakeTakeAtMost172Bytes) {
  EXPECT_LE(kBytesPerPaidCustomer, 172U);
  EXPECT_EQ(sizeof(Wake), 4U);
}

TEST(Wake, HoldsItsFlagsAndADayAMomentEarlyAtMost) {
  for (const double day : {0.0, 1e-3, 1.0, 30.416666666666668, 1094.9999999, 1095.0, 36500.123}) {
    for (const bool alive : {false, true}) {
      for (const bool has_app : {false, true}) {
        const Wake wake = Wake::at(day, alive, has_app);
        EXPECT_EQ(wake.alive(), alive);
        EXPECT_EQ(wake.has_app(), has_app);
        EXPECT_LE(wake.day(), day);
        // Rounded down, then its two lowest bits cleared: within 4 float steps.
        const auto step = static_cast<double>(std::nextafter(static_cast<float>(day), INFINITY)) -
                          static_cast<float>(day);
        EXPECT_GE(wake.day(), day - 4.0 * step) << day;
      }
    }
  }
  EXPECT_EQ(Wake::at(INFINITY, true, true).day(), INFINITY);
  EXPECT_EQ(Wake::at(1e300, false, true).day(), INFINITY);
  EXPECT_TRUE(Wake::at(1e300, false, true).has_app());
}

TEST(CustomerDays, ScheduledDaysAreTheFloatAtOrAfterTheDay) {
  for (const double day : {0.0, 1e-9, 0.1, 30.416666666666668, 1095.0000001, 36499.99999}) {
    const float scheduled = float_day_at_or_after(day);
    EXPECT_GE(static_cast<double>(scheduled), day);
    EXPECT_LT(static_cast<double>(std::nextafter(scheduled, -INFINITY)), day) << day;
  }
  EXPECT_EQ(float_day_at_or_after(INFINITY), INFINITY);
}

TEST(CustomerDays, DrawnDaysAreTheNearestFloatButNeverBeforeTheClock) {
  const double clock_day = 1000.0;
  const double step = 0x1p-14;  // between floats near day 1,000
  for (const double offset : {0.1, 0.49, 0.51, 0.9, 1.0, 7.3}) {
    const double day = clock_day + 3.0 + offset * step;
    const float drawn = float_day_from(day, clock_day);
    EXPECT_LE(std::abs(static_cast<double>(drawn) - day), 0.5 * step) << offset;
    EXPECT_EQ(static_cast<double>(drawn), clock_day + 3.0 + std::round(offset) * step) << offset;
  }
  // A day whose nearest float is before the clock gets the next one after it.
  const double clock_between = 1000.0 + 0.3 * step;  // no float
  EXPECT_EQ(static_cast<double>(float_day_from(clock_between + 0.01 * step, clock_between)),
            1000.0 + step);
  EXPECT_EQ(float_day_from(INFINITY, clock_day), INFINITY);
}

TEST(Population, KeepsAtHorizonSnapshotsOnlyWhenAskedAndForEveryCustomer) {
  Population without(3000, kCustomersPerBlock);
  EXPECT_TRUE(without.block(0).horizons.empty());
  EXPECT_EQ(without.block(0).horizon(0), nullptr);
  Population with(3000, kCustomersPerBlock, 0, 1, true);
  EXPECT_EQ(with.block(2).horizons.size(), with.block(2).customers.size());
  with.add_referred(CustomerState{}, Wake{});
  std::size_t visited = 0;
  with.for_each_with_horizon([&](const CustomerState&, const AtHorizon&) { ++visited; });
  EXPECT_EQ(visited, 3001U);
  EXPECT_THROW(without.for_each_with_horizon([](const CustomerState&, const AtHorizon&) {}),
               std::logic_error);
}

// The table's horizon columns add up to the run's totals (revenue to float
// rounding, orders exactly), asking for the table changes no result, and
// each customer's row holds that customer as the horizon left it: the same
// whether the years after the horizon are simulated (lifetime) or not.
TEST(Population, CustomersTableHorizonColumnsAddUpToTheRunTotals) {
  const Model model =
      testing::builtin_model({testing::customers(4000), "simulation.replications=1"});
  RunRequest request;
  request.strategy = model.strategy_index("omnichannel");
  const RunResult plain = run_simulation(model, request);
  testing::RowCollector rows;
  request.customer_rows = &rows;
  const RunResult with_rows = run_simulation(model, request);
  EXPECT_EQ(plain.totals[Sum::kRevenue], with_rows.totals[Sum::kRevenue]);
  EXPECT_EQ(plain.totals[Count::kOrders], with_rows.totals[Count::kOrders]);
  double revenue = 0.0;
  std::uint64_t orders = 0;
  for (const CustomerRow& row : rows.all) {
    revenue += row.revenue_eur;
    orders += row.orders;
  }
  EXPECT_EQ(orders, with_rows.totals[Count::kOrders]);
  EXPECT_NEAR(revenue, with_rows.totals[Sum::kRevenue], 1e-5 * with_rows.totals[Sum::kRevenue]);
  EXPECT_GT(orders, 0U);

  testing::RowCollector horizon_only;
  request.customer_rows = &horizon_only;
  request.lifetime = false;
  run_simulation(model, request);
  ASSERT_EQ(horizon_only.all.size(), rows.all.size());
  std::map<std::uint64_t, const CustomerRow*> by_id;
  int referred = 0;
  for (const CustomerRow& row : horizon_only.all) {
    by_id[row.id] = &row;
    // Paid customers are numbered, referred ones hashed with the top bit set
    // (period.hpp): every id whole, none shared.
    if (row.acquisition == 1) {
      EXPECT_GE(row.id, std::uint64_t{1} << 63U);
      ++referred;
    } else {
      EXPECT_LT(row.id, static_cast<std::uint64_t>(model.simulation.customers));
    }
  }
  EXPECT_GT(referred, 0);
  EXPECT_EQ(by_id.size(), horizon_only.all.size());
  int bought_after_horizon = 0;
  for (const CustomerRow& row : rows.all) {
    const CustomerRow& same = *by_id.at(row.id);
    EXPECT_EQ(row.orders, same.orders) << row.id;
    EXPECT_EQ(row.revenue_eur, same.revenue_eur) << row.id;
    EXPECT_EQ(row.clv_eur, same.clv_eur) << row.id;
    EXPECT_EQ(std::isnan(row.last_purchase_day), std::isnan(same.last_purchase_day)) << row.id;
    if (!std::isnan(row.last_purchase_day)) {
      EXPECT_EQ(row.last_purchase_day, same.last_purchase_day) << row.id;
    }
    bought_after_horizon += row.clv_lifetime_eur > row.clv_eur + 1.0 ? 1 : 0;
  }
  EXPECT_GT(bought_after_horizon, 100);  // the lifetime years did move the state
}

}  // namespace
}  // namespace omnisim::population_test
