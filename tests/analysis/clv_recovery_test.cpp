// Docking the CLV models with the simulator: with every mechanism off and
// one segment of BG/NBD buyers (tests/engine/docking_test.cpp), the
// maximum-likelihood fit of the simulated purchases recovers the scenario's
// parameters within four of the fit's standard errors (each under 9 % of
// the parameter: a fixed 5 % bound was tighter than 4 SE for Pareto/NBD's
// beta, whose SE is 7 %, and failed by chance at z = 1.3), the mean dropout
// (a / (a + b), s / beta) within three, and
// the mean purchase rate r / alpha -- which the data pin down far better
// than r and alpha apart -- within three standard errors (delta method):
// about 1.3 % here, so a purchase rate 3 % off fails. So does Pareto/NBD's
// fit of Pareto/NBD buyers.

#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

#include <gtest/gtest.h>

#include "analysis/clv/fit.hpp"
#include "sim/engine/run.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::clv_recovery_test {
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

// Everyone acquired at day 0, which is the models' time 0 (their first,
// unobserved "purchase"), observed 3 years, rates per year (365 days): each
// customer's purchases, the time of the last and the age.
std::vector<CustomerSummary> simulated_buyers(const std::vector<std::string>& lifetime) {
  const Model model = testing::builtin_model(testing::concat(
      testing::concat(testing::every_mechanism_off(),
                      {"segments.store_loyalists.share=1", "segments.digital_natives.share=0",
                       "segments.switchers.share=0", "segments.bargain_hunters.share=0",
                       "acquisition.initial_share=1", "simulation.replications=1",
                       testing::customers(100000), "simulation.horizon_days=1095"}),
      lifetime));
  PurchaseTally tally;
  RunRequest request;
  request.strategy = model.strategy_index("multichannel");
  request.events = &tally;
  run_simulation(model, request);
  std::vector<CustomerSummary> customers;
  for (const auto& [id, record] : tally.customers()) {
    CustomerSummary summary;
    summary.customer = std::to_string(id);
    summary.x = record.purchases;
    summary.t_x = record.last_day / 365.0;
    summary.T = 3.0;
    customers.push_back(summary);
  }
  EXPECT_EQ(customers.size(), static_cast<std::size_t>(model.simulation.customers));
  return customers;
}

// Parameters 0 and 1 of both models are r and alpha.
void expect_recovered(const FittedModel& fit, const std::vector<double>& truth) {
  for (std::size_t i = 0; i < truth.size(); ++i) {
    // The data pin the parameter down (a fit that cannot would pass the next
    // check with any value) ...
    EXPECT_LT(4.0 * fit.standard_errors[i], 0.35 * truth[i]) << fit.model << " " << fit.names[i];
    // ... and the fit finds it.
    EXPECT_NEAR(fit.values[i], truth[i], 4.0 * fit.standard_errors[i])
        << fit.model << " " << fit.names[i];
  }
  ASSERT_EQ(fit.covariance.size(), truth.size()) << fit.model << ": a singular information matrix";
  const double r = fit.values[0], alpha = fit.values[1];
  const double d_r = 1.0 / alpha, d_alpha = -r / (alpha * alpha);  // of r / alpha
  const auto& c = fit.covariance;
  const double variance =
      d_r * d_r * c[0][0] + 2.0 * d_r * d_alpha * c[0][1] + d_alpha * d_alpha * c[1][1];
  const double rate = r / alpha, true_rate = truth[0] / truth[1];
  EXPECT_NEAR(rate, true_rate, 3.0 * std::sqrt(variance))
      << fit.model << ": mean purchase rate, per year; standard error " << std::sqrt(variance);
  EXPECT_LT(3.0 * std::sqrt(variance), 0.02 * true_rate) << "too few customers to see 3 %";
}

// The dropout side's best-pinned quantity -- BG/NBD's mean dropout chance
// a / (a + b), Pareto/NBD's mean dropout rate s / beta -- within three
// standard errors (delta method): the two parameters apart are loosely
// pinned (beta's SE is 7 %), their ratio is not.
void expect_dropout_mean_recovered(const FittedModel& fit, double true_mean, bool bg_nbd) {
  const double x = fit.values[2], y = fit.values[3];
  const double mean = bg_nbd ? x / (x + y) : x / y;
  const double d_x = bg_nbd ? y / ((x + y) * (x + y)) : 1.0 / y;
  const double d_y = bg_nbd ? -x / ((x + y) * (x + y)) : -x / (y * y);
  const auto& c = fit.covariance;
  const double variance = d_x * d_x * c[2][2] + 2.0 * d_x * d_y * c[2][3] + d_y * d_y * c[3][3];
  EXPECT_NEAR(mean, true_mean, 3.0 * std::sqrt(variance))
      << fit.model << ": mean dropout; standard error " << std::sqrt(variance);
  EXPECT_LT(3.0 * std::sqrt(variance), 0.1 * true_mean) << "too few customers to see 10 %";
}

std::string setting(const std::string& key, double value) {
  return "segments.store_loyalists." + key + "=" + std::to_string(value);
}

TEST(ClvRecovery, BgNbdFitOfSimulatedBuyersRecoversTheScenario) {
  const double r = 0.55, alpha_years = 0.2029, a = 0.8, b = 2.5;
  const auto customers = simulated_buyers({"lifetime.model=bg_nbd", setting("purchase_rate.r", r),
                                           setting("purchase_rate.alpha_years", alpha_years),
                                           setting("dropout.a", a), setting("dropout.b", b)});
  const FittedModel fit = fit_bg_nbd(customers);
  expect_recovered(fit, {r, alpha_years, a, b});
  expect_dropout_mean_recovered(fit, a / (a + b), true);
}

TEST(ClvRecovery, ParetoNbdFitOfSimulatedBuyersRecoversTheScenario) {
  const double r = 0.55, alpha_years = 0.2029, s = 1.2, beta_years = 3.0;
  const auto customers =
      simulated_buyers({"lifetime.model=pareto_nbd", setting("purchase_rate.r", r),
                        setting("purchase_rate.alpha_years", alpha_years), setting("dropout.s", s),
                        setting("dropout.beta_years", beta_years)});
  const FittedModel fit = fit_pareto_nbd(customers);
  expect_recovered(fit, {r, alpha_years, s, beta_years});
  expect_dropout_mean_recovered(fit, s / beta_years, false);
}

}  // namespace
}  // namespace omnisim::clv_recovery_test
