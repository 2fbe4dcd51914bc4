#include "analysis/clv/likelihood_sums.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include <boost/math/special_functions/digamma.hpp>

#include "sim/core/error.hpp"
#include "sim/core/numbers.hpp"
#include "sim/core/parallel_for.hpp"

namespace omnisim {
namespace {

// lgamma and digamma of base + k, k = 0 .. size - 1.
struct GammaTable {
  std::vector<double> log_gamma, digamma;
  GammaTable(double base, std::size_t size) : log_gamma(size), digamma(size) {
    for (std::size_t k = 0; k < size; ++k) {
      log_gamma[k] = std::lgamma(base + static_cast<double>(k));
      digamma[k] = boost::math::digamma(base + static_cast<double>(k));
    }
  }
};

// The largest frequency of the groups, checked to be a whole number.
std::size_t largest_frequency(std::span<const SummaryGroup> groups) {
  double largest = 0.0;
  for (const auto& g : groups) {
    if (!(g.x >= 0.0 && g.x <= 1e7 && g.x == std::floor(g.x))) {
      throw ModelError("a frequency x = " + std::to_string(g.x) +
                       " is not a whole number of purchases");
    }
    largest = std::max(largest, g.x);
  }
  return static_cast<std::size_t>(largest);
}

// The weighted sum of term(group, gradient) over the groups, each term
// adding its unweighted gradient into an array of N, in parallel over
// fixed chunks added in chunk order.
template <std::size_t N, class Term>
double sum_terms(std::span<const SummaryGroup> groups, std::span<double> gradient,
                 const Term& term) {
  constexpr std::size_t kChunk = 2048;
  const bool with_gradient = !gradient.empty();
  const std::size_t chunks = (groups.size() + kChunk - 1) / kChunk;
  std::vector<std::array<double, N + 1>> partial(chunks);
  parallel_for_indices(chunks, 1, [&](std::size_t chunk) {
    std::array<double, N + 1> total{};
    const std::size_t end = std::min(groups.size(), (chunk + 1) * kChunk);
    for (std::size_t i = chunk * kChunk; i < end; ++i) {
      std::array<double, N> g{};
      const double value = term(groups[i], with_gradient ? g.data() : nullptr);
      total[0] += groups[i].count * value;
      for (std::size_t k = 0; k < N && with_gradient; ++k)
        total[k + 1] += groups[i].count * g[k];
    }
    partial[chunk] = total;
  });
  std::array<double, N + 1> total{};
  for (const auto& p : partial)
    for (std::size_t k = 0; k <= N; ++k)
      total[k] += p[k];
  for (std::size_t k = 0; k < gradient.size() && k < N; ++k)
    gradient[k] = total[k + 1];
  return total[0];
}

// log(e^a + e^b) and the weight e^a / (e^a + e^b) of its first term.
struct LogSum {
  double value, first_weight;
};
LogSum log_sum(double a, double b) {
  const double high = std::max(a, b);
  const double ea = std::exp(a - high), eb = std::exp(b - high);
  return {high + std::log(ea + eb), ea / (ea + eb)};
}

// log 2F1(a, b; a + 1; z) for 0 <= z < 1 and its partial derivatives in a,
// b and z: Euler's transformation (1 - z)^(1 - b) 2F1(1, a + 1 - b; a + 1; z),
// a series of positive terms differentiated term by term. NaN if 2,000
// terms do not converge (z near 1).
struct LogHypergeometric {
  double value, d_a, d_b, d_z;
};
LogHypergeometric log_hypergeometric_2f1_a_a1(double a, double b, double z) {
  const double b1 = a + 1.0 - b, c = a + 1.0;
  // S = sum of term_k; the sums of term_k times d log term_k / d b1, / d c,
  // and of k term_k / z (d log term_k / d z = k / z).
  double sum = 1.0, sum_b1 = 0.0, sum_c = 0.0, sum_z = 0.0;
  double u = 1.0;  // term_k / z
  double d_b1 = 0.0, d_c = 0.0;
  for (int k = 1; k <= 2000; ++k) {
    const double j = k - 1;
    u *= (b1 + j) / (c + j) * (k > 1 ? z : 1.0);
    d_b1 += 1.0 / (b1 + j);
    d_c += 1.0 / (c + j);
    const double term = u * z;
    sum += term;
    sum_b1 += term * d_b1;
    sum_c += term * d_c;
    sum_z += k * u;
    if (term <= 1e-17 * sum && term * d_b1 <= 1e-17 * sum_b1 && term * d_c <= 1e-17 * sum_c &&
        k * u * z <= 1e-17 * sum_z) {
      return {(1.0 - b) * std::log1p(-z) + std::log(sum), (sum_b1 - sum_c) / sum,
              -std::log1p(-z) - sum_b1 / sum, -(1.0 - b) / (1.0 - z) + sum_z / sum};
    }
  }
  return {kNaN, kNaN, kNaN, kNaN};
}

// BG/NBD and MBG/NBD differ only in the chances to drop out a customer of
// x repeat purchases has had: x (after each repeat purchase) or x + 1 (the
// first purchase too). With k of them, the likelihood is Gamma(r + x)
// alpha^r / Gamma(r) B(a, b + k) / B(a, b) [(alpha + T)^-(r + x) + (k > 0)
// a / (b + k - 1) (alpha + t_x)^-(r + x)].
double sum_beta_geometric(double r, double alpha, double a, double b, std::size_t extra,
                          std::span<const SummaryGroup> groups, std::span<double> gradient) {
  const std::size_t size = largest_frequency(groups) + 1 + extra;
  const GammaTable r_x(r, size), b_k(b, size), ab_k(a + b, size);
  const double log_alpha = std::log(alpha), log_a = std::log(a);
  return sum_terms<4>(groups, gradient, [&](const SummaryGroup& group, double* g) {
    const auto x = static_cast<std::size_t>(group.x);
    const std::size_t k = x + extra;
    const double rx = r + group.x;
    const double log_alive_at = std::log(alpha + group.T);
    const double alive = b_k.log_gamma[k] - rx * log_alive_at;
    double log_dropped_at = 0.0;
    LogSum both{alive, 1.0};
    if (k > 0) {
      log_dropped_at = std::log(alpha + group.t_x);
      both = log_sum(alive, log_a + b_k.log_gamma[k - 1] - rx * log_dropped_at);
    }
    const double value = r_x.log_gamma[x] - r_x.log_gamma[0] + r * log_alpha + ab_k.log_gamma[0] -
                         b_k.log_gamma[0] - ab_k.log_gamma[k] + both.value;
    if (g != nullptr) {
      const double w_alive = both.first_weight, w_dropped = 1.0 - w_alive;
      g[0] = r * (r_x.digamma[x] - r_x.digamma[0] + log_alpha - w_alive * log_alive_at -
                  w_dropped * log_dropped_at);
      g[1] =
          r - rx * alpha *
                  (w_alive / (alpha + group.T) + (k > 0 ? w_dropped / (alpha + group.t_x) : 0.0));
      g[2] = a * (ab_k.digamma[0] - ab_k.digamma[k]) + w_dropped;
      g[3] = b * (ab_k.digamma[0] - b_k.digamma[0] - ab_k.digamma[k] + w_alive * b_k.digamma[k] +
                  (k > 0 ? w_dropped * b_k.digamma[k - 1] : 0.0));
    }
    return value;
  });
}

}  // namespace

double sum_log_likelihood(const BgNbd& m, std::span<const SummaryGroup> groups,
                          std::span<double> gradient) {
  return sum_beta_geometric(m.r, m.alpha, m.a, m.b, 0, groups, gradient);
}

double sum_log_likelihood(const MbgNbd& m, std::span<const SummaryGroup> groups,
                          std::span<double> gradient) {
  return sum_beta_geometric(m.r, m.alpha, m.a, m.b, 1, groups, gradient);
}

DeathPoints death_points(std::span<const SummaryGroup> groups) {
  DeathPoints out;
  std::map<std::pair<double, double>, std::uint32_t> index;
  const auto point = [&](double x, double t) {
    const auto [at, inserted] =
        index.try_emplace({x, t}, static_cast<std::uint32_t>(out.points.size()));
    if (inserted) out.points.emplace_back(x, t);
    return at->second;
  };
  for (const auto& g : groups) {
    out.at_t_x.push_back(point(g.x, g.t_x));
    out.at_T.push_back(point(g.x, g.T));
  }
  return out;
}

double sum_log_likelihood(const ParetoNbd& m, std::span<const SummaryGroup> groups,
                          std::span<double> gradient) {
  return sum_log_likelihood(m, groups, death_points(groups), gradient);
}

double sum_log_likelihood(const ParetoNbd& m, std::span<const SummaryGroup> groups,
                          const DeathPoints& points, std::span<double> gradient) {
  const std::size_t size = largest_frequency(groups) + 1;
  const GammaTable r_x(m.r, size);
  const double log_alpha = std::log(m.alpha), log_beta = std::log(m.beta);
  // The 2F1 argument below 1: the larger of alpha and beta goes first.
  const bool alpha_larger = m.alpha >= m.beta;
  const double big = alpha_larger ? m.alpha : m.beta;
  const double difference = std::abs(m.alpha - m.beta);
  // A(x, t) = log 2F1(r+s+x, second; r+s+x+1; z_t) - (r+s+x) log(big + t),
  // z_t = |alpha - beta| / (big + t), and its gradient in (r, alpha, s,
  // beta): once per distinct (x, t), which far fewer than the groups.
  struct Death {
    double value;
    std::array<double, 4> d;
  };
  std::vector<Death> deaths(points.points.size());
  parallel_for_indices(deaths.size(), 256, [&](std::size_t k) {
    const auto [x, t] = points.points[k];
    const double rsx = m.r + x + m.s;
    const double second = alpha_larger ? m.s + 1.0 : m.r + x;
    const double z = difference / (big + t);
    const LogHypergeometric h = log_hypergeometric_2f1_a_a1(rsx, second, z);
    const double log_big = std::log(big + t);
    // dz in (alpha, beta); d big likewise.
    const double dz_alpha =
        alpha_larger ? (m.beta + t) / ((m.alpha + t) * (m.alpha + t)) : -1.0 / (m.beta + t);
    const double dz_beta =
        alpha_larger ? -1.0 / (m.alpha + t) : (m.alpha + t) / ((m.beta + t) * (m.beta + t));
    const double d_big_alpha = alpha_larger ? 1.0 : 0.0, d_big_beta = 1.0 - d_big_alpha;
    Death& out = deaths[k];
    out.value = h.value - rsx * log_big;
    out.d[0] = h.d_a + (alpha_larger ? 0.0 : h.d_b) - log_big;
    out.d[1] = h.d_z * dz_alpha - rsx * d_big_alpha / (big + t);
    out.d[2] = h.d_a + (alpha_larger ? h.d_b : 0.0) - log_big;
    out.d[3] = h.d_z * dz_beta - rsx * d_big_beta / (big + t);
  });
  return sum_terms<4>(groups, gradient, [&](const SummaryGroup& group, double* g) {
    const auto i = static_cast<std::size_t>(&group - groups.data());
    const auto x = static_cast<std::size_t>(group.x);
    const double rx = m.r + group.x, rsx = rx + m.s;
    const double head = r_x.log_gamma[x] - r_x.log_gamma[0] + m.r * log_alpha + m.s * log_beta;
    const double log_alive_alpha = std::log(m.alpha + group.T);
    const double log_alive_beta = std::log(m.beta + group.T);
    // Alive at T: (alpha + T)^-(r + x) (beta + T)^-s.
    const double alive = -rx * log_alive_alpha - m.s * log_alive_beta;
    const Death& at_tx = deaths[points.at_t_x[i]];
    const Death& at_T = deaths[points.at_T[i]];
    if (std::isnan(at_tx.value) || std::isnan(at_T.value)) {
      // The series did not converge: btyd.cpp's quadrature, and central
      // differences in the log parameters for this term's gradient.
      const auto term = [&](const ParetoNbd& model) {
        return log_likelihood(model, group.x, group.t_x, group.T);
      };
      if (g != nullptr) {
        std::array<double, 4> p{m.r, m.alpha, m.s, m.beta};
        for (std::size_t k = 0; k < 4; ++k) {
          const double h = 1e-5, saved = p[k];
          p[k] = saved * std::exp(h);
          const double up = term({p[0], p[1], p[2], p[3]});
          p[k] = saved * std::exp(-h);
          const double down = term({p[0], p[1], p[2], p[3]});
          p[k] = saved;
          g[k] = (up - down) / (2.0 * h);
        }
      }
      return term(m);
    }
    // Died in (t_x, T]: s / (r + s + x) [e^A(t_x) - e^A(T)].
    const double e = std::exp(at_T.value - at_tx.value);
    if (!(e < 1.0)) {  // t_x = T: no time to die in
      if (g != nullptr) {
        const std::array<double, 4> d{
            m.r * (r_x.digamma[x] - r_x.digamma[0] + log_alpha - log_alive_alpha),
            m.r - rx * m.alpha / (m.alpha + group.T), m.s * (log_beta - log_alive_beta),
            m.s - m.s * m.beta / (m.beta + group.T)};
        std::copy(d.begin(), d.end(), g);
      }
      return head + alive;
    }
    const double died = std::log(m.s / rsx) + at_tx.value + std::log1p(-e);
    const LogSum both = log_sum(alive, died);
    if (g != nullptr) {
      const double w_alive = both.first_weight, w_died = 1.0 - w_alive;
      const double tail = e / (1.0 - e);  // d log(1 - e) = -tail (dA(T) - dA(t_x))
      std::array<double, 4> d_died{};
      for (std::size_t k = 0; k < 4; ++k)
        d_died[k] = at_tx.d[k] - tail * (at_T.d[k] - at_tx.d[k]);
      d_died[0] -= 1.0 / rsx;
      d_died[2] += 1.0 / m.s - 1.0 / rsx;
      const std::array<double, 4> d_alive{-log_alive_alpha, -rx / (m.alpha + group.T),
                                          -log_alive_beta, -m.s / (m.beta + group.T)};
      const std::array<double, 4> d_head{r_x.digamma[x] - r_x.digamma[0] + log_alpha, m.r / m.alpha,
                                         log_beta, m.s / m.beta};
      const std::array<double, 4> p{m.r, m.alpha, m.s, m.beta};
      for (std::size_t k = 0; k < 4; ++k)
        g[k] = p[k] * (d_head[k] + w_alive * d_alive[k] + w_died * d_died[k]);
    }
    return head + both.value;
  });
}

double sum_log_likelihood(const GammaGamma& m, std::span<const SummaryGroup> groups,
                          std::span<double> gradient) {
  const std::size_t size = largest_frequency(groups) + 1;
  // lgamma and digamma of p x and p x + q, by x.
  std::vector<double> log_gamma_px(size), digamma_px(size), log_gamma_pxq(size), digamma_pxq(size);
  for (std::size_t x = 1; x < size; ++x) {
    const double px = m.p * static_cast<double>(x);
    log_gamma_px[x] = std::lgamma(px);
    digamma_px[x] = boost::math::digamma(px);
    log_gamma_pxq[x] = std::lgamma(px + m.q);
    digamma_pxq[x] = boost::math::digamma(px + m.q);
  }
  const double log_gamma_q = std::lgamma(m.q), digamma_q = boost::math::digamma(m.q);
  const double log_gamma_scale = std::log(m.gamma);
  return sum_terms<3>(groups, gradient, [&](const SummaryGroup& group, double* g) {
    const auto x = static_cast<std::size_t>(group.x);
    const double px = m.p * group.x;
    const double log_m = std::log(group.m_x), log_x = std::log(group.x);
    const double log_total = std::log(m.gamma + group.m_x * group.x);
    const double value = log_gamma_pxq[x] - log_gamma_px[x] - log_gamma_q + m.q * log_gamma_scale +
                         (px - 1.0) * log_m + px * log_x - (px + m.q) * log_total;
    if (g != nullptr) {
      g[0] = px * (digamma_pxq[x] - digamma_px[x] + log_m + log_x - log_total);
      g[1] = m.q * (digamma_pxq[x] - digamma_q + log_gamma_scale - log_total);
      g[2] = m.q - (px + m.q) * m.gamma / (m.gamma + group.m_x * group.x);
    }
    return value;
  });
}

double sum_log_likelihood(const BgBb& m, std::span<const SummaryGroup> groups,
                          std::span<double> /*gradient*/) {
  return sum_terms<4>(groups, {}, [&](const SummaryGroup& group, double*) {
    return log_likelihood(m, group.x, group.t_x, group.T);
  });
}

}  // namespace omnisim
