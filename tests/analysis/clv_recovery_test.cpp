// Docking the CLV models with the simulator: with every mechanism off and
// one segment of BG/NBD buyers (tests/engine/docking_test.cpp), the
// maximum-likelihood fit of the simulated purchases recovers the scenario's
// parameters within 5 %, and within a few of the fit's standard errors.

#include <cmath>
#include <unordered_map>

#include <gtest/gtest.h>

#include "analysis/clv/fit.hpp"
#include "sim/engine/run.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim {
namespace {

// Each customer's purchases: how many, and the day of the last.
class PurchaseTally final : public EventSink {
 public:
  void write(int, int, std::span<const Event> events) override {
    for (const Event& event : events) {
      Record& record = customers_[event.customer_id];
      if (event.type != EventType::kPurchase) continue;
      record.purchases += 1.0;
      record.last_day = std::max(record.last_day, event.day);
    }
  }
  struct Record {
    double purchases = 0.0, last_day = 0.0;
  };
  const std::unordered_map<std::uint64_t, Record>& customers() const { return customers_; }

 private:
  std::unordered_map<std::uint64_t, Record> customers_;
};

TEST(ClvRecovery, BgNbdFitOfSimulatedBuyersRecoversTheScenario) {
  // Rates per year (365 days); everyone acquired at day 0, which is the
  // model's time 0 (its first, unobserved "purchase"), observed 3 years.
  const double r = 0.55, alpha_years = 0.2029, a = 0.8, b = 2.5, horizon_years = 3.0;
  const Model model = testing::builtin_model(testing::concat(
      testing::every_mechanism_off(),
      {"segments.store_loyalists.share=1", "segments.digital_natives.share=0",
       "segments.switchers.share=0", "segments.bargain_hunters.share=0",
       "acquisition.initial_share=1", "simulation.replications=1", testing::customers(100000),
       "simulation.horizon_days=1095", "lifetime.model=bg_nbd",
       "segments.store_loyalists.purchase_rate.r=" + std::to_string(r),
       "segments.store_loyalists.purchase_rate.alpha_years=" + std::to_string(alpha_years),
       "segments.store_loyalists.dropout.a=" + std::to_string(a),
       "segments.store_loyalists.dropout.b=" + std::to_string(b)}));
  PurchaseTally tally;
  RunRequest request;
  request.strategy = model.strategy_index("multichannel");
  request.events = &tally;
  run_simulation(model, request);
  std::vector<CustomerSummary> customers;
  for (const auto& [id, record] : tally.customers()) {
    customers.push_back({std::to_string(id), record.purchases, record.last_day / 365.0,
                         horizon_years, 0.0, 0.0, 0.0});
  }
  ASSERT_EQ(customers.size(), static_cast<std::size_t>(model.simulation.customers));
  const FittedModel fit = fit_bg_nbd(customers);
  const double truth[4] = {r, alpha_years, a, b};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(fit.values[i], truth[i], 0.05 * truth[i]) << fit.names[i];
    EXPECT_NEAR(fit.values[i], truth[i], 4.0 * fit.standard_errors[i]) << fit.names[i];
  }
}

}  // namespace
}  // namespace omnisim
