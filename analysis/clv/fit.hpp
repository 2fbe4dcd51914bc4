#pragma once
// Maximum-likelihood fits of the buy-till-you-die models to customer
// summaries (analysis/clv/rfm.hpp): every parameter positive, searched in
// log space by NLopt (BOBYQA, derivative-free, to a relative tolerance of
// 1e-10), standard errors from the inverse of the numerical Hessian of the
// log-likelihood at the optimum.

#include <string>
#include <vector>

#include "analysis/clv/btyd.hpp"
#include "analysis/clv/rfm.hpp"

namespace omnisim {

struct FittedModel {
  std::string model;               // "bg/nbd", "mbg/nbd", "pareto/nbd", "gamma-gamma"
  std::vector<std::string> names;  // of the parameters
  std::vector<double> values, standard_errors;
  // Of the estimates: the inverse of the observed information (empty if it
  // is singular); standard_errors are the roots of its diagonal.
  std::vector<std::vector<double>> covariance;
  double log_likelihood = 0.0;
  std::size_t customers = 0;  // whose data the fit used
  int evaluations = 0;
  // False when a parameter ran to the edge of the search (e^+-12): the data
  // do not identify the model (too few customers or repeat purchases).
  bool converged = true;
};

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

// On the customers with x > 0 (the others have no repeat spend).
FittedModel fit_gamma_gamma(const std::vector<CustomerSummary>& customers);

BgNbd bg_nbd_of(const FittedModel& fit);
MbgNbd mbg_nbd_of(const FittedModel& fit);
ParetoNbd pareto_nbd_of(const FittedModel& fit);
GammaGamma gamma_gamma_of(const FittedModel& fit);

}  // namespace omnisim
