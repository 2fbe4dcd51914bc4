#pragma once
// Maximum-likelihood fits of the buy-till-you-die models to customer
// summaries (analysis/clv/rfm.hpp): every parameter positive, searched in
// log space by NLopt -- L-BFGS on the analytic gradient
// (likelihood_sums.hpp), BOBYQA (derivative-free) where it stops short or
// the model has no gradient -- to a relative tolerance of 1e-10. Standard
// errors come from the inverse of the observed information (the Hessian
// by central differences of the gradient, or of the log-likelihood), and
// the fit measures how well the data identify the model (identification.hpp).

#include <string>
#include <vector>

#include "analysis/clv/btyd.hpp"
#include "analysis/clv/identification.hpp"
#include "analysis/clv/rfm.hpp"

namespace omnisim {

struct FittedModel {
  std::string model;               // "bg/nbd", "mbg/nbd", "pareto/nbd", "gamma-gamma", "bg/bb"
  std::vector<std::string> names;  // of the parameters
  std::vector<double> values, standard_errors;
  // Of the estimates: the inverse of the observed information (empty if it
  // is singular); standard_errors are the roots of its diagonal.
  std::vector<std::vector<double>> covariance;
  double log_likelihood = 0.0;
  std::size_t customers = 0;  // whose data the fit used
  int evaluations = 0;        // of the log-likelihood (with its gradient, where it has one)
  std::string method;         // "L-BFGS", "L-BFGS + BOBYQA" or "BOBYQA"
  // False when a parameter ran to the edge of the search (e^+-12): the data
  // do not identify the model (too few customers or repeat purchases).
  bool converged = true;
  Identification identification;
  // Every reason to distrust the estimates, for a reader: empty if none.
  std::vector<std::string> warnings;
};

// ModelError when the data cannot identify the model at all (no customer
// observed for any time, no repeat purchase).
FittedModel fit_bg_nbd(const std::vector<CustomerSummary>& customers);
FittedModel fit_mbg_nbd(const std::vector<CustomerSummary>& customers);
FittedModel fit_pareto_nbd(const std::vector<CustomerSummary>& customers);
// Discrete opportunities (BG/BB): `count` customers with x transactions in
// n opportunities, the last at opportunity t_x (0 if none) -- a row of a
// recency/frequency table.
struct OpportunityRow {
  double x = 0.0, t_x = 0.0, n = 0.0, count = 1.0;
};
FittedModel fit_bg_bb(const std::vector<OpportunityRow>& rows);
BgBb bg_bb_of(const FittedModel& fit);

// On the customers with x > 0 and a positive mean repeat spend (the
// others say nothing of the spend per purchase): gamma_gamma_uses.
bool gamma_gamma_uses(const CustomerSummary& customer);
FittedModel fit_gamma_gamma(const std::vector<CustomerSummary>& customers);

BgNbd bg_nbd_of(const FittedModel& fit);
MbgNbd mbg_nbd_of(const FittedModel& fit);
ParetoNbd pareto_nbd_of(const FittedModel& fit);
GammaGamma gamma_gamma_of(const FittedModel& fit);

}  // namespace omnisim
