#include "analysis/clv/predict.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

template <class Visit>
double with_model(const FittedModel& fit, Visit visit) {
  if (fit.model == "bg/nbd") return visit(bg_nbd_of(fit));
  if (fit.model == "mbg/nbd") return visit(mbg_nbd_of(fit));
  if (fit.model == "pareto/nbd") return visit(pareto_nbd_of(fit));
  throw ModelError(fit.model + ": not a purchase model (bg/nbd, mbg/nbd or pareto/nbd)");
}

}  // namespace

double predicted_p_alive(const FittedModel& purchases, const CustomerSummary& c) {
  return with_model(purchases, [&](const auto& model) { return p_alive(model, c.x, c.t_x, c.T); });
}

double predicted_purchases(const FittedModel& purchases, double t, const CustomerSummary& c) {
  return with_model(
      purchases, [&](const auto& model) { return expected_purchases(model, t, c.x, c.t_x, c.T); });
}

double predicted_new_customer_purchases(const FittedModel& purchases, double t) {
  return with_model(purchases, [&](const auto& model) { return expected_purchases(model, t); });
}

double predicted_discounted_purchases(const FittedModel& purchases, double horizon,
                                      double discount_per_unit, const CustomerSummary& c) {
  return with_model(purchases, [&](const auto& model) {
    double value = 0.0, before = 0.0;
    const auto steps = static_cast<int>(std::ceil(horizon));
    for (int k = 1; k <= steps; ++k) {
      const double t = std::min(static_cast<double>(k), horizon);
      const double cumulative = expected_purchases(model, t, c.x, c.t_x, c.T);
      value += (cumulative - before) * std::exp(-discount_per_unit * t);
      before = cumulative;
    }
    return value;
  });
}

double predicted_clv(const FittedModel& purchases, const FittedModel& spend, double horizon,
                     double discount_per_unit, const CustomerSummary& c) {
  return predicted_discounted_purchases(purchases, horizon, discount_per_unit, c) *
         expected_spend(gamma_gamma_of(spend), c.x, c.mean_repeat_spend);
}

}  // namespace omnisim
