// When the logged events happen (sim/engine/event_clock.hpp, docs/model.md
// §11): a journey's events at distinct, increasing times; the channel
// kinds' hours and days; never before the engine's instant; the whole run in
// time order through TimeOrdered; the same times at any thread count.

#include "sim/engine/event_clock.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "sim/engine/run.hpp"
#include "sim/experiment/event_log.hpp"
#include "sim/io/time_ordered.hpp"
#include "sim/model/weekly_profile.hpp"
#include "tests/support/event_collector.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::event_clock_test {
namespace {

using testing::builtin_model;

using Collector = testing::EventCollector;

// The engine's events (`engine`) and the same through the clock (`logged`),
// one run in customer order.
struct Logs {
  std::vector<Event> engine, logged;
};

class Tee final : public EventSink {
 public:
  Tee(EventSink& a, EventSink& b) : a_(a), b_(b) {}
  void write(int strategy, int replication, std::span<const Event> events) override {
    a_.write(strategy, replication, events);
    b_.write(strategy, replication, events);
  }
  void end_period() override {
    a_.end_period();
    b_.end_period();
  }

 private:
  EventSink &a_, &b_;
};

Logs logs(const Model& model, int threads = 0) {
  Collector engine, logged;
  EventClock clock(model, logged);
  Tee tee(engine, clock);
  RunRequest request;
  request.strategy = model.strategy_index("omnichannel");
  request.threads = threads;
  request.events = &tee;
  request.lifetime = false;
  run_simulation(model, request);
  return {std::move(engine.all), std::move(logged.all)};
}

const Model& small_model() {
  static const Model model = builtin_model({testing::customers(3000), "simulation.replications=1"});
  return model;
}

int hour_of(double day) {
  return static_cast<int>(std::floor((day - std::floor(day)) * 24.0));
}

// 2026-01-01, day 0 of the built-in scenario, is a Thursday (Monday = 0).
int weekday_of(double day) {
  return (3 + static_cast<int>(std::floor(day))) % 7;
}

TEST(WeeklyProfile, BusyTimeSkipsClosedHoursAndInvertsOnOpenOnes) {
  std::array<double, 24> by_hour{};
  for (int h = 9; h < 20; ++h)
    by_hour[static_cast<std::size_t>(h)] = 1.0;
  const std::array<double, 7> by_weekday{1, 1, 1, 1, 1, 1, 0};     // closed on Sunday
  const WeeklyProfile busy(by_hour, by_weekday, 3);                // day 0 a Thursday
  EXPECT_NEAR(busy.busy_at(7.0) - busy.busy_at(0.0), 7.0, 1e-12);  // a busy day per day
  // Thursday 10:00 is open: the inverse gives it back.
  const double thursday_10h = 10.0 / 24.0;
  EXPECT_NEAR(busy.day_at(busy.busy_at(thursday_10h)), thursday_10h, 1e-9);
  // A moment of busy time after Saturday's closing lands on Monday's opening.
  const double saturday_20h = 2.0 + 20.0 / 24.0;
  const double next = busy.day_at(busy.busy_at(saturday_20h) + 1e-9);
  EXPECT_NEAR(next, 4.0 + 9.0 / 24.0, 1e-6);
  // Increasing.
  for (double day = 0.0; day < 14.0; day += 0.01)
    ASSERT_LE(busy.busy_at(day), busy.busy_at(day + 0.01));
}

TEST(EventClock, AJourneysEventsHaveDistinctIncreasingTimesNeverBeforeTheEngines) {
  const Logs log = logs(small_model());
  ASSERT_EQ(log.engine.size(), log.logged.size());
  ASSERT_GT(log.engine.size(), 10'000U);
  std::size_t journeys = 0, in_journey = 0;
  for (std::size_t i = 0; i < log.logged.size(); ++i) {
    const Event& engine = log.engine[i];
    Event logged = log.logged[i];
    EXPECT_GE(logged.day, engine.day) << "event " << i;
    EXPECT_LE(logged.day - engine.day, EventClock::max_delay_days(small_model())) << "event " << i;
    logged.day = engine.day;
    ASSERT_EQ(logged, engine) << "only the day changes";
    if (i == 0) continue;
    const Event& before = log.logged[i - 1];
    if (engine.type == EventType::kNeed) ++journeys;
    if (engine.journey != kNoJourney && engine.type != EventType::kNeed &&
        before.customer_id == engine.customer_id && before.journey == engine.journey) {
      ++in_journey;
      // At least a second apart: distinct timestamps at millisecond resolution.
      ASSERT_GE(log.logged[i].day - before.day, 1.0 / 86400.0 * (1 - 1e-6))
          << "event " << i << " of journey " << engine.journey;
    }
  }
  EXPECT_GT(journeys, 1000U);
  EXPECT_GT(in_journey, 3 * journeys);
}

// The stores' events fall in their opening hours (9h-20h, Monday to
// Saturday); the call centre's in its own; web traffic has its evening peak.
TEST(EventClock, ChannelKindsKeepTheirHoursAndDays) {
  const Model& model = small_model();
  const Logs log = logs(model);
  const int store = model.channel_index("store"), web = model.channel_index("web");
  const int call = model.channel_index("call_centre");
  std::array<double, 24> web_by_hour{};
  std::size_t store_events = 0;
  for (const Event& event : log.logged) {
    if (event.channel == store) {
      ++store_events;
      EXPECT_GE(hour_of(event.day), 9) << event.day;
      EXPECT_LT(hour_of(event.day), 20) << event.day;
      EXPECT_NE(weekday_of(event.day), 6) << "a store event on a Sunday: day " << event.day;
    }
    if (event.channel == call) {
      EXPECT_GE(hour_of(event.day), 8);
      EXPECT_LT(hour_of(event.day), 20);
    }
    if (event.channel == web && event.type == EventType::kTouchpoint) {
      web_by_hour[static_cast<std::size_t>(hour_of(event.day))] += 1;
    }
  }
  EXPECT_GT(store_events, 1000U);
  // Not flat: the evening (20h-22h) has several times the night's (3h-5h).
  EXPECT_GT(web_by_hour[20] + web_by_hour[21], 4.0 * (web_by_hour[3] + web_by_hour[4]));
}

// One day's web events, hour by hour, against a flat day: a chi-square far
// beyond its 1e-6 quantile (23 degrees of freedom: 63.9). The default
// profile makes it about 0.23 per event: some 120 here (50,000 customers in
// every build: 60 days of them are quick even under a sanitizer).
TEST(EventClock, AnHourlyHistogramOfADaysWebEventsIsNotFlat) {
  const Model model = builtin_model({"simulation.customers=50000", "simulation.replications=1",
                                     "simulation.horizon_days=60", "acquisition.window_days=60"});
  const Logs log = logs(model);
  const int web = model.channel_index("web");
  std::array<double, 24> by_hour{};
  for (const Event& event : log.logged) {
    if (event.channel == web && std::floor(event.day) == 40.0) {
      by_hour[static_cast<std::size_t>(hour_of(event.day))] += 1;
    }
  }
  const double total = std::accumulate(by_hour.begin(), by_hour.end(), 0.0);
  ASSERT_GT(total, 500.0);
  double chi_square = 0.0;
  for (double count : by_hour)
    chi_square += (count - total / 24.0) * (count - total / 24.0) / (total / 24.0);
  EXPECT_GT(chi_square, 63.9);
}

// Through TimeOrdered the whole run is in time order -- events that happen
// after their period's end wait for it -- and nothing is lost.
TEST(EventClock, TimeOrderHoldsOverTheWholeRun) {
  const Model& model = small_model();
  Collector ordered_events;
  TimeOrdered ordered(ordered_events, model.time);
  run_event_log(model, {model.strategy_index("omnichannel")}, 0, ordered);
  const Logs log = logs(model);
  ASSERT_EQ(ordered_events.all.size(), log.logged.size());
  std::size_t after_their_period = 0;
  for (std::size_t i = 1; i < ordered_events.all.size(); ++i)
    ASSERT_LE(ordered_events.all[i - 1].day, ordered_events.all[i].day) << "event " << i;
  for (std::size_t i = 0; i < log.logged.size(); ++i) {
    const auto period = [&](double day) { return std::floor(day / model.time.period_days); };
    if (period(log.logged[i].day) > period(log.engine[i].day)) ++after_their_period;
  }
  EXPECT_GT(after_their_period, 100U) << "the test must carry events over periods";
  const auto key = [](const Event& a, const Event& b) {
    return std::tie(a.customer_id, a.sequence) < std::tie(b.customer_id, b.sequence);
  };
  std::vector<Event> sorted = ordered_events.all, expected = log.logged;
  std::sort(sorted.begin(), sorted.end(), key);
  std::sort(expected.begin(), expected.end(), key);
  EXPECT_EQ(sorted, expected);
}

TEST(EventClock, TheSameTimesAtAnyThreadCount) {
  const auto threads = testing::allow_threads(4);
  EXPECT_EQ(logs(small_model(), 1).logged, logs(small_model(), 4).logged);
}

}  // namespace
}  // namespace omnisim::event_clock_test
