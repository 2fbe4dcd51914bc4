// The buy-till-you-die models (analysis/clv) on the CDNOW sample
// (tests/data/cdnow, README there): the RFM summary equals the published
// one, the maximum-likelihood fits give the published parameters and
// log-likelihoods to the precision printed, and each individual
// log-likelihood equals an independent numerical integration of the model
// over its heterogeneity distributions.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <random>
#include <sstream>
#include <tuple>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/hypergeometric_pFq.hpp>
#include <gtest/gtest.h>

#include "analysis/clv/fit.hpp"
#include "analysis/clv/predict.hpp"
#include "analysis/clv/tracking.hpp"
#include "analysis/clv/transactions_file.hpp"
#include "sim/core/error.hpp"

namespace omnisim::clv_fit_test {
namespace {

namespace fs = std::filesystem;
const fs::path kData = fs::path(OMNISIM_SOURCE_DIR) / "tests/data/cdnow";

double day_of(const std::string& yyyymmdd) {
  return parse_date(yyyymmdd, DateFormat::kYyyymmdd);
}

// CDNOW_sample.txt's 6,919 transactions by sample id, summarised with
// calibration to 1997-09-30 and holdout to 1998-06-30, in weeks.
const TransactionSummary& cdnow_file_summary() {
  static const TransactionSummary summary = [] {
    TransactionColumns columns;
    columns.header = false;
    columns.customer = {"2"};
    columns.date = std::string("3");
    columns.amount = std::string("5");
    columns.date_format = DateFormat::kYyyymmdd;
    SummaryOptions options;
    options.calibration_end_day = day_of("19970930");
    options.holdout_end_day = day_of("19980630");
    return summarize_transactions_file(kData / "CDNOW_sample.txt", columns, options);
  }();
  return summary;
}

const std::vector<CustomerSummary>& cdnow_summary() {
  return cdnow_file_summary().customers;
}

// A date is digits where the format has them: "199e0101" and "1997--1-02"
// (found by the transactions fuzzer) are a year of 1.99e103 and a month of
// -1, which once overflowed their conversion (undefined behaviour) instead
// of being refused.
TEST(TransactionDates, ADateIsDigitsWhereItsFormatHasThem) {
  EXPECT_EQ(day_of("19970102") - day_of("19970101"), 1.0);
  for (const char* bad : {"199e0101", "1997010", "199701011", "+1970101", " 9970101", "1997.101"}) {
    EXPECT_THROW(day_of(bad), InputError) << bad;
  }
  EXPECT_EQ(parse_date("1997-01-02T10:00:00Z", DateFormat::kIso), day_of("19970102"));
  for (const char* bad : {"1997--1-02", "1997-01--2", "-997-01-02", "1e03-01-02", "1997-0x-02",
                          "2026-6.-01", "2026--6-01", "1997-01-02x", "1997-01-0"}) {
    EXPECT_THROW(parse_date(bad, DateFormat::kIso), InputError) << bad;
  }
}

TEST(CdnowSummary, EqualsThePublishedOne) {
  ASSERT_EQ(cdnow_file_summary().transactions, 6919U);
  const auto& summary = cdnow_summary();
  ASSERT_EQ(summary.size(), 2357U);
  double repeats = 0.0, holdout = 0.0;
  std::size_t repeat_buyers = 0;
  for (const auto& c : summary) {
    repeats += c.x;
    holdout += c.holdout_x;
    repeat_buyers += c.x > 0.0 ? 1 : 0;
  }
  EXPECT_EQ(repeats, 2457.0);
  EXPECT_EQ(holdout, 1882.0);
  EXPECT_EQ(repeat_buyers, 946U);
  // lifetimes' summary, to its two decimals, customer by customer.
  std::ifstream in(kData / "cdnow_customers_summary_with_transactions.csv");
  std::string line;
  std::getline(in, line);
  std::size_t checked = 0;
  while (std::getline(in, line)) {
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream fields(line);
    int id = 0;
    double x = 0, t_x = 0, T = 0, zbar = 0;
    fields >> id >> x >> t_x >> T >> zbar;
    const CustomerSummary& c = summary.at(static_cast<std::size_t>(id - 1));
    ASSERT_EQ(std::stoi(c.customer), id);
    EXPECT_EQ(c.x, x) << id;
    EXPECT_NEAR(c.t_x, t_x, 0.005 + 1e-9) << id;
    EXPECT_NEAR(c.T, T, 0.005 + 1e-9) << id;
    EXPECT_NEAR(c.mean_repeat_spend, zbar, 0.005 + 1e-9) << id;
    ++checked;
  }
  EXPECT_EQ(checked, 2357U);
}

// |value - published| within half a unit of the published value's last digit.
void expect_published(double value, double published, double last_digit, const std::string& what) {
  EXPECT_NEAR(value, published, 0.5 * last_digit) << what;
}

TEST(CdnowFit, BgNbdGivesThePublishedParametersAndLogLikelihood) {
  const FittedModel fit = fit_bg_nbd(cdnow_summary());
  expect_published(fit.values[0], 0.243, 0.001, "r");
  expect_published(fit.values[1], 4.414, 0.001, "alpha");
  expect_published(fit.values[2], 0.793, 0.001, "a");
  expect_published(fit.values[3], 2.426, 0.001, "b");
  expect_published(fit.log_likelihood, -9582.4, 0.1, "log-likelihood");
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_GT(fit.standard_errors[i], 0.0) << fit.names[i];
    EXPECT_LT(fit.standard_errors[i], fit.values[i]) << fit.names[i];
  }
}

// MBG/NBD has no published CDNOW fit of its own in tests/data/cdnow/README.md;
// these are BTYDplus's (mbgnbd.EstimateParameters), which lifetimes' tests
// of its ModifiedBetaGeoFitter also check against.
TEST(CdnowFit, MbgNbdGivesBtydplusParameters) {
  const FittedModel fit = fit_mbg_nbd(cdnow_summary());
  expect_published(fit.values[0], 0.525, 0.001, "r");
  expect_published(fit.values[1], 6.183, 0.001, "alpha");
  expect_published(fit.values[2], 0.891, 0.001, "a");
  expect_published(fit.values[3], 1.614, 0.001, "b");
}

TEST(CdnowFit, ParetoNbdGivesThePublishedParametersAndLogLikelihood) {
  const FittedModel fit = fit_pareto_nbd(cdnow_summary());
  expect_published(fit.values[0], 0.553, 0.001, "r");
  expect_published(fit.values[1], 10.58, 0.01, "alpha");
  expect_published(fit.values[2], 0.606, 0.001, "s");
  expect_published(fit.values[3], 11.67, 0.01, "beta");
  expect_published(fit.log_likelihood, -9595.0, 0.1, "log-likelihood");
}

TEST(CdnowFit, GammaGammaGivesThePublishedParametersAndLogLikelihood) {
  const FittedModel fit = fit_gamma_gamma(cdnow_summary());
  EXPECT_EQ(fit.customers, 946U);
  expect_published(fit.values[0], 6.25, 0.01, "p");
  expect_published(fit.values[1], 3.74, 0.01, "q");
  expect_published(fit.values[2], 15.44, 0.01, "gamma");
  expect_published(fit.log_likelihood, -4055.9, 0.1, "log-likelihood");
}

// The likelihood of (x, t_x, T) integrated numerically over the individual
// rates, from the model's story rather than its closed form.
// Tanh-sinh quadrature: the Gamma and Beta densities with shapes below 1
// are infinite at 0, which it never evaluates.
double integrate(const std::function<double(double)>& f, double low, double high) {
  boost::math::quadrature::tanh_sinh<double> integrator;
  return integrator.integrate([&](double x) { return f(x); }, low, high);
}

// Beyond the mass of every rate distribution below (purchase rates per
// week; death rates, which a small beta spreads far).
constexpr double kRateHigh = 60.0, kDeathRateHigh = 2000.0;

// The integral of f(u, v) over u in (0, u_high) and v in (0, v_high).
double integrate2(const std::function<double(double, double)>& f, double u_high, double v_high) {
  return integrate(
      [&](double u) { return integrate([&](double v) { return f(u, v); }, 0.0, v_high); }, 0.0,
      u_high);
}

TEST(ClvLikelihood, BgNbdEqualsItsStoryIntegrated) {
  const BgNbd m{0.243, 4.414, 0.793, 2.426};
  const boost::math::gamma_distribution<double> rates(m.r, 1.0 / m.alpha);
  const boost::math::beta_distribution<double> dropouts(m.a, m.b);
  for (const auto& row :
       {std::tuple{0.0, 0.0, 38.86}, std::tuple{2.0, 30.43, 38.86}, std::tuple{7.0, 20.0, 35.0}}) {
    const auto x = std::get<0>(row);
    const auto t_x = std::get<1>(row);
    const auto T = std::get<2>(row);
    // Given lambda and p: alive through T after x purchases, or dropped at the x-th.
    const auto given = [&](double lambda, double p) {
      double value = std::pow(1 - p, x) * std::pow(lambda, x) * std::exp(-lambda * T);
      if (x > 0)
        value += p * std::pow(1 - p, x - 1) * std::pow(lambda, x) * std::exp(-lambda * t_x);
      return value;
    };
    const double likelihood = integrate(
        [&](double p) {
          return boost::math::pdf(dropouts, p) * integrate(
                                                     [&](double lambda) {
                                                       return boost::math::pdf(rates, lambda) *
                                                              given(lambda, p);
                                                     },
                                                     0.0, 60.0);
        },
        0.0, 1.0);
    EXPECT_NEAR(log_likelihood(m, x, t_x, T), std::log(likelihood), 1e-6) << x;
  }
}

TEST(ClvLikelihood, ParetoNbdEqualsItsStoryIntegratedOnBothSidesOfAlphaEqualsBeta) {
  for (const ParetoNbd m :
       {ParetoNbd{0.553, 10.58, 0.606, 11.67}, ParetoNbd{0.8, 12.0, 0.5, 6.0},
        // alpha >> beta: the 2F1 argument is near 1 at t_x = 0 (the quadrature's side).
        ParetoNbd{0.5, 400.0, 0.6, 0.05}}) {
    const boost::math::gamma_distribution<double> rates(m.r, 1.0 / m.alpha);
    const boost::math::gamma_distribution<double> deaths(m.s, 1.0 / m.beta);
    for (const auto& row : {std::tuple{0.0, 0.0, 38.86}, std::tuple{3.0, 25.0, 38.86}}) {
      const auto x = std::get<0>(row);
      const auto t_x = std::get<1>(row);
      const auto T = std::get<2>(row);
      // Given lambda and mu: alive at T, or died in (t_x, T].
      const auto given = [&](double lambda, double mu) {
        const double both = lambda + mu;
        return std::pow(lambda, x) *
               (std::exp(-both * T) + mu / both * (std::exp(-both * t_x) - std::exp(-both * T)));
      };
      const double likelihood = integrate(
          [&](double mu) {
            return boost::math::pdf(deaths, mu) * integrate(
                                                      [&](double lambda) {
                                                        return boost::math::pdf(rates, lambda) *
                                                               given(lambda, mu);
                                                      },
                                                      0.0, 60.0);
          },
          0.0, kDeathRateHigh);
      EXPECT_NEAR(log_likelihood(m, x, t_x, T), std::log(likelihood), 1e-5) << x << " " << m.alpha;
    }
  }
}

TEST(ClvLikelihood, MbgNbdEqualsItsStoryIntegrated) {
  const MbgNbd m{0.5, 6.0, 0.9, 1.7};
  const boost::math::gamma_distribution<double> rates(m.r, 1.0 / m.alpha);
  const boost::math::beta_distribution<double> dropouts(m.a, m.b);
  for (const auto& row :
       {std::tuple{0.0, 0.0, 38.86}, std::tuple{2.0, 30.43, 38.86}, std::tuple{7.0, 20.0, 35.0}}) {
    const auto x = std::get<0>(row);
    const auto t_x = std::get<1>(row);
    const auto T = std::get<2>(row);
    // Given lambda and p: alive through T, or dropped right after the last
    // purchase -- the first one too, which BG/NBD does not allow.
    const double likelihood = integrate2(
        [&](double p, double lambda) {
          return boost::math::pdf(dropouts, p) * boost::math::pdf(rates, lambda) *
                 std::pow(1 - p, x) * std::pow(lambda, x) *
                 ((1 - p) * std::exp(-lambda * T) + p * std::exp(-lambda * t_x));
        },
        1.0, kRateHigh);
    EXPECT_NEAR(log_likelihood(m, x, t_x, T), std::log(likelihood), 1e-6) << x;
  }
}

// P(alive) and the expected purchases in (T, T + t] as the posterior
// expectations of their individual-level values: the alive part of the
// likelihood over the whole, and an alive customer's expected purchases,
// (1 - e^(-lambda p t)) / p for the BG models (a purchase is a dropout
// opportunity), lambda / mu (1 - e^(-mu t)) for Pareto/NBD.
// (1 - e^(-rate t)) / rate, t at rate 0.
double exposure(double rate, double t) {
  return rate * t < 1e-300 ? t : -std::expm1(-rate * t) / rate;
}

// Checks P(alive) and the expected purchases in (T, T + t] of `m` for a
// customer (x, t_x, T): `alive(u, lambda)` is the density of the alive part
// of the likelihood over the dropout variable u in (0, u_high) and the
// purchase rate; `future(u, lambda)` an alive customer's expected purchases.
template <class Model, class Alive, class Future>
void expect_story(const Model& m, double x, double t_x, double T, double t, double u_high,
                  const Alive& alive, const Future& future) {
  const double whole = std::exp(log_likelihood(m, x, t_x, T));
  EXPECT_NEAR(p_alive(m, x, t_x, T), integrate2(alive, u_high, kRateHigh) / whole, 1e-6) << x;
  const double expected =
      integrate2([&](double u, double lambda) { return alive(u, lambda) * future(u, lambda); },
                 u_high, kRateHigh) /
      whole;
  EXPECT_NEAR(expected_purchases(m, t, x, t_x, T), expected, 1e-5 * expected) << x;
}

TEST(ClvPredictions, EqualTheirStoryIntegrated) {
  const double t = 39.0;
  for (const auto& row : {std::tuple{0.0, 0.0, 38.86}, std::tuple{5.0, 10.0, 38.0}}) {
    const auto x = std::get<0>(row);
    const auto t_x = std::get<1>(row);
    const auto T = std::get<2>(row);
    // The BG models: alive through x (BG/NBD) or x + 1 (MBG/NBD, whose
    // first purchase is a dropout opportunity too) chances to drop out.
    const auto bg_story = [&, x = x, T = T](const auto& m, double survivals) {
      const boost::math::gamma_distribution<double> rates(m.r, 1.0 / m.alpha);
      const boost::math::beta_distribution<double> dropouts(m.a, m.b);
      return [=](double p, double lambda) {
        return boost::math::pdf(dropouts, p) * boost::math::pdf(rates, lambda) *
               std::pow(1 - p, survivals) * std::pow(lambda, x) * std::exp(-lambda * T);
      };
    };
    const auto bg_future = [t](double p, double lambda) {
      return lambda * exposure(lambda * p, t);
    };
    const BgNbd bg{0.243, 4.414, 0.793, 2.426};
    expect_story(bg, x, t_x, T, t, 1.0, bg_story(bg, x), bg_future);
    const MbgNbd mbg{0.5, 6.0, 0.9, 1.7};
    expect_story(mbg, x, t_x, T, t, 1.0, bg_story(mbg, x + 1), bg_future);
    const ParetoNbd pareto{0.553, 10.58, 0.606, 11.67};
    const boost::math::gamma_distribution<double> rates(pareto.r, 1.0 / pareto.alpha);
    const boost::math::gamma_distribution<double> deaths(pareto.s, 1.0 / pareto.beta);
    expect_story(
        pareto, x, t_x, T, t, kDeathRateHigh,
        [&](double mu, double lambda) {
          return boost::math::pdf(deaths, mu) * boost::math::pdf(rates, lambda) *
                 std::pow(lambda, x) * std::exp(-(lambda + mu) * T);
        },
        [t](double mu, double lambda) { return lambda * exposure(mu, t); });
  }
}

// tests/data/donations: frequency,recency,periods,weights.
std::vector<OpportunityRow> donations() {
  std::ifstream in(std::string(OMNISIM_SOURCE_DIR) + "/tests/data/donations/donations.csv");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "frequency,recency,periods,weights");
  std::vector<OpportunityRow> rows;
  while (std::getline(in, line)) {
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream fields(line);
    OpportunityRow row;
    fields >> row.x >> row.t_x >> row.n >> row.count;
    rows.push_back(row);
  }
  return rows;
}

