// Lifetime CLV (docs/model.md §7): horizon CLV plus each alive customer's
// expected discounted value after the horizon. With every mechanism off a
// customer is a Pareto/NBD buyer, whose expected lifetime value has a closed
// form the simulated mean must meet within three standard errors (of a
// million customers: a purchase rate 3 % off fails).

#include <cmath>
#include <limits>
#include <map>
#include <string>

#include <boost/math/distributions/gamma.hpp>
#include <boost/math/quadrature/exp_sinh.hpp>
#include <gtest/gtest.h>

#include "sim/engine/run.hpp"
#include "sim/kpi/catalogue.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::lifetime_value_test {
namespace {

using testing::builtin_model;
using testing::concat;

constexpr double kR = 1.0, kAlphaYears = 1.0;           // lambda ~ Gamma(r, alpha): 1 need a year
constexpr double kS = 2.0, kBetaYears = 6.0;            // mu ~ Gamma(s, beta): 0.33 a year
constexpr double kP = 4.0, kQ = 5.0, kGammaEur = 60.0;  // mean order p gamma / (q - 1) = 60 EUR
constexpr double kMargin = 0.3, kFixedEurPerYear = 6.0, kYearlyDiscount = 0.10;
constexpr double kFulfilmentEur = 6.0;  // per order: every need is an order here

Model docking_model() {
  return builtin_model(concat(
      testing::every_mechanism_off(),
      {"segments.store_loyalists.share=1", "segments.digital_natives.share=0",
       "segments.switchers.share=0", "segments.bargain_hunters.share=0",
       // Most arrive over the horizon: many have no need
       // by its end, valued at the run's average per need.
       "acquisition.initial_share=0.2", "simulation.replications=1", "simulation.customers=1000000",
       "lifetime.model=pareto_nbd", "money.margin_rate=" + std::to_string(kMargin),
       "money.discount_rate_per_year=" + std::to_string(kYearlyDiscount),
       "money.discounting=continuous", "segments.store_loyalists.purchase_rate.r=1",
       "segments.store_loyalists.purchase_rate.alpha_years=1",
       "segments.store_loyalists.dropout.s=2", "segments.store_loyalists.dropout.beta_years=6",
       "segments.store_loyalists.spend.p=4", "segments.store_loyalists.spend.q=5",
       "segments.store_loyalists.spend.gamma_eur=60", "channels.web.visit_cost_eur=0",
       "channels.web.fulfilment_cost_eur=6", "channels.web.basket_factor=1",
       "strategies.mono_web.fixed_cost_eur_per_customer_year=6"}));
}

// E[1 / (delta + mu)] in years, mu ~ Gamma(s, rate beta).
double expected_discounted_years(double delta_per_year) {
  const boost::math::gamma_distribution<double> mu(kS, 1.0 / kBetaYears);
  boost::math::quadrature::exp_sinh<double> integrator;
  return integrator.integrate(
      [&](double m) { return boost::math::pdf(mu, m) / (delta_per_year + m); }, 0.0,
      std::numeric_limits<double>::infinity());
}

TEST(Docking, ParetoNbdLifetimeClvMatchesTheClosedForm) {
  const Model model = docking_model();
  RunRequest request;
  request.strategy = model.strategy_index("mono_web");
  const RunResult result = run_simulation(model, request);
  const Tally& totals = result.totals;

  // Whenever acquired, a customer with (lambda, nu, mu) is worth
  // (lambda (m p / nu - c) - f) / (delta + mu) over its whole life, valued at
  // its acquisition (c the fulfilment cost of an order); lambda, nu and mu are
  // independent, E[lambda] = r / alpha and E[p / nu] = p gamma / (q - 1).
  const double delta = std::log(1.0 + kYearlyDiscount);
  const double value_per_year =
      kR / kAlphaYears * (kMargin * kP * kGammaEur / (kQ - 1.0) - kFulfilmentEur);
  const double years = expected_discounted_years(delta);
  const double expected = (value_per_year - kFixedEurPerYear) * years;

  const KpiCatalogue catalogue(model);
  const double simulated = catalogue.compute(
      totals, result.timeseries)[static_cast<std::size_t>(catalogue.index_of("clv_lifetime_eur"))];
  const Moments& clv = totals.clv_lifetime_eur;  // the part the customers' histories price
  const double standard_error = clv.sd() / std::sqrt(static_cast<double>(clv.n));
  EXPECT_NEAR(simulated, expected, 3.0 * standard_error)
      << "closed form " << expected << ", standard error " << standard_error;
  // Customers enough that a purchase rate 3 % off (6 % of this value, net of
  // the fixed cost) is over ten standard errors away: at 100,000 it was 2.5.
  EXPECT_LT(3.0 * standard_error, 0.03 * expected);
  ASSERT_GT(totals[Sum::kUnpricedNeedDays], 0.0) << "some customers had no need yet";
  EXPECT_LT(clv.mean(), simulated);  // and they are worth something
  // The horizon part alone falls short of it by the residual value.
  EXPECT_LT(totals.clv_eur.mean() + 3.0 * standard_error, expected);

  // Discounted years of life (what the fixed cost multiplies) have no noise
  // from purchases: E over mu of the same integral.
  const double simulated_years = totals[Sum::kLifetimeDiscountedDays] / kDaysPerYear /
                                 static_cast<double>(totals[Count::kCustomersClosed]);
  EXPECT_NEAR(simulated_years, years, 0.01 * years);
}

// Each customer's acquisition day and lifetime CLV, by id, for the
// customers acquired before a day.
struct Lifetime {
  double acquisition_day;
  double clv_eur;
};
class LifetimeRows final : public CustomerRowSink {
 public:
  explicit LifetimeRows(double acquired_before_day) : before_day_(acquired_before_day) {}
  void write(int, int, std::span<const CustomerRow> rows) override {
    for (const CustomerRow& row : rows) {
      if (row.acquisition <= 1 && row.acquisition_day < before_day_)
        clv[row.id] = {row.acquisition_day, row.clv_lifetime_eur};
    }
  }
  std::map<std::uint64_t, Lifetime> clv;

