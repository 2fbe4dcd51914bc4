// The analytic gradients the fits climb (analysis/clv/likelihood_sums.hpp)
// against central differences of the per-customer log-likelihoods
// (btyd.hpp), which they must also equal in value, at points away from any
// optimum, on summaries that exercise every branch (x = 0, t_x = T, large x).

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analysis/clv/btyd.hpp"
#include "analysis/clv/likelihood_sums.hpp"

namespace omnisim::clv_gradient_test {
namespace {

const std::vector<SummaryGroup> kGroups{{0, 0, 38.9, 0, 1411},      {1, 1.7, 38.9, 11.8, 439},
                                        {2, 30.4, 38.9, 22.3, 214}, {3, 5.0, 5.0, 40.0, 3},
                                        {7, 36.0, 39.0, 31.0, 64},  {25, 70.0, 78.0, 18.0, 2},
                                        {0, 0, 0.0, 0, 5},          {1, 0.3, 12.0, 0.5, 7}};

// The sum of count x log_likelihood(model of p, group) for the gradient's check.
template <class Model>
double summed(const std::vector<double>& p,
              const std::function<double(const Model&, const SummaryGroup&)>& term) {
  double total = 0.0;
  for (const auto& g : kGroups)
    total += g.count * term(Model{p[0], p[1], p[2], p[3]}, g);
  return total;
}

template <class Model>
void expect_gradient(const std::vector<double>& p,
                     const std::function<double(const Model&, const SummaryGroup&)>& term,
                     const std::string& what) {
  std::vector<double> gradient(p.size());
  const double value = sum_log_likelihood(Model{p[0], p[1], p[2], p[3]}, kGroups, gradient);
  EXPECT_NEAR(value, summed<Model>(p, term), 1e-9 * std::abs(value)) << what;
  for (std::size_t k = 0; k < p.size(); ++k) {
    // d / d log p_k by central differences of step 1e-5 in log p_k.
    const double h = 1e-5;
    std::vector<double> up = p, down = p;
    up[k] *= std::exp(h);
    down[k] *= std::exp(-h);
    const double numeric = (summed<Model>(up, term) - summed<Model>(down, term)) / (2.0 * h);
    EXPECT_NEAR(gradient[k], numeric, 1e-6 * std::max(1.0, std::abs(numeric)))
        << what << ", parameter " << k;
  }
}

TEST(ClvGradient, BgNbdEqualsFiniteDifferences) {
  const std::function<double(const BgNbd&, const SummaryGroup&)> term =
      [](const BgNbd& m, const SummaryGroup& g) { return log_likelihood(m, g.x, g.t_x, g.T); };
  expect_gradient<BgNbd>({0.3, 5.0, 0.6, 3.0}, term, "bg/nbd");
  expect_gradient<BgNbd>({2.0, 40.0, 3.0, 80.0}, term, "bg/nbd on a ridge");
}

TEST(ClvGradient, MbgNbdEqualsFiniteDifferences) {
  const std::function<double(const MbgNbd&, const SummaryGroup&)> term =
      [](const MbgNbd& m, const SummaryGroup& g) { return log_likelihood(m, g.x, g.t_x, g.T); };
  expect_gradient<MbgNbd>({0.5, 6.0, 0.9, 1.6}, term, "mbg/nbd");
}

TEST(ClvGradient, ParetoNbdEqualsFiniteDifferencesOnBothSidesOfAlphaEqualsBeta) {
  const std::function<double(const ParetoNbd&, const SummaryGroup&)> term =
      [](const ParetoNbd& m, const SummaryGroup& g) { return log_likelihood(m, g.x, g.t_x, g.T); };
  expect_gradient<ParetoNbd>({0.55, 10.6, 0.61, 11.7}, term, "alpha < beta");
  expect_gradient<ParetoNbd>({0.55, 14.0, 0.61, 8.0}, term, "alpha > beta");
  expect_gradient<ParetoNbd>({3.0, 60.0, 0.4, 120.0}, term, "large alpha, beta");
}

TEST(ClvGradient, GammaGammaEqualsFiniteDifferences) {
  std::vector<SummaryGroup> buyers;
  for (const auto& g : kGroups)
    if (g.x > 0) buyers.push_back(g);
  const std::vector<double> p{6.25, 3.74, 15.4};
  std::vector<double> gradient(3);
  const auto total = [&](const std::vector<double>& q) {
    double sum = 0.0;
    for (const auto& g : buyers)
      sum += g.count * log_likelihood(GammaGamma{q[0], q[1], q[2]}, g.x, g.m_x);
    return sum;
  };
  const double value = sum_log_likelihood(GammaGamma{p[0], p[1], p[2]}, buyers, gradient);
  EXPECT_NEAR(value, total(p), 1e-9 * std::abs(value));
  for (std::size_t k = 0; k < 3; ++k) {
    const double h = 1e-5;
    std::vector<double> up = p, down = p;
    up[k] *= std::exp(h);
    down[k] *= std::exp(-h);
    const double numeric = (total(up) - total(down)) / (2.0 * h);
    EXPECT_NEAR(gradient[k], numeric, 1e-6 * std::max(1.0, std::abs(numeric))) << k;
  }
}

}  // namespace
}  // namespace omnisim::clv_gradient_test