TEST(DonationsFit, BgBbGivesThePublishedParametersAndLogLikelihood) {
  const std::vector<OpportunityRow> rows = donations();
  ASSERT_EQ(rows.size(), 22u);
  const FittedModel fit = fit_bg_bb(rows);
  EXPECT_EQ(fit.customers, 11104u);
  expect_published(fit.values[0], 1.204, 0.001, "alpha");
  expect_published(fit.values[1], 0.750, 0.001, "beta");
  expect_published(fit.values[2], 0.657, 0.001, "gamma");
  expect_published(fit.values[3], 2.783, 0.001, "delta");
  expect_published(fit.log_likelihood, -33225.6, 0.1, "log-likelihood");
}

// BG/BB's story: while alive, a transaction with probability p at each
// opportunity; alive at an opportunity with probability (1 - theta) each.
TEST(ClvLikelihood, BgBbAndItsPredictionsEqualTheirStoryIntegrated) {
  const BgBb m{1.204, 0.750, 0.657, 2.783};
  const boost::math::beta_distribution<double> buys(m.alpha, m.beta), drops(m.gamma, m.delta);
  const double n_star = 5.0;
  for (const auto& row :
       {std::tuple{0.0, 0.0, 6.0}, std::tuple{3.0, 4.0, 6.0}, std::tuple{6.0, 6.0, 6.0}}) {
    const auto x = std::get<0>(row);
    const auto t_x = std::get<1>(row);
    const auto n = std::get<2>(row);
    const auto density = [&](double p, double theta) {
      return boost::math::pdf(buys, p) * boost::math::pdf(drops, theta);
    };
    const auto alive_at = [&](double p, double theta, double k) {
      return std::pow(p, x) * std::pow(1 - p, n - x) * std::pow(1 - theta, k);
    };
    const double likelihood = integrate2(
        [&](double p, double theta) {
          double value = alive_at(p, theta, n);
          for (int i = 0; i < static_cast<int>(n - t_x); ++i)
            value += std::pow(p, x) * std::pow(1 - p, t_x - x + i) * theta *
                     std::pow(1 - theta, t_x + i);
          return density(p, theta) * value;
        },
        1.0, 1.0);
    EXPECT_NEAR(log_likelihood(m, x, t_x, n), std::log(likelihood), 1e-6) << x;
    const double alive_next = integrate2(
        [&](double p, double theta) { return density(p, theta) * alive_at(p, theta, n + 1); }, 1.0,
        1.0);
    EXPECT_NEAR(p_alive(m, x, t_x, n), alive_next / likelihood, 1e-6) << x;
    const double expected = integrate2(
        [&](double p, double theta) {
          double future = 0.0;  // alive at opportunity n + k, and transacting
          for (int k = 1; k <= static_cast<int>(n_star); ++k)
            future += p * std::pow(1 - theta, k);
          return density(p, theta) * alive_at(p, theta, n) * future;
        },
        1.0, 1.0);
    EXPECT_NEAR(expected_purchases(m, n_star, x, t_x, n), expected / likelihood, 1e-6) << x;
  }
}

