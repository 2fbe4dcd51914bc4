#pragma once
// Records one event of a customer when the run keeps an event log; nothing
// otherwise. Internal to sim/engine.

#include "sim/engine/customer.hpp"
#include "sim/engine/event.hpp"
#include "sim/engine/period.hpp"

namespace omnisim {

struct EventFields {
  EventType type;
  EventStage stage = EventStage::kNone;
  int channel = -1;  // none
  double amount_eur = 0.0;
  double cost_eur = 0.0;
  std::uint32_t journey = kNoJourney;
  std::uint8_t detail = 0;
};

// Returns the event's sequence (its id within the customer), or kNoJourney
// when nothing is recorded.
inline std::uint32_t record_event(PeriodOutput& output, CustomerState& customer, double day,
                                  const EventFields& fields) {
  if (!output.record_events) return kNoJourney;
  const std::uint32_t sequence = customer.events++;
  output.events.push_back(
      {customer.id, day, fields.amount_eur, fields.cost_eur, sequence, fields.journey, fields.type,
       fields.stage,
       fields.channel < 0 ? kNoEventChannel : static_cast<std::uint8_t>(fields.channel),
       customer.segment, fields.detail});
  return sequence;
}

}  // namespace omnisim
