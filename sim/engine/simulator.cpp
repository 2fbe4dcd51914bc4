#include "sim/engine/simulator.hpp"

#include <bit>
#include <cmath>
#include <limits>

#include "sim/engine/journey.hpp"

namespace omnisim {

int year_of(const Model& model, double day) {
  const int year = static_cast<int>(day / kDaysPerYear);
  return std::min(year, model.n_years - 1);
}

CustomerSimulator::CustomerSimulator(const Model& model, int strategy, const StreamFamily& family)
    : model_(model),
      strategy_(model.strategies.at(static_cast<std::size_t>(strategy))),
      family_(family),
      horizon_days_(model.scenario.simulation.horizon_days) {}

double CustomerSimulator::discount(double age_days) const {
  if (model_.scenario.money.discounting == Discounting::kPerPeriod) {
    const double period = std::floor(age_days / model_.scenario.simulation.period_days) + 1.0;
    return std::pow(model_.period_discount, period);
  }
  return std::exp(-model_.continuous_discount_per_day * age_days);
}

double CustomerSimulator::discounted_days(double from_age, double to_age) const {
  if (to_age <= from_age) return 0.0;
  if (model_.scenario.money.discounting == Discounting::kPerPeriod) {
    // Walk the periods of life by an integer index: recomputing it from a
    // boundary day can round back into the same period and never advance.
    const double period = model_.scenario.simulation.period_days;
    double total = 0.0;
    for (auto index = static_cast<std::int64_t>(std::floor(from_age / period)) + 1;
         from_age < to_age; ++index) {
      const double segment_end = std::min(to_age, static_cast<double>(index) * period);
      if (segment_end > from_age) {
        total +=
            std::pow(model_.period_discount, static_cast<double>(index)) * (segment_end - from_age);
        from_age = segment_end;
      }
    }
    return total;
  }
  const double delta = model_.continuous_discount_per_day;
  if (delta == 0.0) return to_age - from_age;
  return (std::exp(-delta * from_age) - std::exp(-delta * to_age)) / delta;
}

CustomerSimulator::NextEvent CustomerSimulator::next_event(const CustomerState& customer) const {
  NextEvent next{customer.next_need_day, NextEvent::kNeed};
  if (customer.next_marketing_day < next.day) {
    next = {customer.next_marketing_day, NextEvent::kMarketing};
  }
  if (customer.adoption_day < next.day) next = {customer.adoption_day, NextEvent::kAdoption};
  switch (model_.scenario.lifetime.model) {
    case LifetimeModel::kParetoNbd: {
      // Piecewise-constant hazard mu * factor: dropout when the integrated
      // hazard reaches the customer's Exp(1) budget.
      const double dropout_day =
          customer.clock_day + customer.hazard_budget / hazard_per_day(customer);
      if (dropout_day < next.day) next = {dropout_day, NextEvent::kDropout};
      break;
    }
    case LifetimeModel::kPeriodic: {
      const double test_day = customer.acquisition_day +
                              customer.periods_survived * model_.scenario.simulation.period_days;
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

Wake CustomerSimulator::wake(const CustomerState& customer) const {
  if (!customer.acquired) return Wake::at(customer.acquisition_day, false, false);
  if (!customer.alive) return Wake::at(std::numeric_limits<double>::infinity(), false, false);
  return Wake::at(next_event(customer).day, true, customer.has_app);
}

void CustomerSimulator::idle(const Wake& wake, const Period& period, Tally& tally) const {
  tally[Count::kActiveAtPeriodEnd] += 1;
  if (wake.has_app) tally[Count::kActiveAdopters] += 1;
  tally[Sum::kFixedCost] += strategy_.fixed_cost_eur_per_day * (period.end_day - period.start_day);
}

void CustomerSimulator::advance(CustomerState& customer, const Period& period, PeriodOutput& output,
                                Tracer trace) const {
  Tally& tally = output.tally;
  if (!customer.acquired) {
    if (customer.acquisition_day >= period.end_day) return;
    acquire(customer, period, tally, trace);
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
        adoption(customer, next.day, period, tally, trace);
        break;
      case NextEvent::kDropout:
        drop_out(customer, next.day, tally, trace, "hazard budget used up");
        break;
      case NextEvent::kRetentionTest:
        retention_test(customer, next.day, tally, trace);
        break;
    }
  }
  // The firm's fixed cost for the part of the period the customer was with it.
  const double from = std::max(period.start_day, customer.acquisition_day);
  const double to = std::min(period.end_day, customer.dropout_day);
  if (to > from) tally[Sum::kFixedCost] += strategy_.fixed_cost_eur_per_day * (to - from);
  if (customer.alive) {
    tally[Count::kActiveAtPeriodEnd] += 1;
    if (customer.has_app) tally[Count::kActiveAdopters] += 1;
    if (period.is_last) {
      advance_clock(customer, horizon_days_);
      close(customer, tally, trace);
    }
  }
}

void CustomerSimulator::retention_test(CustomerState& customer, double day, Tally& tally,
                                       Tracer& trace) const {
  tally[Count::kEvents] += 1;
  RandomStream stream(family_, customer.id, Purpose::kLifetime, customer.periods_survived);
  const double stay = std::pow(static_cast<double>(customer.dropout_parameter),
                               static_cast<double>(customer.hazard_factor));
  if (stream.bernoulli(stay)) {
    customer.periods_survived += 1;
  } else {
    drop_out(customer, day, tally, trace, "left at a periodic retention test");
  }
}

void CustomerSimulator::need(CustomerState& customer, double day, const Period& period,
                             PeriodOutput& output, Tracer& trace) const {
  const JourneyOutcome outcome =
      run_journey(model_, *this, family_, customer, JourneyStart{day, customer.needs, false},
                  period, output, trace);
  customer.needs += 1;
  if (!after_journey(customer, outcome, day, output.tally, trace)) return;
  RandomStream gaps(family_, customer.id, Purpose::kNeedGaps, customer.needs);
  customer.next_need_day += gaps.exponential(customer.need_rate_per_day);
}

bool CustomerSimulator::after_journey(CustomerState& customer, const JourneyOutcome& outcome,
                                      double day, Tally& tally, Tracer& trace) const {
  if (model_.scenario.lifetime.model == LifetimeModel::kBgNbd && outcome.ordered) {
    RandomStream stream(family_, customer.id, Purpose::kLifetime, customer.orders);
    const double leave = 1.0 - std::pow(1.0 - static_cast<double>(customer.dropout_parameter),
                                        static_cast<double>(customer.hazard_factor));
    if (stream.bernoulli(leave)) {
      drop_out(customer, day, tally, trace, "left after the purchase (BG/NBD)");
      return false;
    }
  }
  return true;
}

CustomerSimulator::Senders CustomerSimulator::marketing_senders(
    const CustomerState& customer) const {
  Senders senders{};
  const auto& marketing = model_.scenario.mechanisms.marketing;
  if (!marketing.enabled) return senders;
  const ChannelMask channels = static_cast<ChannelMask>(
      model_.campaign_channels & customer.reachable(strategy_, model_.app_channels) &
      ~customer.unsubscribed);
  const bool unified = strategy_.contact_policy == ContactPolicy::kUnified;
  for (int c = 0; c < model_.n_channels; ++c) {
    if (!has_channel(channels, c)) continue;
    const double rate = model_.channels[c].campaign_rate_per_day;
    senders.rate_per_day += rate;
    // Silos each send at their own rate; one policy uses the channel the
    // customer prefers.
    senders.weight[c] = unified ? static_cast<double>(customer.affinity_weight[c]) : rate;
    senders.total_weight += senders.weight[c];
  }
  if (unified) {
    senders.rate_per_day =
        std::min(senders.rate_per_day, marketing.unified_cap_per_year / kDaysPerYear);
  }
  if (senders.total_weight <= 0.0) senders.rate_per_day = 0.0;  // no channel can be chosen
  return senders;
}

void CustomerSimulator::schedule_marketing(CustomerState& customer, double from_day,
                                           double unit_exponential) const {
  const double rate = marketing_senders(customer).rate_per_day;
  customer.next_marketing_day =
      rate > 0.0 ? from_day + unit_exponential / rate : std::numeric_limits<double>::infinity();
}

void CustomerSimulator::reschedule_marketing(CustomerState& customer, double now_day,
                                             double old_rate_per_day) const {
  const double rate = marketing_senders(customer).rate_per_day;
  if (rate == old_rate_per_day) return;
  if (old_rate_per_day > 0.0 && std::isfinite(customer.next_marketing_day)) {
    // The pending exponential clock, rescaled to the new rate: no new draw.
    const double remaining = (customer.next_marketing_day - now_day) * old_rate_per_day;
    customer.next_marketing_day =
        rate > 0.0 ? now_day + remaining / rate : std::numeric_limits<double>::infinity();
  } else {
    RandomStream gaps(family_, customer.id, Purpose::kMarketingGaps,
                      customer.marketing_contacts + 1);
    schedule_marketing(customer, now_day, gaps.exponential(1.0));
  }
}

void CustomerSimulator::marketing_contact(CustomerState& customer, double day, const Period& period,
                                          PeriodOutput& output, Tracer& trace) const {
  const auto& marketing = model_.scenario.mechanisms.marketing;
  Tally& tally = output.tally;
  tally[Count::kEvents] += 1;
  tally[Count::kMarketingContacts] += 1;
  const std::uint64_t contact = customer.marketing_contacts;
  // Four draws in fixed slots -- one Philox block: channel, unsubscribe,
  // trigger and the gap to the next contact.
  RandomStream stream(family_, customer.id, Purpose::kMarketing, contact);
  const double channel_draw = stream.uniform();
  const double unsubscribe_draw = stream.uniform();
  const double trigger_draw = stream.uniform();
  const double next_gap = stream.exponential(1.0);

  const Senders senders = marketing_senders(customer);
  const int channel = pick_categorical(senders.weight, senders.total_weight, channel_draw);
  const double cost = model_.channels[channel].campaign_cost_eur;
  tally[Sum::kMarketingCost] += cost;
  customer.clv_eur -= discount(day - customer.acquisition_day) * cost;

  // Fatigue: recent contacts, decaying with a half-life.
  const double elapsed = day - customer.fatigue_day;
  const double fatigue =
      customer.fatigue * std::exp2(-elapsed / marketing.fatigue_half_life_days) + 1.0;
  customer.fatigue = static_cast<float>(fatigue);
  customer.fatigue_day = static_cast<float>(day);
  const double excess = std::max(0.0, fatigue - marketing.fatigue_tolerance);
  bool unsubscribed = false;
  if (excess > 0.0) {
    customer.satisfaction = static_cast<float>(
        std::max(0.0, customer.satisfaction - marketing.annoyance_per_contact * excess));
    update_hazard_factor(model_, customer);
    if (unsubscribe_draw <= std::min(1.0, marketing.unsubscribe_probability * excess)) {
      customer.unsubscribed |= channel_bit(channel);
      tally[Count::kUnsubscribes] += 1;
      unsubscribed = true;
    }
  }
  // Diminishing returns: a tired customer is less likely to act on a contact.
  const double trigger =
      marketing.trigger_probability * std::exp(-(fatigue - 1.0) / marketing.fatigue_scale);
  const bool triggered = trigger_draw <= trigger;
  if (trace) {
    trace.note(day) << "marketing contact via " << model_.channels[channel].name << " (cost "
                    << cost << " EUR, recent contacts " << fatigue << ")"
                    << (excess > 0.0 ? ", annoyed" : "") << (unsubscribed ? ", unsubscribed" : "")
                    << (triggered ? ", triggered a need" : "") << '\n';
  }
  customer.marketing_contacts += 1;
  if (triggered) {
    tally[Count::kMarketingTriggers] += 1;
    const JourneyOutcome outcome =
        run_journey(model_, *this, family_, customer,
                    JourneyStart{day, kMarketingOccasions + contact, true}, period, output, trace);
    if (!after_journey(customer, outcome, day, tally, trace)) return;
  }
  schedule_marketing(customer, day, next_gap);
}

void CustomerSimulator::schedule_adoption(CustomerState& customer, double now_day,
                                          const Period& period) const {
  if (customer.has_app || model_.max_adoption_hazard_per_day <= 0.0) {
    customer.adoption_day = std::numeric_limits<double>::infinity();
    return;
  }
  // Spend the adoption hazard of every period since the last look, as each
  // period's conditions set it.
  const double period_days = model_.scenario.simulation.period_days;
  double day = customer.adoption_clock_day;
  double spent = 0.0;
  // An integer index walks the periods (see discounted_days); the last one
  // ends at now_day whatever rounding says.
  for (int index = std::min(period.index, static_cast<int>(day / period_days)); day < now_day;
       ++index) {
    const double segment_end =
        index >= period.index ? now_day : std::min(now_day, (index + 1) * period_days);
    if (segment_end > day) {
      spent += (*period.conditions)[static_cast<std::size_t>(index)].adoption_hazard_per_day *
               (segment_end - day);
      day = segment_end;
    }
  }
  customer.adoption_budget = static_cast<float>(customer.adoption_budget - spent);
  customer.adoption_clock_day = static_cast<float>(now_day);
  const double budget = std::max(0.0, static_cast<double>(customer.adoption_budget));
  // Within this period the hazard is known: adopt here if the budget runs out.
  const double hazard = period.now().adoption_hazard_per_day;
  if (hazard > 0.0 && now_day + budget / hazard < period.end_day) {
    customer.adoption_day = now_day + budget / hazard;
    customer.adoption_is_check = false;
    return;
  }
  // Later hazards are not known yet, but never exceed (p + q) / 365: look
  // again when adoption first becomes possible.
  customer.adoption_day =
      std::max(now_day + budget / model_.max_adoption_hazard_per_day, period.end_day);
  customer.adoption_is_check = true;
}

void CustomerSimulator::adoption(CustomerState& customer, double day, const Period& period,
                                 Tally& tally, Tracer& trace) const {
  if (customer.adoption_is_check) {
    schedule_adoption(customer, day, period);
    return;
  }
  const double rate_before = marketing_senders(customer).rate_per_day;
  customer.has_app = true;
  customer.adoption_day = std::numeric_limits<double>::infinity();
  tally[Count::kEvents] += 1;
  tally[Count::kAdoptions] += 1;
  if (trace) {
    trace.note(day) << "adopted the app (adopter share " << period.now().adopter_share << ")\n";
  }
  reschedule_marketing(customer, day, rate_before);  // the app can now send pushes
}

void CustomerSimulator::acquire(CustomerState& customer, const Period& period, Tally& tally,
                                Tracer& trace) const {
  customer.acquired = true;
  if (trace) {
    trace.stream() << "customer " << customer.id << " under " << strategy_.name << ", replication "
                   << family_.replication + 1 << '\n';
  }
  // Detractors of the last period cost paid acquisitions (word of mouth).
  const double loss = period.now().acquisition_loss;
  if (!customer.referred && loss > 0.0) {
    RandomStream stream(family_, customer.id, Purpose::kAcquisition, 1);
    if (stream.uniform() <= loss) {
      customer.lost = true;
      customer.dropout_day = customer.acquisition_day;
      tally[Count::kAcquisitionsLost] += 1;
      if (trace) {
        trace.note(customer.acquisition_day)
            << "summary: never acquired, lost to detractors' word of mouth (p=" << loss << ")\n";
      }
      return;
    }
  }
  customer.alive = true;
  customer.clock_day = customer.acquisition_day;
  customer.adoption_clock_day = static_cast<float>(customer.acquisition_day);
  customer.fatigue_day = static_cast<float>(customer.acquisition_day);
  customer.linked = draw_linkage(model_, family_, customer.id, strategy_.linkage);

  // The first contact: a logit over the channels that can sell.
  RandomStream stream(family_, customer.id, Purpose::kAcquisition, 0);
  std::array<double, kMaxChannels> weights{};
  double total = 0.0;
  const ChannelMask reachable = customer.reachable(strategy_, model_.app_channels);
  for (int c = 0; c < model_.n_channels; ++c) {
    if (!has_channel(reachable, c)) continue;
    weights[c] = strategy_.stage_weight[kDecision][c] * customer.affinity_weight[c];
    total += weights[c];
  }
  const int channel = total > 0.0 ? stream.categorical(weights, total) : 0;
  customer.acquisition_channel = static_cast<std::uint8_t>(channel);
  const double cac = acquisition_cost_eur(model_, customer);
  tally[customer.referred ? Count::kAcquisitionsReferral : Count::kAcquisitionsPaid] += 1;
  tally[Sum::kAcquisitionCost] += cac;

  RandomStream gaps(family_, customer.id, Purpose::kNeedGaps, 0);
  customer.next_need_day = customer.acquisition_day + gaps.exponential(customer.need_rate_per_day);
  RandomStream marketing_gaps(family_, customer.id, Purpose::kMarketingGaps, 0);
  schedule_marketing(customer, customer.acquisition_day, marketing_gaps.exponential(1.0));
  schedule_adoption(customer, customer.acquisition_day, period);
  if (trace) {
    const SegmentModel& segment = model_.segments[customer.segment];
    auto& line = trace.note(customer.acquisition_day);
    line << "acquired " << (customer.referred ? "by referral, first contact " : "via ")
         << model_.channels[channel].name << " (CAC " << cac << " EUR); segment " << segment.name
         << ", needs " << customer.need_rate_per_day * kDaysPerYear << "/year, app "
         << (customer.has_app ? "yes" : "no") << ", linked channels:";
    if (customer.linked == 0) line << " none";
    for (int c = 0; c < model_.n_channels; ++c) {
      if (has_channel(customer.linked, c)) line << ' ' << model_.channels[c].name;
    }
    line << '\n';
  }
}

void CustomerSimulator::advance_clock(CustomerState& customer, double day) const {
  if (model_.scenario.lifetime.model == LifetimeModel::kParetoNbd) {
    customer.hazard_budget -= hazard_per_day(customer) * (day - customer.clock_day);
  }
  // Fixed cost per active customer, discounted exactly over the interval.
  const double acquired = customer.acquisition_day;
  customer.clv_eur -= strategy_.fixed_cost_eur_per_day *
                      discounted_days(customer.clock_day - acquired, day - acquired);
  customer.clock_day = day;
}

void CustomerSimulator::drop_out(CustomerState& customer, double day, Tally& tally, Tracer& trace,
                                 const char* reason) const {
  customer.alive = false;
  customer.dropout_day = day;
  tally[Count::kEvents] += 1;
  tally[Count::kDropouts] += 1;
  if (trace) trace.note(day) << "dropout: " << reason << '\n';
  close(customer, tally, trace);
}

void CustomerSimulator::close(const CustomerState& customer, Tally& tally, Tracer& trace) const {
  const double cac = acquisition_cost_eur(model_, customer);
  tally[Count::kCustomersClosed] += 1;
  tally.orders_per_customer.add(customer.orders);
  tally.clv_eur.add(customer.clv_eur);
  tally.clv_net_eur.add(customer.clv_eur - cac);
  tally.clv_histogram.add(customer.clv_eur);

  const int n_used = std::popcount(customer.used);
  if (customer.orders > 0) {
    tally[Count::kShoppers] += 1;
    if (customer.orders >= 2) tally[Count::kRepeatBuyers] += 1;
    tally[Sum::kChannelsUsed] += n_used;
    tally.channels_used[static_cast<std::size_t>(n_used)] += 1;
    const bool multichannel = n_used >= 2;
    tally[multichannel ? Count::kStoreOrdersMulti : Count::kStoreOrdersSingle] +=
        customer.store_orders;
    tally[multichannel ? Count::kOnlineOrdersMulti : Count::kOnlineOrdersSingle] +=
        customer.online_orders;
    tally[multichannel ? Sum::kStoreValueMulti : Sum::kStoreValueSingle] +=
        customer.store_value_eur;
    tally[multichannel ? Sum::kOnlineValueMulti : Sum::kOnlineValueSingle] +=
        customer.online_value_eur;
    if (multichannel) {
      tally[Count::kMultichannelShoppers] += 1;
      tally.clv_multichannel_eur.add(customer.clv_eur);
    } else {
      const bool store = (customer.used & model_.physical_channels) != 0;
      tally[store ? Count::kStoreOnly : Count::kOnlineOnly] += 1;
      tally.clv_single_channel_eur.add(customer.clv_eur);
    }
  }

  const double acquired = customer.acquisition_day;
  const double end_day = std::min(customer.dropout_day, horizon_days_);
  for (std::size_t i = 0; i < kRetentionAgesDays.size(); ++i) {
    if (acquired + kRetentionAgesDays[i] > horizon_days_) continue;
    tally.retention_eligible[i] += 1;
    if (customer.dropout_day - acquired >= kRetentionAgesDays[i]) tally.retention_alive[i] += 1;
  }
  const int months = model_.n_age_months;
  const int eligible_months = std::min(months, static_cast<int>((horizon_days_ - acquired) / 30.0));
  const int alive_months =
      customer.alive ? eligible_months
                     : std::min(eligible_months, static_cast<int>((end_day - acquired) / 30.0));
  tally.age_eligible[static_cast<std::size_t>(eligible_months)] += 1;
  tally.age_alive[static_cast<std::size_t>(alive_months)] += 1;

  if (acquired <= horizon_days_ - kDaysPerYear) {
    tally[Count::kActive12mEligible] += 1;
    if (customer.last_order_day >= horizon_days_ - kDaysPerYear) tally[Count::kActive12m] += 1;
  }

  if (trace) {
    auto& line = trace.note(end_day);
    line << "summary: orders " << customer.orders << ", revenue " << customer.revenue_eur
         << " EUR, CLV " << customer.clv_eur << " EUR (" << customer.clv_eur - cac
         << " after CAC), channels used:";
    if (customer.used == 0) line << " none";
    for (int c = 0; c < model_.n_channels; ++c) {
      if (has_channel(customer.used, c)) line << ' ' << model_.channels[c].name;
    }
    line << ", " << (customer.alive ? "alive at the horizon" : "dropped out") << '\n';
  }
}

}  // namespace omnisim