// The standard errors of an independent numerical Hessian of the CDNOW
// BG/NBD log-likelihood (central differences of the value in the natural
// parameters), to the digits printed: a wrong information matrix fails.
TEST(CdnowFit, BgNbdStandardErrorsEqualAnIndependentHessian) {
  const FittedModel fit = fit_bg_nbd(cdnow_summary());
  expect_published(fit.standard_errors[0], 0.0126, 0.0001, "r");
  expect_published(fit.standard_errors[1], 0.378, 0.001, "alpha");
  expect_published(fit.standard_errors[2], 0.186, 0.001, "a");
  expect_published(fit.standard_errors[3], 0.705, 0.001, "b");
  EXPECT_TRUE(fit.warnings.empty()) << fit.warnings.front();
  EXPECT_FALSE(fit.identification.ridge);
  EXPECT_GT(fit.identification.condition_number, 1.0);
}

// BTYD's cdnowSummary$cu.tracking: the sample's cumulative repeat
// transactions, week by week to week 78, from the same log.
TEST(CdnowTracking, ActualCurveEqualsBtyds) {
  SummaryOptions options;
  options.calibration_end_day = day_of("19970930");
  options.holdout_end_day = day_of("19980630");
  const TrackingCurve curve = tracking_curve(cdnow_file_summary(), options, {}, 52.0);
  std::ifstream in(kData / "btyd_cdnowSummary_cu_tracking.csv");
  std::string line;
  std::getline(in, line);
  ASSERT_EQ(line, "week,cum_repeat_transactions");
  std::size_t weeks = 0;
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    const std::size_t week = std::stoul(line.substr(0, comma));
    ASSERT_LE(week, curve.actual.size());
    EXPECT_EQ(curve.actual[week - 1], std::stod(line.substr(comma + 1))) << "week " << week;
    ++weeks;
  }
  EXPECT_EQ(weeks, 78u);
  EXPECT_EQ(curve.actual.size(), 78u);
  EXPECT_DOUBLE_EQ(curve.calibration_units, 39.0);
}

