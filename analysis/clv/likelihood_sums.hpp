#pragma once
// The log-likelihood of a whole cohort under each buy-till-you-die model
// (btyd.hpp's terms), with its analytic gradient in the log parameters
// (d/d log theta = theta d/d theta): what the fit maximises. Customers
// with the same summary share one term, weighted by their count. Terms
// that depend on x alone (Gamma functions of r + x, b + x, ...) are
// tabulated once per evaluation over the integer frequencies, so a term
// costs a few logarithms. Summed in parallel over fixed chunks added in
// chunk order: the same bits at any thread count.

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "analysis/clv/btyd.hpp"

namespace omnisim {

// Customers with the same (x, t_x, T) -- and m_x for Gamma-Gamma.
struct SummaryGroup {
  double x = 0.0, t_x = 0.0, T = 0.0, m_x = 0.0;
  double count = 1.0;
};

// Each returns the log-likelihood and, if `gradient` is not empty (one
// value per parameter, in the model's order), writes its gradient in the
// log parameters. Frequencies x must be whole numbers (ModelError otherwise).
double sum_log_likelihood(const BgNbd& model, std::span<const SummaryGroup> groups,
                          std::span<double> gradient);
double sum_log_likelihood(const MbgNbd& model, std::span<const SummaryGroup> groups,
                          std::span<double> gradient);
double sum_log_likelihood(const ParetoNbd& model, std::span<const SummaryGroup> groups,
                          std::span<double> gradient);
// Pareto/NBD's death terms depend on (x, t_x) and (x, T) alone, which far
// fewer distinct pairs take than the groups: found once per fit.
struct DeathPoints {
  std::vector<std::pair<double, double>> points;  // distinct (x, t)
  std::vector<std::uint32_t> at_t_x, at_T;        // each group's, into points
};
DeathPoints death_points(std::span<const SummaryGroup> groups);
double sum_log_likelihood(const ParetoNbd& model, std::span<const SummaryGroup> groups,
                          const DeathPoints& points, std::span<double> gradient);
// Of the groups' mean spends m_x over x >= 1 purchases.
double sum_log_likelihood(const GammaGamma& model, std::span<const SummaryGroup> groups,
                          std::span<double> gradient);
// T holds the opportunities n; no gradient (the fit searches without one).
double sum_log_likelihood(const BgBb& model, std::span<const SummaryGroup> groups,
                          std::span<double> gradient);

}  // namespace omnisim
