// The event log (sim/engine/event.hpp): what it records reconciles exactly
// with the run's totals, ids are each customer's 0, 1, 2, ... in time order,
// and the log is the same at any thread count.

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/engine/run.hpp"
#include "tests/support/event_collector.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::event_test {
namespace {

using testing::builtin_model;

using Collector = testing::EventCollector;

struct Logged {
  RunResult result;
  std::vector<Event> events;
};

Logged run_logged(const Model& model, const std::string& strategy, int threads = 0) {
  Collector collector;
  RunRequest request;
  request.strategy = model.strategy_index(strategy);
  request.threads = threads;
  request.events = &collector;
  RunResult result = run_simulation(model, request);
  EXPECT_EQ(collector.periods, model.time.n_periods);
  return {std::move(result), std::move(collector.all)};
}

std::size_t count(const std::vector<Event>& events, EventType type, int detail = -1) {
  std::size_t n = 0;
  for (const Event& event : events) {
    if (event.type == type && (detail < 0 || event.detail == detail)) ++n;
  }
  return n;
}

double sum(const std::vector<Event>& events, std::initializer_list<EventType> types,
           double Event::*field) {
  double total = 0.0;
  for (const Event& event : events) {
    for (EventType type : types) {
      if (event.type == type) total += event.*field;
    }
  }
  return total;
}

const std::vector<std::string> kSmall{testing::customers(4000), "simulation.replications=1"};

TEST(EventLog, ReconcilesWithTheRunTotals) {
  for (const char* strategy : {"omnichannel", "multichannel", "mono_store"}) {
    SCOPED_TRACE(strategy);
    const Model model = builtin_model(kSmall);
    const Logged logged = run_logged(model, strategy);
    const Tally& t = logged.result.totals;
    const auto& e = logged.events;
    ASSERT_GT(e.size(), 10000U);
    EXPECT_EQ(count(e, EventType::kPurchase), t[Count::kOrders]);
    EXPECT_EQ(count(e, EventType::kNeed, 0), t[Count::kNeeds] - t[Count::kMarketingTriggers]);
    EXPECT_EQ(count(e, EventType::kNeed, 1), t[Count::kMarketingTriggers]);
    EXPECT_EQ(count(e, EventType::kAcquisition, 0), t[Count::kAcquisitionsPaid]);
    EXPECT_EQ(count(e, EventType::kAcquisition, 1), t[Count::kAcquisitionsReferral]);
    EXPECT_EQ(count(e, EventType::kDropout), t[Count::kDropouts]);
    EXPECT_EQ(count(e, EventType::kMarketingContact), t[Count::kMarketingContacts]);
    EXPECT_EQ(count(e, EventType::kUnsubscribe), t[Count::kUnsubscribes]);
    EXPECT_EQ(count(e, EventType::kReferral), t[Count::kReferrals]);
    EXPECT_EQ(count(e, EventType::kAppAdoption), t[Count::kAdoptions]);
    EXPECT_EQ(count(e, EventType::kReturn), t[Count::kReturns]);
    EXPECT_EQ(count(e, EventType::kServiceContact), t[Count::kServiceContacts]);
    EXPECT_EQ(count(e, EventType::kTouchpoint) + count(e, EventType::kPickup) +
                  count(e, EventType::kServiceContact),
              t[Count::kContacts]);
    EXPECT_EQ(count(e, EventType::kContextLoss), t[Count::kContextLosses]);
    // Money, to rounding: the same amounts summed in another order.
    auto near = [](double a, double b) { return std::abs(a - b) <= 1e-9 * std::abs(b) + 1e-6; };
    EXPECT_PRED2(
        near,
        sum(e, {EventType::kPurchase, EventType::kAddon, EventType::kReturn}, &Event::amount_eur),
        t[Sum::kRevenue]);
    EXPECT_PRED2(near, -sum(e, {EventType::kReturn}, &Event::amount_eur), t[Sum::kRefunds]);
    EXPECT_PRED2(near,
                 sum(e,
                     {EventType::kTouchpoint, EventType::kPickup, EventType::kServiceContact,
                      EventType::kContextLoss},
                     &Event::cost_eur),
                 t[Sum::kContactCost]);
    EXPECT_PRED2(near, sum(e, {EventType::kFulfilment}, &Event::cost_eur), t[Sum::kFulfilmentCost]);
    EXPECT_PRED2(near, sum(e, {EventType::kReturn}, &Event::cost_eur), t[Sum::kReturnCost]);
    EXPECT_PRED2(near, sum(e, {EventType::kMarketingContact}, &Event::cost_eur),
                 t[Sum::kMarketingCost]);
    EXPECT_PRED2(near, sum(e, {EventType::kAcquisition}, &Event::cost_eur),
                 t[Sum::kAcquisitionCost]);
  }
}

TEST(EventLog, EachCustomerCountsItsEventsInTimeOrder) {
  const Model model = builtin_model(kSmall);
  const Logged logged = run_logged(model, "omnichannel");
  std::map<std::uint64_t, const Event*> last;
  for (const Event& event : logged.events) {
    auto [it, first] = last.try_emplace(event.customer_id, &event);
    if (first) {
      EXPECT_EQ(event.sequence, 0U);
      EXPECT_EQ(event.type, EventType::kAcquisition);
    } else {
      EXPECT_EQ(event.sequence, it->second->sequence + 1);
      EXPECT_GE(event.day, it->second->day);
      it->second = &event;
    }
    EXPECT_GE(event.day, 0.0);
    EXPECT_LT(event.day, model.time.horizon_days);
    // A journey is named by its need's id, which comes first.
    if (event.journey != kNoJourney) {
      EXPECT_LE(event.journey, event.sequence);
    }
    if (event.type == EventType::kNeed) {
      EXPECT_EQ(event.journey, event.sequence);
    }
  }
  EXPECT_EQ(last.size(), logged.result.totals[Count::kAcquisitionsPaid] +
                             logged.result.totals[Count::kAcquisitionsReferral]);
}

TEST(EventLog, IsTheSameAtOneTwoAndFourThreads) {
  const auto threads = testing::allow_threads(4);
  const Model model = builtin_model(kSmall);
  const std::vector<Event> one = run_logged(model, "omnichannel", 1).events;
  for (int n : {2, 4}) {
    const std::vector<Event> other = run_logged(model, "omnichannel", n).events;
    ASSERT_EQ(other.size(), one.size()) << n;
    for (std::size_t i = 0; i < one.size(); ++i) {
      ASSERT_TRUE(one[i] == other[i]) << n << " threads, event " << i;
    }
  }
}

TEST(EventLog, RecordingChangesNoResult) {
  const Model model = builtin_model(kSmall);
  RunRequest request;
  request.strategy = model.strategy_index("omnichannel");
  const Tally plain = run_simulation(model, request).totals;
  const Tally logged = run_logged(model, "omnichannel").result.totals;
  EXPECT_EQ(plain[Count::kOrders], logged[Count::kOrders]);
  EXPECT_EQ(plain[Sum::kRevenue], logged[Sum::kRevenue]);
  EXPECT_EQ(plain.clv_lifetime_eur.sum, logged.clv_lifetime_eur.sum);
}

}  // namespace
}  // namespace omnisim::event_test
