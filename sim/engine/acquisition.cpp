#include "sim/engine/acquisition.hpp"

#include "sim/engine/adoption.hpp"
#include "sim/engine/competition.hpp"
#include "sim/engine/discounting.hpp"
#include "sim/engine/event_record.hpp"
#include "sim/engine/marketing.hpp"

namespace omnisim {
namespace {

void trace_acquisition(const RunContext& context, const CustomerState& customer, double cac,
                       Tracer& trace) {
  const Model& model = context.model;
  const SegmentModel& segment = model.segments[customer.segment];
  auto& line = trace.note(customer.acquisition_day);
  line << "acquired " << (customer.referred ? "by referral, first contact " : "via ")
       << model.channels[customer.acquisition_channel].name << " (CAC " << cac << " EUR); segment "
       << segment.name << ", needs " << customer.need_rate_per_day * kDaysPerYear << "/year, app "
       << (customer.has_app ? "yes" : "no") << ", linked channels:";
  if (customer.linked == 0) line << " none";
  for (int c = 0; c < model.n_channels; ++c) {
    if (has_channel(customer.linked, c)) line << ' ' << model.channels[c].name;
  }
  line << '\n';
}

}  // namespace

void acquire(const RunContext& context, CustomerState& customer, const Period& period,
             PeriodOutput& output, Tracer& trace) {
  const Model& model = context.model;
  const StrategyModel& strategy = context.strategy;
  Tally& tally = output.tally;
  customer.acquired = true;
  if (trace) {
    trace.stream() << "customer " << customer.id << " under " << strategy.name << ", replication "
                   << context.family.replication + 1 << '\n';
  }
  // Detractors of the last period cost paid acquisitions (word of mouth).
  const double loss = period.now().acquisition_loss;
  if (!customer.referred && loss > 0.0) {
    RandomStream stream(context.family, customer.id, Purpose::kAcquisition, 1);
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
  // A prospect acquired during the horizon may prefer channels the firm does
  // not open, and go to a competitor that does (docs/model.md §3.3); the
  // day-0 base is the firm's already.
  if (!customer.referred && customer.acquisition_day > 0.0) {
    const double joins = reach(context, customer);
    RandomStream stream(context.family, customer.id, Purpose::kAcquisition, 2);
    if (joins < 1.0 && stream.uniform() > joins) {
      customer.lost = true;
      customer.to_competitor = true;
      customer.dropout_day = customer.acquisition_day;
      tally[Count::kLostToCompetitors] += 1;
      if (trace) {
        trace.note(customer.acquisition_day)
            << "summary: never acquired, went to a competitor that offers the channels this firm "
               "lacks (p="
            << 1.0 - joins << ")\n";
      }
      return;
    }
  }
  customer.alive = true;
  customer.clock_day = customer.acquisition_day;
  customer.discount_at_clock = discount_factor(context.model, 0.0);
  customer.adoption_clock_day = static_cast<float>(customer.acquisition_day);
  customer.fatigue_day = static_cast<float>(customer.acquisition_day);
  customer.linked = draw_linkage(model, context.family, customer.id, strategy.linkage);

  // The first contact: a logit over the channels that can sell.
  RandomStream stream(context.family, customer.id, Purpose::kAcquisition, 0);
  std::array<double, kMaxChannels> weights{};
  double total = 0.0;
  const ChannelMask reachable = customer.reachable(strategy, model.app_channels);
  for (int c = 0; c < model.n_channels; ++c) {
    if (!has_channel(reachable, c)) continue;
    weights[c] = strategy.stage_weight[kDecision][c] * customer.affinity_weight[c];
    total += weights[c];
  }
  const int channel = total > 0.0 ? stream.categorical(weights, total) : 0;
  customer.acquisition_channel = static_cast<std::uint8_t>(channel);
  const double cac = acquisition_cost_eur(model, customer);
  tally[customer.referred ? Count::kAcquisitionsReferral : Count::kAcquisitionsPaid] += 1;
  tally[Sum::kAcquisitionCost] += cac;
  record_event(output, customer, customer.acquisition_day,
               {EventType::kAcquisition, EventStage::kAwareness, channel, 0.0, cac, kNoJourney,
                static_cast<std::uint8_t>(customer.referred ? 1 : 0)});

  RandomStream gaps(context.family, customer.id, Purpose::kNeedGaps, 0);
  customer.next_need_day =
      float_day_from(customer.acquisition_day + gaps.exponential(customer.need_rate_per_day),
                     customer.acquisition_day);
  RandomStream marketing_gaps(context.family, customer.id, Purpose::kMarketingGaps, 0);
  schedule_marketing(context, customer, customer.acquisition_day, marketing_gaps.exponential(1.0));
  schedule_adoption(context, customer, customer.acquisition_day, period);
  if (trace) trace_acquisition(context, customer, cac, trace);
}

}  // namespace omnisim
