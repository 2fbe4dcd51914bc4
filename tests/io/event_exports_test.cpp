// The exports of the event log (sim/io/event_exports.hpp): BTYD
// transactions and ChannelAttribution paths.

#include "sim/io/event_exports.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/engine/run.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::event_exports_test {
namespace {

Event event(std::uint64_t customer, std::uint32_t sequence, EventType type, int channel,
            std::uint32_t journey = kNoJourney, double amount = 0.0, std::uint8_t detail = 0) {
  return {customer,
          1.0 + sequence,
          amount,
          0.0,
          sequence,
          journey,
          type,
          EventStage::kNone,
          channel < 0 ? kNoEventChannel : static_cast<std::uint8_t>(channel),
          0,
          detail};
}

TEST(AttributionPaths, HandMadeJourneysAggregateByPath) {
  const Model model = testing::builtin_model({"simulation.customers=10"});
  const int web = model.channel_index("web"), store = model.channel_index("store"),
            email = model.channel_index("email");
  const std::vector<Event> events{
      // Customer 1: an email triggers a need, researched on the web, bought in store.
      event(1, 0, EventType::kAcquisition, store),
      event(1, 1, EventType::kMarketingContact, email, kNoJourney, 0.0, 1),
      event(1, 2, EventType::kNeed, -1, 2, 0.0, 1),
      event(1, 3, EventType::kTouchpoint, web, 2),
      event(1, 4, EventType::kTouchpoint, store, 2),
      event(1, 5, EventType::kPurchase, store, 2, 50.0),
      // Customer 2: a web visit that does not buy; then web, store, bought
      // with an add-on at pickup; an email that triggers nothing.
      event(2, 0, EventType::kNeed, -1, 0),
      event(2, 1, EventType::kTouchpoint, web, 0),
      event(2, 2, EventType::kMarketingContact, email),
      event(2, 3, EventType::kNeed, -1, 3),
      event(2, 4, EventType::kTouchpoint, web, 3),
      event(2, 5, EventType::kTouchpoint, store, 3),
      event(2, 6, EventType::kPurchase, web, 3, 30.0),
      event(2, 7, EventType::kAddon, store, 3, 10.0),
      event(2, 8, EventType::kServiceContact, store, 3),
      // Customer 3: the same path as customer 2's second journey, no purchase.
      event(3, 0, EventType::kNeed, -1, 0),
      event(3, 1, EventType::kTouchpoint, web, 0),
      event(3, 2, EventType::kTouchpoint, store, 0),
  };
  AttributionPaths paths(model);
  paths.write(5, 0, events);  // omnichannel
  std::ostringstream out;
  paths.finish(out);
  EXPECT_EQ(out.str(),
            "strategy,path,total_conversions,total_conversion_value,total_null\n"
            "omnichannel,email > web > store,1,50,0\n"
            "omnichannel,web,0,0,1\n"
            "omnichannel,web > store,1,40,1\n");
}

TEST(Transactions, OneRowPerPurchaseOrAddOn) {
  const Model model =
      testing::builtin_model({testing::customers(1500), "simulation.replications=1"});
  std::ostringstream out;
  TransactionsWriter writer(out, model);
  RunRequest request;
  request.strategy = model.strategy_index("omnichannel");
  request.events = &writer;
  const Tally totals = run_simulation(model, request).totals;
  writer.flush();
  std::istringstream lines(out.str());
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "customer_id,date,amount_eur,strategy,replication");
  std::size_t rows = 0;
  double amount = 0.0;
  while (std::getline(lines, line)) {
    ++rows;
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');)
      fields.push_back(cell);
    ASSERT_EQ(fields.size(), 5U) << line;
    EXPECT_EQ(fields[1].size(), 10U);  // YYYY-MM-DD
    amount += std::stod(fields[2]);
  }
  EXPECT_EQ(rows, totals[Count::kOrders] + totals[Count::kAddons]);
  // Revenue is net of refunds; the transactions are what was bought.
  EXPECT_NEAR(amount, totals[Sum::kRevenue] + totals[Sum::kRefunds], 1e-6 * totals[Sum::kRevenue]);
}

}  // namespace
}  // namespace omnisim::event_exports_test
