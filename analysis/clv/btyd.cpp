#include "analysis/clv/btyd.hpp"

#include <cmath>

// Boost 1.74's pFq header uses lgamma and expm1 without including them.
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
  return boost::math::hypergeometric_pFq({a, b}, {c}, z);
}

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

double expected_purchases(const BgNbd& m, double t) {
  return (m.a + m.b - 1.0) / (m.a - 1.0) *
         (1.0 - std::pow(m.alpha / (m.alpha + t), m.r) *
                    hypergeometric_2f1(m.r, m.b, m.a + m.b - 1.0, t / (m.alpha + t)));
}

double log_likelihood(const ParetoNbd& m, double x, double t_x, double T) {
  const double rsx = m.r + m.s + x;
  // The 2F1 argument below 1: the larger of alpha and beta goes first.
  const bool alpha_larger = m.alpha >= m.beta;
  const double big = alpha_larger ? m.alpha : m.beta;
  const double difference = std::abs(m.alpha - m.beta);
  const double second = alpha_larger ? m.s + 1.0 : m.r + x;
  const auto term = [&](double t) {
    return std::log(hypergeometric_2f1(rsx, second, rsx + 1.0, difference / (big + t))) -
           rsx * std::log(big + t);
  };
  const double head =
      std::lgamma(m.r + x) - std::lgamma(m.r) + m.r * std::log(m.alpha) + m.s * std::log(m.beta);
  // Alive at T: (alpha + T)^-(r + x) (beta + T)^-s.
  const double alive = -(m.r + x) * std::log(m.alpha + T) - m.s * std::log(m.beta + T);
  // Died in (t_x, T]: s / (r + s + x) [A(t_x) - A(T)], A(t) = 2F1(...)/(big + t)^(r+s+x).
  const double a_tx = term(t_x), a_T = term(T);
  const double died = std::log(m.s / rsx) + a_tx + std::log1p(-std::exp(a_T - a_tx));
  return head + log_sum_exp(alive, died);
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
