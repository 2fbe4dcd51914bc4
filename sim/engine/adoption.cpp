#include "sim/engine/adoption.hpp"

#include <algorithm>
#include <limits>

#include "sim/engine/event_record.hpp"
#include "sim/engine/marketing.hpp"

namespace omnisim {

void schedule_adoption(const RunContext& context, CustomerState& customer, double now_day,
                       const Period& period) {
  const Model& model = context.model;
  const double max_hazard_per_day = model.mechanisms.app_adoption.max_hazard_per_day;
  if (customer.has_app || max_hazard_per_day <= 0.0 || !context.strategy.offers_app) {
    customer.adoption_day = std::numeric_limits<float>::infinity();
    return;
  }
  // Spend the adoption hazard of every period since the last look, as each
  // period's conditions set it.
  const double period_days = model.time.period_days;
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
  // (Tested on the day as stored: a float day at or after the period's end
  // would fire in the next one.)
  const double hazard = period.now().adoption_hazard_per_day;
  if (hazard > 0.0) {
    const float adoption_day = float_day_from(now_day + budget / hazard, now_day);
    if (adoption_day < period.end_day) {
      customer.adoption_day = adoption_day;
      customer.adoption_is_check = false;
      return;
    }
  }
  // Later hazards are not known yet, but never exceed (p + q) / 365: look
  // again when adoption first becomes possible.
  customer.adoption_day =
      float_day_at_or_after(std::max(now_day + budget / max_hazard_per_day, period.end_day));
  customer.adoption_is_check = true;
}

void adoption_event(const RunContext& context, CustomerState& customer, double day,
                    const Period& period, PeriodOutput& output, Tracer& trace) {
  if (customer.adoption_is_check) {
    schedule_adoption(context, customer, day, period);
    return;
  }
  const double rate_before = marketing_rate_per_day(context, customer);
  customer.has_app = true;
  customer.adoption_day = std::numeric_limits<float>::infinity();
  output.tally[Count::kEvents] += 1;
  output.tally[Count::kAdoptions] += 1;
  record_event(output, customer, day, {EventType::kAppAdoption, EventStage::kLoyalty});
  if (trace) {
    trace.note(day) << "adopted the app (adopter share " << period.now().adopter_share << ")\n";
  }
  reschedule_marketing(context, customer, day, rate_before);  // the app can now send pushes
}

}  // namespace omnisim
