// Docking at the level of distributions (docs/model.md §10): with every
// mechanism off and every customer acquired at day 0, the purchases X(t) and
// the survival of omnisim's customers follow the Pareto/NBD and the BG/NBD,
// checked in mean, variance, share with no purchase and survival at 1, 2 and
// 3 years. The expectations come from tests/support/buyer_closed_forms.hpp.

#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/core/limits.hpp"
#include "sim/engine/run.hpp"
#include "tests/support/buyer_closed_forms.hpp"
#include "tests/support/row_collector.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::docking_distribution_test {
namespace {

using testing::BgNbd;
using testing::CountMoments;
using testing::ParetoNbd;

// 12 checks per model, 24 in all: at |z| <= 4 each wrongly fails with
// probability 6.3e-5, so the suite does with at most 24 x 6.3e-5 = 0.15 %
// (Bonferroni), while a 3 % error in a 3-year mean is still about 6 standard
// errors.
constexpr double kZ = 4.0;
constexpr int kCustomers = 200000;
constexpr int kYears = 3;

// CDNOW-like heterogeneity (Fader, Hardie & Lee 2005), rates per year.
constexpr ParetoNbd kParetoNbd{0.55, 0.2029, 0.61, 0.2238};
constexpr BgNbd kBgNbd{0.55, 0.2029, 0.8, 2.5};

bool bought_by(const CustomerRow& row, double day) {
  return row.first_purchase_day <= day;
}
bool dropped_by(const CustomerRow& row, double day) {
  return row.dropout_day <= day;
}

// The customers' rows at a horizon of `years`; everyone is acquired at day
// 0, so X(years) is each customer's `orders`.
std::vector<CustomerRow> simulate(const std::vector<std::string>& lifetime, int years) {
  const Model model = testing::builtin_model(testing::concat(
      testing::concat(testing::every_mechanism_off(),
                      {"segments.store_loyalists.share=1", "segments.digital_natives.share=0",
                       "segments.switchers.share=0", "segments.bargain_hunters.share=0",
                       "acquisition.initial_share=1", "simulation.replications=1",
                       "simulation.horizon_days=" + std::to_string(years * 365),
                       "acquisition.window_days=" + std::to_string(years * 365),
                       "simulation.customers=" + std::to_string(kCustomers)}),
      lifetime));
  testing::RowCollector sink;
  RunRequest request;
  request.strategy = model.strategy_index("multichannel");
  request.customer_rows = &sink;
  const RunResult result = run_simulation(model, request);

  // The window is (0, horizon] for everyone, and /customers' orders are the
  // run's: no referred customer, none lost, each order counted once.
  EXPECT_EQ(sink.all.size(), static_cast<std::size_t>(kCustomers));
  std::uint64_t orders = 0;
  std::size_t inconsistent = 0;
  for (const CustomerRow& row : sink.all) {
    const bool bought = bought_by(row, model.time.horizon_days);
    const bool consistent = row.acquisition_day == 0.0 && row.acquisition == 0 &&
                            bought == (row.orders > 0) &&
                            (row.orders != 1 || row.first_purchase_day == row.last_purchase_day) &&
                            (!bought || row.last_purchase_day >= row.first_purchase_day);
    inconsistent += consistent ? 0 : 1;
    orders += row.orders;
  }
  EXPECT_EQ(inconsistent, 0u);
  EXPECT_EQ(orders, result.totals[Count::kOrders]);
  return sink.all;
}

// A shorter run is the longer one cut at its horizon: the same customers
// (streams keyed by identity), with the orders, first purchase and dropout
// seen up to then.
void expect_prefix(const std::vector<CustomerRow>& shorter, int years,
                   const std::vector<CustomerRow>& longer) {
  ASSERT_EQ(shorter.size(), longer.size());
  const double day = years * kDaysPerYear;
  std::size_t differ = 0;
  for (std::size_t i = 0; i < shorter.size(); ++i) {
    const CustomerRow& a = shorter[i];
    const CustomerRow& b = longer[i];
    const bool same = a.id == b.id && a.orders <= b.orders &&
                      bought_by(a, day) == bought_by(b, day) &&
                      (!bought_by(a, day) || a.first_purchase_day == b.first_purchase_day) &&
                      (a.orders < b.orders) == (b.orders > 0 && b.last_purchase_day > day) &&
                      dropped_by(a, day) == dropped_by(b, day) &&
                      (!dropped_by(a, day) || a.dropout_day == b.dropout_day);
    differ += same ? 0 : 1;
  }
  EXPECT_EQ(differ, 0u) << "customers whose first " << years << " years differ";
}

struct Check {
  std::string what;
  double simulated, expected, standard_error;
};

void expect_close(const Check& check) {
  const double z = (check.simulated - check.expected) / check.standard_error;
  std::cout << check.what << ": simulated " << check.simulated << ", closed form " << check.expected
            << ", z " << z << '\n';
  EXPECT_LE(std::abs(z), kZ) << check.what << ": simulated " << check.simulated << ", closed form "
                             << check.expected << ", standard error " << check.standard_error;
}

double share(const std::vector<CustomerRow>& rows, auto predicate) {
  std::size_t n = 0;
  for (const CustomerRow& row : rows)
    n += predicate(row) ? 1 : 0;
  return static_cast<double>(n) / static_cast<double>(rows.size());
}

void expect_share(const std::string& what, const std::vector<CustomerRow>& rows,
                  double expected_share, auto predicate) {
  const double n = static_cast<double>(rows.size());
  expect_close({what, share(rows, predicate), expected_share,
                std::sqrt(expected_share * (1.0 - expected_share) / n)});
}

// Mean and variance of X(horizon) = orders, each against its standard error
// under the closed form: sd / √n, and √((μ4 − σ⁴) / n) for the sample variance.
void expect_count_moments(const std::vector<CustomerRow>& rows, int years,
                          const CountMoments& expected) {
  const double n = static_cast<double>(rows.size());
  double sum = 0.0;
  for (const CustomerRow& row : rows)
    sum += row.orders;
  const double mean = sum / n;
  double squares = 0.0;
  for (const CustomerRow& row : rows)
    squares += (row.orders - mean) * (row.orders - mean);
  const double variance = squares / (n - 1.0);
  const std::string at = std::to_string(years) + "y";
  expect_close({"mean X at " + at, mean, expected.mean, std::sqrt(expected.variance / n)});
  expect_close({"variance X at " + at, variance, expected.variance,
                std::sqrt((expected.fourth_central - expected.variance * expected.variance) / n)});
}

// X(t) from runs of 1, 2 and 3 years; no purchase by t (from
// first_purchase_day) and survival (from dropout_day) from the 3-year run.
template <class Buyer>
void expect_distribution(const std::vector<std::string>& lifetime, const Buyer& buyer) {
  const std::vector<CustomerRow> longest = simulate(lifetime, kYears);
  for (int years = 1; years <= kYears; ++years) {
    const std::vector<CustomerRow> rows = years == kYears ? longest : simulate(lifetime, years);
    if (years < kYears) expect_prefix(rows, years, longest);
    expect_count_moments(rows, years, testing::count_moments(buyer, years));
    const double day = years * kDaysPerYear;
    const std::string at = std::to_string(years) + "y";
    expect_share("P(X=0) at " + at, longest, testing::no_purchase_probability(buyer, years),
                 [&](const CustomerRow& row) { return !bought_by(row, day); });
    expect_share("P(alive) at " + at, longest, testing::alive_probability(buyer, years),
                 [&](const CustomerRow& row) { return !dropped_by(row, day); });
  }
}

std::string set(const std::string& key, double value) {
  return "segments.store_loyalists." + key + "=" + std::to_string(value);
}

TEST(Docking, ParetoNbdPurchaseAndSurvivalDistributions) {
  const ParetoNbd& m = kParetoNbd;
  expect_distribution({"lifetime.model=pareto_nbd", set("purchase_rate.r", m.r),
                       set("purchase_rate.alpha_years", m.alpha_years), set("dropout.s", m.s),
                       set("dropout.beta_years", m.beta_years)},
                      m);
}

TEST(Docking, BgNbdPurchaseAndSurvivalDistributions) {
  const BgNbd& m = kBgNbd;
  expect_distribution({"lifetime.model=bg_nbd", set("purchase_rate.r", m.r),
                       set("purchase_rate.alpha_years", m.alpha_years), set("dropout.a", m.a),
                       set("dropout.b", m.b)},
                      m);
}

// The closed forms themselves, fast enough for every build: the computed
// means against the published ones, BG/NBD survival against its 2F1 form,
// and both models against the plain NBD when nobody leaves.
TEST(BuyerClosedForms, AgreeWithThePublishedFormulas) {
  for (const double t : {0.5, 1.0, 3.0}) {
    EXPECT_NEAR(testing::count_moments(kParetoNbd, t).mean,
                testing::published_expected_purchases(kParetoNbd, t), 1e-9);
    EXPECT_NEAR(testing::count_moments(kBgNbd, t).mean,
                testing::published_expected_purchases(kBgNbd, t), 1e-9);
    EXPECT_NEAR(testing::alive_probability(kBgNbd, t),
                testing::closed_form_alive_probability(kBgNbd, t), 1e-12);
  }
}

TEST(BuyerClosedForms, ReduceToTheNbdWhenNobodyLeaves) {
  const double r = 0.55, alpha = 0.2029, t = 3.0;
  // NBD(r, p = α/(α+t)): σ² = r q / p², μ4 = σ⁴ (3 + 6/r + p²/(r q)).
  const double p = alpha / (alpha + t), q = 1.0 - p;
  const double variance = r * q / (p * p);
  const double fourth = variance * variance * (3.0 + 6.0 / r + p * p / (r * q));
  const ParetoNbd immortal_pareto{r, alpha, 1e-12, 1.0};
  const BgNbd immortal_bg{r, alpha, 1.0, 1e12};
  for (const CountMoments& moments :
       {testing::count_moments(immortal_pareto, t), testing::count_moments(immortal_bg, t)}) {
    EXPECT_NEAR(moments.mean, r * t / alpha, 1e-6);
    EXPECT_NEAR(moments.variance, variance, 1e-6 * variance);
    EXPECT_NEAR(moments.fourth_central, fourth, 1e-6 * fourth);
  }
  EXPECT_NEAR(testing::no_purchase_probability(immortal_pareto, t), std::pow(p, r), 1e-9);
}

}  // namespace
}  // namespace omnisim::docking_distribution_test
