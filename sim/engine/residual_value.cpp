#include "sim/engine/residual_value.hpp"

#include <cmath>

#include "sim/engine/discounting.hpp"

namespace omnisim {
namespace {

// The dropout hazard per day the customer would keep from now on.
double hazard_per_day(const Model& model, const CustomerState& customer) {
  const double factor = customer.hazard_factor;
  const double parameter = customer.dropout_parameter;
  switch (model.lifetime) {
    case LifetimeModel::kParetoNbd:
      return parameter * factor;
    case LifetimeModel::kBgNbd: {
      // A chance to leave after each order; orders come at the need rate
      // times the share of needs that ended in one, shrunk towards 1 so that
      // a customer whose few needs all failed is not taken for immortal.
      const double orders_per_need =
          (static_cast<double>(customer.orders) + 1.0) / (customer.needs + 1.0);
      const double leave = 1.0 - std::pow(1.0 - parameter, factor);
      return static_cast<double>(customer.need_rate_per_day) * orders_per_need * leave;
    }
    case LifetimeModel::kPeriodic:
      return -std::log(std::pow(parameter, factor)) / model.time.period_days;
  }
  return 0.0;
}

}  // namespace

Residual residual_value(const RunContext& context, const CustomerState& customer, double day) {
  const Model& model = context.model;
  // Per-period discounting is priced at the same yearly rate, continuously.
  const double rate = model.money.continuous_discount_per_day + hazard_per_day(model, customer);
  Residual residual;
  // Nothing discounts an endless life: infinite, shown as n/a.
  residual.discounted_days =
      rate > 0.0 ? discount_factor(model, day - customer.acquisition_day) / rate : INFINITY;
  // A rate of 0 over an endless life is worth 0, not NaN.
  const auto over_life = [&](double per_day) {
    return per_day == 0.0 ? 0.0 : per_day * residual.discounted_days;
  };
  const double need_rate = customer.need_rate_per_day;
  residual.priced_eur = over_life(-context.strategy.fixed_cost_eur_per_day);
  if (customer.needs > 0) {
    // Every variable cash flow so far, marketing-triggered journeys included,
    // per natural need.
    residual.priced_eur +=
        over_life(need_rate * (customer.contribution_eur / static_cast<double>(customer.needs)));
  } else {
    residual.unpriced_need_days = over_life(need_rate);
  }
  return residual;
}

}  // namespace omnisim
