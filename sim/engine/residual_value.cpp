#include "sim/engine/residual_value.hpp"

#include <cmath>

#include "sim/engine/discounting.hpp"

namespace omnisim {
namespace {

// Net contribution of one need: the customer's own average so far (every
// variable cash flow, marketing-triggered journeys included, per natural
// need); before its first need, the margin of an average order of its own.
double contribution_per_need_eur(const Model& model, const CustomerState& customer) {
  if (customer.needs > 0) return customer.contribution_eur / customer.needs;
  const SegmentModel& segment = model.segments[customer.segment];
  return model.money.margin_rate * segment.spend_p / static_cast<double>(customer.spend_rate);
}

// The dropout hazard per day the customer would keep from now on.
double hazard_per_day(const Model& model, const CustomerState& customer) {
  const double factor = customer.hazard_factor;
  const double parameter = customer.dropout_parameter;
  switch (model.lifetime) {
    case LifetimeModel::kParetoNbd:
      return parameter * factor;
    case LifetimeModel::kBgNbd: {
      // A chance to leave after each order; orders come at the need rate
      // times the share of needs that ended in one.
      const double orders_per_need =
          customer.needs > 0 ? static_cast<double>(customer.orders) / customer.needs : 1.0;
      const double leave = 1.0 - std::pow(1.0 - parameter, factor);
      return static_cast<double>(customer.need_rate_per_day) * orders_per_need * leave;
    }
    case LifetimeModel::kPeriodic:
      return -std::log(std::pow(parameter, factor)) / model.time.period_days;
  }
  return 0.0;
}

}  // namespace

double residual_discounted_days(const RunContext& context, const CustomerState& customer,
                                double horizon_day) {
  const Model& model = context.model;
  // Per-period discounting is priced at the same yearly rate, continuously.
  const double rate = model.money.continuous_discount_per_day + hazard_per_day(model, customer);
  if (!(rate > 0.0)) return INFINITY;  // nothing discounts an endless life
  return discount_factor(model, horizon_day - customer.acquisition_day) / rate;
}

double residual_value_eur(const RunContext& context, const CustomerState& customer,
                          double horizon_day) {
  const double value_per_day = static_cast<double>(customer.need_rate_per_day) *
                                   contribution_per_need_eur(context.model, customer) -
                               context.strategy.fixed_cost_eur_per_day;
  if (value_per_day == 0.0) return 0.0;  // even over an endless life
  return value_per_day * residual_discounted_days(context, customer, horizon_day);
}

}  // namespace omnisim
