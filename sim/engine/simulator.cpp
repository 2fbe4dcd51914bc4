#include "sim/engine/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/engine/acquisition.hpp"
#include "sim/engine/adoption.hpp"
#include "sim/engine/discounting.hpp"
#include "sim/engine/event_record.hpp"
#include "sim/engine/marketing.hpp"
#include "sim/engine/residual_value.hpp"
#include "sim/kpi/customer_life.hpp"

namespace omnisim {

CustomerSimulator::CustomerSimulator(const Model& model, int strategy, const StreamFamily& family)
    : context_{model, model.strategies.at(static_cast<std::size_t>(strategy)), family},
      horizon_days_(model.time.horizon_days) {}

CustomerSimulator::NextEvent CustomerSimulator::next_event(const CustomerState& customer) const {
  NextEvent next{customer.next_need_day, NextEvent::kNeed};
  if (customer.next_marketing_day < next.day) {
    next = {customer.next_marketing_day, NextEvent::kMarketing};
  }
  if (customer.adoption_day < next.day) next = {customer.adoption_day, NextEvent::kAdoption};
  switch (context_.model.lifetime) {
    case LifetimeModel::kParetoNbd: {
      // Piecewise-constant hazard mu * factor: dropout when the integrated
      // hazard reaches the customer's Exp(1) budget.
      const double dropout_day =
          customer.clock_day + customer.hazard_budget / hazard_per_day(customer);
      if (dropout_day < next.day) next = {dropout_day, NextEvent::kDropout};
      break;
    }
    case LifetimeModel::kPeriodic: {
      const double test_day =
          customer.acquisition_day + customer.periods_survived * context_.model.time.period_days;
      if (test_day <= next.day) next = {test_day, NextEvent::kRetentionTest};
      break;
    }
    case LifetimeModel::kBgNbd:
      break;  // dropout happens at purchases
  }
  return next;
}

double CustomerSimulator::hazard_per_day(const CustomerState& customer) const {
  return static_cast<double>(customer.dropout_parameter) * customer.hazard_factor;
}

void CustomerSimulator::admit(CustomerState& customer) const {
  customer.has_app = customer.has_app && context_.strategy.offers_app;
}

Wake CustomerSimulator::wake(const CustomerState& customer) const {
  if (!customer.acquired) return Wake::at(customer.acquisition_day, false, false);
  if (!customer.alive) return Wake::at(std::numeric_limits<double>::infinity(), false, false);
  return Wake::at(next_event(customer).day, true, customer.has_app);
}

void CustomerSimulator::idle(const Wake& wake, const Period& period, Tally& tally) const {
  tally[Count::kActiveAtPeriodEnd] += 1;
  if (wake.has_app()) tally[Count::kActiveAdopters] += 1;
  tally[Sum::kFixedCost] +=
      context_.strategy.fixed_cost_eur_per_day * (period.end_day - period.start_day);
}

void CustomerSimulator::advance(CustomerState& customer, const Period& period, PeriodOutput& output,
                                Tracer trace) const {
  Tally& tally = output.tally;
  if (!customer.acquired) {
    if (customer.acquisition_day >= period.end_day) return;
    acquire(context_, customer, period, output, trace);
  }
  while (customer.alive) {
    const NextEvent next = next_event(customer);
    if (next.day >= period.end_day) break;
    advance_clock(customer, next.day);
    switch (next.kind) {
      case NextEvent::kNeed:
        need(customer, next.day, period, output, trace);
        break;
      case NextEvent::kMarketing:
        marketing_contact(customer, next.day, period, output, trace);
        break;
      case NextEvent::kAdoption:
        adoption_event(context_, customer, next.day, period, output, trace);
        break;
      case NextEvent::kDropout:
        drop_out(customer, next.day, output, trace, "hazard budget used up");
        break;
      case NextEvent::kRetentionTest:
        retention_test(customer, next.day, output, trace);
        break;
    }
  }
  // The firm's fixed cost for the part of the period the customer was with it.
  const double fixed_cost_per_day = context_.strategy.fixed_cost_eur_per_day;
  const double from = std::max(period.start_day, static_cast<double>(customer.acquisition_day));
  const double to = std::min(period.end_day, static_cast<double>(customer.dropout_day));
  if (to > from) tally[Sum::kFixedCost] += fixed_cost_per_day * (to - from);
  if (customer.alive) {
    tally[Count::kActiveAtPeriodEnd] += 1;
    if (customer.has_app) tally[Count::kActiveAdopters] += 1;
    if (period.is_last && !period.after_horizon) {
      advance_clock(customer, horizon_days_);
      close(customer, output, trace);
    }
  }
}

void CustomerSimulator::settle(CustomerState& customer, double end_day, Tally& tally,
                               Tracer trace) const {
  if (!customer.acquired || customer.lost) return;
  if (customer.alive && customer.clock_day < end_day) advance_clock(customer, end_day);
  const LifetimeValue value = lifetime_value(customer);
  tally_lifetime(value, acquisition_cost_eur(context_.model, customer), tally);
  if (trace && customer.clock_day > horizon_days_) {
    auto& line =
        trace.note(std::min(static_cast<double>(customer.dropout_day), customer.clock_day));
    line << "after the horizon (not in the KPIs but lifetime CLV): "
         << (customer.alive ? "alive when the simulation stopped, "
                            : "dropped out on day " + std::to_string(customer.dropout_day) + ", ")
         << "lifetime CLV " << value.priced_eur << " EUR";
    if (value.unpriced_need_days > 0.0) line << " + its needs at the run's average";
    line << '\n';
  }
}

void CustomerSimulator::retention_test(CustomerState& customer, double day, PeriodOutput& output,
                                       Tracer& trace) const {
  output.tally[Count::kEvents] += 1;
  RandomStream stream(context_.family, customer.id, Purpose::kLifetime, customer.periods_survived);
  const double stay = std::pow(static_cast<double>(customer.dropout_parameter),
                               static_cast<double>(customer.hazard_factor));
  if (stream.bernoulli(stay)) {
    customer.periods_survived += 1;
  } else {
    drop_out(customer, day, output, trace, "left at a periodic retention test");
  }
}

void CustomerSimulator::need(CustomerState& customer, double day, const Period& period,
                             PeriodOutput& output, Tracer& trace) const {
  const JourneyOutcome outcome = run_journey(
      context_, customer, JourneyStart{day, customer.needs, false}, period, output, trace);
  customer.needs += 1;
  if (!after_journey(customer, outcome, day, output, trace)) return;
  RandomStream gaps(context_.family, customer.id, Purpose::kNeedGaps, customer.needs);
  customer.next_need_day =
      float_day_from(customer.next_need_day + gaps.exponential(customer.need_rate_per_day), day);
}

void CustomerSimulator::marketing_contact(CustomerState& customer, double day, const Period& period,
                                          PeriodOutput& output, Tracer& trace) const {
  const MarketingContact contact = send_marketing_contact(context_, customer, day, output, trace);
  if (contact.triggered) {
    const JourneyOutcome outcome = run_journey(
        context_, customer, JourneyStart{day, kMarketingOccasions + contact.index, true}, period,
        output, trace);
    if (!after_journey(customer, outcome, day, output, trace)) return;
  }
  schedule_marketing(context_, customer, day, contact.next_gap);
}

bool CustomerSimulator::after_journey(CustomerState& customer, const JourneyOutcome& outcome,
                                      double day, PeriodOutput& output, Tracer& trace) const {
  if (outcome.switched) {
    drop_out(customer, day, output, trace, "stayed with the competitor");
    return false;
  }
  if (context_.model.lifetime == LifetimeModel::kBgNbd && outcome.ordered) {
    RandomStream stream(context_.family, customer.id, Purpose::kLifetime, customer.orders);
    const double leave = 1.0 - std::pow(1.0 - static_cast<double>(customer.dropout_parameter),
                                        static_cast<double>(customer.hazard_factor));
    if (stream.bernoulli(leave)) {
      drop_out(customer, day, output, trace, "left after the purchase (BG/NBD)");
      return false;
    }
  }
  return true;
}

void CustomerSimulator::advance_clock(CustomerState& customer, double day) const {
  if (context_.model.lifetime == LifetimeModel::kParetoNbd) {
    customer.hazard_budget = static_cast<float>(
        customer.hazard_budget - hazard_per_day(customer) * (day - customer.clock_day));
  }
  // Fixed cost per active customer, discounted exactly over the interval.
  const double acquired = customer.acquisition_day;
  const double discount_at_day = discount_factor(context_.model, day - acquired);
  customer.clv_eur -= context_.strategy.fixed_cost_eur_per_day *
                      discounted_days(context_.model, customer.clock_day - acquired, day - acquired,
                                      customer.discount_at_clock, discount_at_day);
  customer.clock_day = day;
  customer.discount_at_clock = discount_at_day;
}

void CustomerSimulator::drop_out(CustomerState& customer, double day, PeriodOutput& output,
                                 Tracer& trace, const char* reason) const {
  customer.alive = false;
  customer.dropout_day = float_day_beside(day, horizon_days_);
  output.tally[Count::kEvents] += 1;
  output.tally[Count::kDropouts] += 1;
  record_event(output, customer, day, {EventType::kDropout, EventStage::kLoyalty});
  if (trace) trace.note(day) << "dropout: " << reason << '\n';
  if (day < horizon_days_) close(customer, output, trace);
}

LifetimeValue CustomerSimulator::lifetime_value(const CustomerState& customer) const {
  const Model& model = context_.model;
  const double end_day = std::min(static_cast<double>(customer.dropout_day), customer.clock_day);
  LifetimeValue value{customer.clv_eur, 0.0,
                      discounted_days(model, 0.0, end_day - customer.acquisition_day)};
  if (!customer.alive) return value;
  const Residual residual = residual_value(context_, customer, customer.clock_day);
  value.priced_eur += residual.priced_eur;
  value.unpriced_need_days = residual.unpriced_need_days;
  value.discounted_days += residual.discounted_days;
  return value;
}

void CustomerSimulator::close(CustomerState& customer, PeriodOutput& output, Tracer& trace) const {
  const Model& model = context_.model;
  Tally& tally = output.tally;
  const double cac = acquisition_cost_eur(model, customer);
  if (output.at_horizon != nullptr) {
    *output.at_horizon = {customer.revenue_eur,    customer.clv_eur, customer.first_order_day,
                          customer.last_order_day, customer.orders,  customer.used};
  }
  tally_customer_life(
      model,
      {customer.segment, customer.acquisition_day, customer.dropout_day, customer.alive,
       customer.last_order_day, customer.orders, customer.clv_eur, customer.contribution_eur,
       customer.needs, cac, sunk_acquisition_cost_eur(model, customer), customer.used,
       customer.store_orders, customer.online_orders, (customer.shopping_paths & kWebroomed) != 0,
       (customer.shopping_paths & kShowroomed) != 0, customer.store_value_eur,
       customer.online_value_eur},
      tally);
  if (trace) {
    auto& line = trace.note(std::min(static_cast<double>(customer.dropout_day), horizon_days_));
    line << "summary: orders " << customer.orders << ", revenue " << customer.revenue_eur
         << " EUR, CLV " << customer.clv_eur << " EUR (" << customer.clv_eur - cac
         << " after CAC), channels used:";
    if (customer.used == 0) line << " none";
    for (int c = 0; c < model.n_channels; ++c) {
      if (has_channel(customer.used, c)) line << ' ' << model.channels[c].name;
    }
    line << ", " << (customer.alive ? "alive at the horizon" : "dropped out") << '\n';
  }
}

}  // namespace omnisim