// The expected curve is every customer's E[X(t)] since their first
// purchase, summed: recomputed here customer by customer.
TEST(CdnowTracking, ExpectedCurveSumsEachCustomersExpectation) {
  SummaryOptions options;
  options.calibration_end_day = day_of("19970930");
  options.holdout_end_day = day_of("19980630");
  const FittedModel fit = fit_bg_nbd(cdnow_summary());
  const TrackingCurve curve = tracking_curve(cdnow_file_summary(), options, {fit}, 52.0);
  ASSERT_EQ(curve.expected.size(), 1u);
  const BgNbd model = bg_nbd_of(fit);
  for (const std::size_t week : {1u, 39u, 78u}) {
    const double last_day = 7.0 * static_cast<double>(week) - 1.0;  // from 1997-01-01
    double expected = 0.0;
    for (const auto& c : cdnow_summary()) {
      const double start = 272.0 - 7.0 * c.T;  // 1997-09-30 is day 272
      if (last_day > start + 1e-9) expected += expected_purchases(model, (last_day - start) / 7.0);
    }
    EXPECT_NEAR(curve.expected[0][week - 1], expected, 1e-9 * expected) << week;
  }
  // The BG/NBD tracks the calibration period (FHL 2005, figure 2).
  EXPECT_NEAR(curve.expected[0][38], 2457.0, 0.02 * 2457.0);
}