 private:
  double before_day_;
};

std::map<std::uint64_t, Lifetime> lifetime_clv(const Model& model, int strategy,
                                               double before_day) {
  LifetimeRows rows(before_day);
  RunRequest request;
  request.strategy = strategy;
  request.customer_rows = &rows;
  run_simulation(model, request);
  return rows.clv;
}

// docs/model.md §7: lifetime CLV is checked against simulating further. For
// every built-in strategy, the lifetime CLV of the customers acquired within
// the horizon equals the same customers' lifetime CLV in a run ten times as
// long -- whose own horizon leaves little to anything after it -- within 1 %
// or three standard errors of the paired difference, whichever is larger.
// (A lifetime frozen at the horizon state missed by -9.6 % under silos.)
// The same customers: both runs are the same until the horizon, but for the
// customers referred in its last period, whose join day is drawn over that
// period, longer in the longer run; they are left out (about 1 %).
TEST(LifetimeClv, EqualsTheSameCustomersInARunTenTimesAsLong) {
  const std::vector<std::string> size{testing::customers(20000), "simulation.replications=1"};
  const Model model = builtin_model(size);
  const double horizon = model.time.horizon_days;
  const Model ten_times = builtin_model(
      concat(size, {"simulation.horizon_days=" + std::to_string(10.0 * horizon),
                    "acquisition.window_days=" + std::to_string(model.acquisition.window_days)}));
  for (std::size_t s = 0; s < model.strategies.size(); ++s) {
    const std::string& name = model.strategies[s].name;
    const auto lifetime = lifetime_clv(model, static_cast<int>(s), horizon);
    const auto longer = lifetime_clv(ten_times, static_cast<int>(s), horizon);
    Moments difference, reference;
    for (const auto& [id, customer] : lifetime) {
      const auto other = longer.find(id);
      if (other == longer.end() || other->second.acquisition_day != customer.acquisition_day) {
        continue;
      }
      difference.add(customer.clv_eur - other->second.clv_eur);
      reference.add(other->second.clv_eur);
    }
    ASSERT_GT(static_cast<double>(difference.n), 0.98 * static_cast<double>(lifetime.size()))
        << name;
    const double standard_error = difference.sd() / std::sqrt(static_cast<double>(difference.n));
    const double tolerance = std::max(0.01 * std::abs(reference.mean()), 3.0 * standard_error);
    EXPECT_NEAR(difference.mean(), 0.0, tolerance)
        << name << ": lifetime CLV " << reference.mean() + difference.mean() << " EUR against "
        << reference.mean() << " EUR in the longer run";
  }
}

}  // namespace
}  // namespace omnisim::lifetime_value_test
