#include "tests/support/buyer_closed_forms.hpp"

#include <array>
#include <cmath>

#include <boost/math/distributions/negative_binomial.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/factorials.hpp>
#include <boost/math/special_functions/gamma.hpp>  // hypergeometric_pFq needs lgamma
#include <boost/math/special_functions/hypergeometric_pFq.hpp>

namespace omnisim::testing {
namespace {

// Raw moments E[X^1..4] of a count.
using RawMoments = std::array<double, 4>;

CountMoments central(const RawMoments& raw) {
  const double m1 = raw[0], m2 = raw[1], m3 = raw[2], m4 = raw[3];
  return {m1, m2 - m1 * m1, m4 - 4.0 * m1 * m3 + 6.0 * m1 * m1 * m2 - 3.0 * m1 * m1 * m1 * m1};
}

template <class F>
double integral(F f, double from, double to) {
  return boost::math::quadrature::gauss_kronrod<double, 61>::integrate(f, from, to, 15, 1e-13);
}

// Pareto/NBD lifetime τ ~ Lomax: P(τ > u) = (β/(β+u))^s once μ is integrated out.
double lifetime_survival(const ParetoNbd& m, double u) {
  return std::pow(m.beta_years / (m.beta_years + u), m.s);
}

// BG/NBD: X(t) = min(N, J), N ~ NBD(r, α/(α+t)) the purchases had the buyer
// stayed, J the purchase after which it leaves, P(J ≥ x) = E[(1-p)^(x-1)] =
// B(a, b+x-1) / B(a, b). λ and p are independent, so N and J are too:
// P(X ≥ x) = P(N ≥ x) P(J ≥ x).
boost::math::negative_binomial_distribution<double> would_purchase(const BgNbd& m, double t_years) {
  return {m.r, m.alpha_years / (m.alpha_years + t_years)};
}

double stays_at_least(const BgNbd& m, int x) {
  return boost::math::beta(m.a, m.b + x - 1) / boost::math::beta(m.a, m.b);
}

double at_least(const BgNbd& m, double t_years, int x) {
  const double purchases_at_least =
      boost::math::cdf(boost::math::complement(would_purchase(m, t_years), x - 1));
  return purchases_at_least * stays_at_least(m, x);
}

}  // namespace

CountMoments count_moments(const ParetoNbd& m, double t_years) {
  // Given the time alive w = min(τ, t), X ~ NBD with factorial moments
  // (r)_k (w/α)^k; E[w^k] = ∫_0^t k u^(k-1) P(τ > u) du.
  std::array<double, 4> factorial{};
  for (int k = 1; k <= 4; ++k) {
    const double lifetime_moment = integral(
        [&](double u) { return k * std::pow(u, k - 1) * lifetime_survival(m, u); }, 0.0, t_years);
    factorial[k - 1] =
        boost::math::rising_factorial(m.r, k) / std::pow(m.alpha_years, k) * lifetime_moment;
  }
  const auto [f1, f2, f3, f4] = factorial;
  // Raw from factorial moments (Stirling numbers of the second kind).
  return central({f1, f2 + f1, f3 + 3.0 * f2 + f1, f4 + 6.0 * f3 + 7.0 * f2 + f1});
}

CountMoments count_moments(const BgNbd& m, double t_years) {
  // E[X^j] = Σ_{x≥1} (x^j - (x-1)^j) P(X ≥ x); the tail falls geometrically.
  RawMoments raw{};
  for (int x = 1; x < 1000000; ++x) {
    const double tail = at_least(m, t_years, x);
    const double xd = x;
    raw[0] += tail;
    raw[1] += (2.0 * xd - 1.0) * tail;
    raw[2] += (3.0 * xd * xd - 3.0 * xd + 1.0) * tail;
    const double term = (4.0 * xd * xd * xd - 6.0 * xd * xd + 4.0 * xd - 1.0) * tail;
    raw[3] += term;
    if (term < 1e-17 * raw[3]) break;
  }
  return central(raw);
}

double no_purchase_probability(const ParetoNbd& m, double t_years) {
  // E over w = min(τ, t) of P(NBD = 0 | w) = (α/(α+w))^r.
  const auto none_within = [&](double w) {
    return std::pow(m.alpha_years / (m.alpha_years + w), m.r);
  };
  const auto lifetime_density = [&](double u) {
    return m.s / m.beta_years * std::pow(m.beta_years / (m.beta_years + u), m.s + 1.0);
  };
  return none_within(t_years) * lifetime_survival(m, t_years) +
         integral([&](double u) { return lifetime_density(u) * none_within(u); }, 0.0, t_years);
}

double no_purchase_probability(const BgNbd& m, double t_years) {
  return std::pow(m.alpha_years / (m.alpha_years + t_years), m.r);  // dropout needs a purchase
}

double alive_probability(const ParetoNbd& m, double t_years) {
  return lifetime_survival(m, t_years);
}

double alive_probability(const BgNbd& m, double t_years) {
  // Alive at t when the purchase it would leave after has not come: J > N.
  const auto purchases = would_purchase(m, t_years);
  double alive = 0.0;
  for (int n = 0; n < 1000000; ++n) {
    const double term = boost::math::pdf(purchases, n) * stays_at_least(m, n + 1);
    alive += term;
    if (term < 1e-17 * alive) break;
  }
  return alive;
}

double published_expected_purchases(const ParetoNbd& m, double t_years) {
  return m.r * m.beta_years / (m.alpha_years * (m.s - 1.0)) *
         (1.0 - std::pow(m.beta_years / (m.beta_years + t_years), m.s - 1.0));
}

double published_expected_purchases(const BgNbd& m, double t_years) {
  const double z = t_years / (m.alpha_years + t_years);
  const double hypergeometric = boost::math::hypergeometric_pFq({m.r, m.b}, {m.a + m.b - 1.0}, z);
  return (m.a + m.b - 1.0) / (m.a - 1.0) *
         (1.0 - std::pow(m.alpha_years / (m.alpha_years + t_years), m.r) * hypergeometric);
}

double closed_form_alive_probability(const BgNbd& m, double t_years) {
  const double z = t_years / (m.alpha_years + t_years);
  return std::pow(m.alpha_years / (m.alpha_years + t_years), m.r) *
         boost::math::hypergeometric_pFq({m.r, m.b}, {m.a + m.b}, z);
}

}  // namespace omnisim::testing