// A log whose rows come in any order gives the same summary and tracking
// counts as the same log in date order (the second pass).
TEST(TransactionSummary, RowsInAnyOrderGiveTheSameSummary) {
  std::vector<Transaction> rows{{"a", 1, 10}, {"a", 5, 20}, {"a", 5, 5},  {"b", 2, 7},
                                {"a", 9, 1},  {"b", 30, 3}, {"c", 40, 2}, {"b", 31, 4}};
  SummaryOptions options;
  options.calibration_end_day = 20;
  options.holdout_end_day = 35;
  options.days_per_unit = 1;
  const TransactionSummary ordered = summarize_transactions(rows, options);
  std::mt19937 shuffle(7);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(rows.begin(), rows.end(), shuffle);
    const TransactionSummary any = summarize_transactions(rows, options);
    ASSERT_EQ(any.customers.size(), ordered.customers.size());
    for (std::size_t i = 0; i < any.customers.size(); ++i) {
      const auto& c = any.customers[i];
      const auto same = std::find_if(ordered.customers.begin(), ordered.customers.end(),
                                     [&](const auto& o) { return o.customer == c.customer; });
      ASSERT_NE(same, ordered.customers.end());
      EXPECT_EQ(std::tie(c.x, c.t_x, c.T, c.mean_repeat_spend, c.holdout_x, c.holdout_spend),
                std::tie(same->x, same->t_x, same->T, same->mean_repeat_spend, same->holdout_x,
                         same->holdout_spend));
    }
    EXPECT_EQ(any.repeat_purchases_by_day, ordered.repeat_purchases_by_day);
  }
  // a: days 1, 5 (two rows), 9 -> x = 2, t_x = 8, spend 26; b: day 2, then
  // 30 and 31 in the holdout; c starts after calibration: not in the cohort.
  ASSERT_EQ(ordered.customers.size(), 2u);
  EXPECT_EQ(ordered.customers[0].x, 2.0);
  EXPECT_EQ(ordered.customers[0].t_x, 8.0);
  EXPECT_EQ(ordered.customers[0].mean_repeat_spend, 13.0);
  EXPECT_EQ(ordered.customers[1].holdout_x, 2.0);
  EXPECT_EQ(ordered.repeat_purchases_by_day,
            (std::map<std::int64_t, double>{{5, 1.0}, {9, 1.0}, {30, 1.0}, {31, 1.0}}));
}

