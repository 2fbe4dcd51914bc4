#include "analysis/clv/btyd.hpp"

#include <cmath>
#include <limits>

// Boost 1.74's pFq header uses lgamma and expm1 without including them.
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/expm1.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/hypergeometric_pFq.hpp>

namespace omnisim {
namespace {

double log_sum_exp(double a, double b) {
  const double high = std::max(a, b);
  return high + std::log(std::exp(a - high) + std::exp(b - high));
}

}  // namespace

double hypergeometric_2f1(double a, double b, double c, double z) {
  // The models' case -- a, b, c > 0 and 0 <= z < 1 -- is a series of
  // positive terms, summed directly (Boost's general pFq, in long double
  // with cancellation checks, costs ten times as much); Boost otherwise.
  if (a > 0.0 && b > 0.0 && c > 0.0 && z >= 0.0 && z < 1.0) {
    double sum = 1.0, term = 1.0;
    for (int k = 0; k < 100000; ++k) {
      term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
      sum += term;
      if (term <= 1e-17 * sum) return sum;
      if (!std::isfinite(sum)) break;
    }
  }
  return boost::math::hypergeometric_pFq({a, b}, {c}, z);
}

namespace {

// log 2F1(a, b; a + 1; z) for 0 <= z < 1, by Euler's transformation
// (1 - z)^(1 - b) 2F1(1, a + 1 - b; a + 1; z): a series of positive terms
// whose ratio (a + 1 - b + k) z / (a + 1 + k) is below z, and far below it
// when a is large (many purchases), where the direct series needs thousands
// of terms. NaN if 2,000 terms do not converge (z near 1).
double log_2f1_a_a1_value(double a, double b, double z) {
  const double b1 = a + 1.0 - b, c = a + 1.0;
  double sum = 1.0, term = 1.0;
  for (int k = 0; k < 2000; ++k) {
    term *= (b1 + k) * z / (c + k);
    sum += term;
    if (term < 1e-17 * sum) return (1.0 - b) * std::log1p(-z) + std::log(sum);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

// The same death term, log of int_{t_x}^{T} (alpha + tau)^-(r + x)
// (beta + tau)^-(s + 1) dtau, by adaptive Gauss-Kronrod quadrature of the
// integrand scaled to 1 at t_x: where the series converges too slowly.
double log_death_integral(const ParetoNbd& m, double x, double t_x, double T) {
  const double p = m.r + x, q = m.s + 1.0;
  const auto scaled = [&](double tau) {
    return std::exp(-p * std::log((m.alpha + tau) / (m.alpha + t_x)) -
                    q * std::log((m.beta + tau) / (m.beta + t_x)));
  };
  const double integral =
      boost::math::quadrature::gauss_kronrod<double, 31>::integrate(scaled, t_x, T, 15, 1e-12);
  return -p * std::log(m.alpha + t_x) - q * std::log(m.beta + t_x) + std::log(integral);
}

}  // namespace

double log_likelihood(const BgNbd& m, double x, double t_x, double T) {
  const double common = std::lgamma(m.r + x) - std::lgamma(m.r) + m.r * std::log(m.alpha);
  const double beta_ratio = std::lgamma(m.a + m.b) - std::lgamma(m.b) - std::lgamma(m.a + m.b + x);
  // Alive at T: B(a, b + x) / B(a, b) (alpha + T)^-(r + x).
  const double alive = beta_ratio + std::lgamma(m.b + x) - (m.r + x) * std::log(m.alpha + T);
  if (x <= 0.0) return common + alive;
  // Dropped out right after the last purchase: B(a + 1, b + x - 1) / B(a, b) (alpha + t_x)^-(r +
  // x).
  const double dropped =
      beta_ratio + std::log(m.a) + std::lgamma(m.b + x - 1.0) - (m.r + x) * std::log(m.alpha + t_x);
  return common + log_sum_exp(alive, dropped);
}

double p_alive(const BgNbd& m, double x, double t_x, double T) {
  if (x <= 0.0) return 1.0;
  return 1.0 / (1.0 + (m.a / (m.b + x - 1.0)) * std::pow((m.alpha + T) / (m.alpha + t_x), m.r + x));
}

double expected_purchases(const BgNbd& m, double t, double x, double t_x, double T) {
  const double z = t / (m.alpha + T + t);
  const double head = (m.a + m.b + x - 1.0) / (m.a - 1.0);
  const double tail = 1.0 - std::pow((m.alpha + T) / (m.alpha + T + t), m.r + x) *
                                hypergeometric_2f1(m.r + x, m.b + x, m.a + m.b + x - 1.0, z);
  const double dead =
      x > 0.0 ? (m.a / (m.b + x - 1.0)) * std::pow((m.alpha + T) / (m.alpha + t_x), m.r + x) : 0.0;
  return head * tail / (1.0 + dead);
}

double log_likelihood(const ParetoNbd& m, double x, double t_x, double T) {
  const double rsx = m.r + m.s + x;
  // The 2F1 argument below 1: the larger of alpha and beta goes first.
  const bool alpha_larger = m.alpha >= m.beta;
  const double big = alpha_larger ? m.alpha : m.beta;
  const double difference = std::abs(m.alpha - m.beta);
  const double second = alpha_larger ? m.s + 1.0 : m.r + x;
  const auto term = [&](double t) {
    return log_2f1_a_a1_value(rsx, second, difference / (big + t)) - rsx * std::log(big + t);
  };
  const double head =
      std::lgamma(m.r + x) - std::lgamma(m.r) + m.r * std::log(m.alpha) + m.s * std::log(m.beta);
  // Alive at T: (alpha + T)^-(r + x) (beta + T)^-s.
  const double alive = -(m.r + x) * std::log(m.alpha + T) - m.s * std::log(m.beta + T);
  // Died in (t_x, T]: s / (r + s + x) [A(t_x) - A(T)], A(t) = 2F1(...)/(big + t)^(r+s+x),
  // which is s times the integral over the time of death.
  const double a_tx = term(t_x), a_T = term(T);
  const double died = std::isnan(a_tx) || std::isnan(a_T)
                          ? std::log(m.s) + log_death_integral(m, x, t_x, T)
                          : std::log(m.s / rsx) + a_tx + std::log(-std::expm1(a_T - a_tx));
  return head + log_sum_exp(alive, died);
}

// The alive term of the likelihood, Gamma(r + x) alpha^r beta^s / Gamma(r)
// (alpha + T)^-(r + x) (beta + T)^-s, over the whole: P(alive).
double p_alive(const ParetoNbd& m, double x, double t_x, double T) {
  const double alive = std::lgamma(m.r + x) - std::lgamma(m.r) + m.r * std::log(m.alpha) +
                       m.s * std::log(m.beta) - (m.r + x) * std::log(m.alpha + T) -
                       m.s * std::log(m.beta + T);
  return std::min(1.0, std::exp(alive - log_likelihood(m, x, t_x, T)));
}

double expected_purchases(const ParetoNbd& m, double t, double x, double t_x, double T) {
  const double rate = (m.r + x) * (m.beta + T) / (m.alpha + T);
  // (1 - ((beta + T) / (beta + T + t))^(s - 1)) / (s - 1), whose limit at s = 1 is a log.
  const double log_ratio = std::log((m.beta + T + t) / (m.beta + T));
  const double lifetime =
      std::abs(m.s - 1.0) < 1e-9 ? log_ratio : -std::expm1(-(m.s - 1.0) * log_ratio) / (m.s - 1.0);
  return rate * lifetime * p_alive(m, x, t_x, T);
}

double log_likelihood(const MbgNbd& m, double x, double t_x, double T) {
  const double common = std::lgamma(m.r + x) - std::lgamma(m.r) + m.r * std::log(m.alpha) +
                        std::lgamma(m.a + m.b) - std::lgamma(m.b) -
                        std::lgamma(m.a + m.b + x + 1.0);
  // Alive at T: B(a, b + x + 1) / B(a, b) (alpha + T)^-(r + x).
  const double alive = std::lgamma(m.b + x + 1.0) - (m.r + x) * std::log(m.alpha + T);
  // Dropped out right after the last purchase (the first, if x = 0):
  // B(a + 1, b + x) / B(a, b) (alpha + t_x)^-(r + x).
  const double dropped = std::log(m.a) + std::lgamma(m.b + x) - (m.r + x) * std::log(m.alpha + t_x);
  return common + log_sum_exp(alive, dropped);
}

double p_alive(const MbgNbd& m, double x, double t_x, double T) {
  return 1.0 / (1.0 + (m.a / (m.b + x)) * std::pow((m.alpha + T) / (m.alpha + t_x), m.r + x));
}

double expected_purchases(const MbgNbd& m, double t, double x, double t_x, double T) {
  const double z = t / (m.alpha + T + t);
  const double head = (m.a + m.b + x) / (m.a - 1.0);
  const double tail = 1.0 - std::pow((m.alpha + T) / (m.alpha + T + t), m.r + x) *
                                hypergeometric_2f1(m.r + x, m.b + x + 1.0, m.a + m.b + x, z);
  return head * tail * p_alive(m, x, t_x, T);
}

namespace {

double log_beta(double a, double b) {
  return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
}

// The alive-through-n term of the BG/BB likelihood.
double bg_bb_alive(const BgBb& m, double x, double n) {
  return log_beta(m.alpha + x, m.beta + n - x) - log_beta(m.alpha, m.beta) +
         log_beta(m.gamma, m.delta + n) - log_beta(m.gamma, m.delta);
}

}  // namespace

double log_likelihood(const BgBb& m, double x, double t_x, double n) {
  double total = bg_bb_alive(m, x, n);
  // Dropped out at opportunity t_x + i + 1, i = 0 .. n - t_x - 1.
  const auto last = static_cast<int>(n - t_x);
  for (int i = 0; i < last; ++i) {
    total = log_sum_exp(
        total, log_beta(m.alpha + x, m.beta + t_x - x + i) - log_beta(m.alpha, m.beta) +
                   log_beta(m.gamma + 1.0, m.delta + t_x + i) - log_beta(m.gamma, m.delta));
  }
  return total;
}

double p_alive(const BgBb& m, double x, double t_x, double n) {
  const double alive_next = log_beta(m.alpha + x, m.beta + n - x) - log_beta(m.alpha, m.beta) +
                            log_beta(m.gamma, m.delta + n + 1.0) - log_beta(m.gamma, m.delta);
  return std::exp(alive_next - log_likelihood(m, x, t_x, n));
}

double expected_purchases(const BgBb& m, double n_star, double x, double t_x, double n) {
  const double head = log_beta(m.alpha + x + 1.0, m.beta + n - x) - log_beta(m.alpha, m.beta) +
                      std::lgamma(m.gamma + m.delta) - std::lgamma(1.0 + m.delta) -
                      log_likelihood(m, x, t_x, n);
  const double now = std::lgamma(1.0 + m.delta + n) - std::lgamma(m.gamma + m.delta + n);
  const double later =
      std::lgamma(1.0 + m.delta + n + n_star) - std::lgamma(m.gamma + m.delta + n + n_star);
  return std::exp(head) * m.delta / (m.gamma - 1.0) * (std::exp(now) - std::exp(later));
}

double log_likelihood(const GammaGamma& m, double x, double m_x) {
  const double px = m.p * x;
  return std::lgamma(px + m.q) - std::lgamma(px) - std::lgamma(m.q) + m.q * std::log(m.gamma) +
         (px - 1.0) * std::log(m_x) + px * std::log(x) - (px + m.q) * std::log(m.gamma + m_x * x);
}

double expected_spend(const GammaGamma& m, double x, double m_x) {
  return (m.gamma + x * m_x) * m.p / (m.p * x + m.q - 1.0);
}

}  // namespace omnisim
