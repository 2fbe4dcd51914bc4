// Docking (docs/model.md §10): with every mechanism off, omnisim's customers are
// exactly the textbook buyers, so known closed forms must hold within a few
// standard errors.

#include <cmath>
#include <string>

#include <boost/math/special_functions/gamma.hpp>  // hypergeometric_pFq needs lgamma
#include <boost/math/special_functions/hypergeometric_pFq.hpp>
#include <gtest/gtest.h>

#include "sim/engine/run.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::docking_test {
namespace {

using testing::builtin_model;
using testing::concat;
using testing::every_mechanism_off;

// One segment (store_loyalists) with the given parameters; everyone acquired at day 0.
std::vector<std::string> single_segment(const std::vector<std::string>& parameters) {
  return concat(concat(every_mechanism_off(),
                       {"segments.store_loyalists.share=1", "segments.digital_natives.share=0",
                        "segments.switchers.share=0", "segments.bargain_hunters.share=0",
                        "acquisition.initial_share=1", "simulation.replications=1"}),
                parameters);
}

struct Estimate {
  double mean, standard_error;
};

Estimate orders_per_customer(const Model& model, const std::string& strategy) {
  RunRequest request;
  request.strategy = model.strategy_index(strategy);
  const RunResult result = run_simulation(model, request);
  const Moments& orders = result.totals.orders_per_customer;
  return {orders.mean(), orders.sd() / std::sqrt(static_cast<double>(orders.n))};
}

// CDNOW-like heterogeneity (Fader, Hardie & Lee 2005), rates per year.
constexpr double kR = 0.55, kAlphaYears = 0.2029, kS = 0.61, kBetaYears = 0.2238;

TEST(Docking, ParetoNbdExpectedPurchases) {
  const double horizon_years = 3.0;
  const Model model = builtin_model(single_segment({
      "simulation.customers=100000",
      "lifetime.model=pareto_nbd",
      "segments.store_loyalists.purchase_rate.r=" + std::to_string(kR),
      "segments.store_loyalists.purchase_rate.alpha_years=" + std::to_string(kAlphaYears),
      "segments.store_loyalists.dropout.s=" + std::to_string(kS),
      "segments.store_loyalists.dropout.beta_years=" + std::to_string(kBetaYears),
  }));
  // Schmittlein, Morrison & Colombo (1987): E[X(t)] for the Pareto/NBD.
  const double expected = kR * kBetaYears / (kAlphaYears * (kS - 1.0)) *
                          (1.0 - std::pow(kBetaYears / (kBetaYears + horizon_years), kS - 1.0));
  const Estimate estimate = orders_per_customer(model, "multichannel");
  EXPECT_NEAR(estimate.mean, expected, 3.0 * estimate.standard_error)
      << "expected " << expected << ", standard error " << estimate.standard_error;
}

TEST(Docking, ParetoNbdHoldsUnderEveryStrategy) {
  // Strategies change channels, not needs or lifetimes: with mechanisms off
  // every strategy sells every need, so purchases agree exactly.
  const Model model = builtin_model(single_segment({"simulation.customers=20000"}));
  const double mono = orders_per_customer(model, "mono_web").mean;
  EXPECT_EQ(mono, orders_per_customer(model, "omnichannel").mean);
  EXPECT_EQ(mono, orders_per_customer(model, "mono_store").mean);
}

TEST(Docking, BgNbdExpectedPurchases) {
  const double a = 0.8, b = 2.5, horizon_years = 3.0;
  const Model model = builtin_model(single_segment({
      "simulation.customers=100000",
      "lifetime.model=bg_nbd",
      "segments.store_loyalists.purchase_rate.r=" + std::to_string(kR),
      "segments.store_loyalists.purchase_rate.alpha_years=" + std::to_string(kAlphaYears),
      "segments.store_loyalists.dropout.a=0.8",
      "segments.store_loyalists.dropout.b=2.5",
  }));
  // Fader, Hardie & Lee (2005), equation (9).
  const double z = horizon_years / (kAlphaYears + horizon_years);
  const double hypergeometric = boost::math::hypergeometric_pFq({kR, b}, {a + b - 1.0}, z);
  const double expected =
      (a + b - 1.0) / (a - 1.0) *
      (1.0 - std::pow(kAlphaYears / (kAlphaYears + horizon_years), kR) * hypergeometric);
  const Estimate estimate = orders_per_customer(model, "multichannel");
  EXPECT_NEAR(estimate.mean, expected, 3.0 * estimate.standard_error)
      << "expected " << expected << ", standard error " << estimate.standard_error;
}

TEST(Docking, GuptaLehmannClvWithConstantRetention) {
  // Constant retention r per period, margin m per period, discount d per
  // period: CLV = m r / (1 + d - r) (Gupta & Lehmann 2003), long horizon.
  const double retention = 0.8, margin_rate = 0.3, period_days = 30.0, yearly_discount = 0.10;
  const double needs_per_year = 24.0, order_eur = 50.0, p = 4.0, q = 100.0;
  const double gamma_eur = order_eur * (q - 1.0) / p;
  const Model model = builtin_model(single_segment({
      "simulation.customers=300000",
      "simulation.horizon_days=1500",
      "simulation.period_days=30",
      "lifetime.model=periodic",
      "money.discounting=per_period",
      "money.margin_rate=0.3",
      "money.discount_rate_per_year=0.1",
      "segments.store_loyalists.dropout.retention_per_period=0.8",
      "segments.store_loyalists.purchase_rate.r=400",
      "segments.store_loyalists.purchase_rate.alpha_years=" +
          std::to_string(400.0 / needs_per_year),
      "segments.store_loyalists.spend.p=4",
      "segments.store_loyalists.spend.q=100",
      "segments.store_loyalists.spend.gamma_eur=" + std::to_string(gamma_eur),
      "channels.web.visit_cost_eur=0",
      "channels.web.fulfilment_cost_eur=0",
      "channels.web.basket_factor=1",
      "strategies.mono_web.fixed_cost_eur_per_customer_year=0",
  }));
  RunRequest request;
  request.strategy = model.strategy_index("mono_web");
  const RunResult result = run_simulation(model, request);
  const Moments& clv = result.totals.clv_eur;

  const double margin_per_period = margin_rate * needs_per_year * period_days / 365.0 * order_eur;
  const double d = std::pow(1.0 + yearly_discount, period_days / 365.0) - 1.0;
  const double expected = margin_per_period * retention / (1.0 + d - retention);
  const double standard_error = clv.sd() / std::sqrt(static_cast<double>(clv.n));
  ASSERT_LT(3.0 * standard_error, 0.01 * expected) << "the test is too small to check 1 %";
  EXPECT_NEAR(clv.mean(), expected, 0.01 * expected) << "standard error " << standard_error;
  EXPECT_NEAR(clv.mean(), expected, 3.0 * standard_error);
}

}  // namespace
}  // namespace omnisim::docking_test