// E[X(t)] of a new customer: each model's published closed form, with
// Boost's general hypergeometric function.
TEST(ClvPredictions, NewCustomerExpectationEqualsTheClosedForms) {
  const auto f21 = [](double a, double b, double c, double z) {
    return boost::math::hypergeometric_pFq({a, b}, {c}, z);
  };
  for (const double t : {1.0, 39.0, 78.0, 300.0}) {
    const BgNbd bg{0.243, 4.414, 0.793, 2.426};
    EXPECT_NEAR(expected_purchases(bg, t),
                (bg.a + bg.b - 1) / (bg.a - 1) *
                    (1 - std::pow(bg.alpha / (bg.alpha + t), bg.r) *
                             f21(bg.r, bg.b, bg.a + bg.b - 1, t / (bg.alpha + t))),
                1e-9)
        << t;
    const MbgNbd mbg{0.525, 6.183, 0.891, 1.614};
    EXPECT_NEAR(expected_purchases(mbg, t),
                mbg.b / (mbg.a - 1) *
                    (1 - std::pow(mbg.alpha / (mbg.alpha + t), mbg.r) *
                             f21(mbg.r, mbg.b + 1, mbg.a + mbg.b, t / (mbg.alpha + t))),
                1e-9)
        << t;
    const ParetoNbd pareto{0.553, 10.58, 0.606, 11.67};
    EXPECT_NEAR(expected_purchases(pareto, t),
                pareto.r * pareto.beta / (pareto.alpha * (pareto.s - 1)) *
                    (1 - std::pow(pareto.beta / (pareto.beta + t), pareto.s - 1)),
                1e-9)
        << t;
  }
}

}  // namespace
}  // namespace omnisim::clv_fit_test
