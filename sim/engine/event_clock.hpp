#pragma once
// EventClock: when the logged events happen (docs/model.md §11). The engine
// decides a journey at one instant; the log spreads its events over the
// minutes to days the journey takes -- research before a store visit, the
// pickup after a click & collect order, service after the delivery -- and
// places every event in its channel kind's hours of the day and days of the
// week. Only the log's day changes: the engine, its KPIs and the events'
// amounts, costs and order are untouched.
//
// Each event's draws come from its own stream, keyed (seed, replication,
// customer, event sequence): the same times at any thread count and in any
// chunking of the log. An event never moves earlier than the engine's
// instant, and at most max_delay_days later.

#include <cstdint>
#include <span>
#include <vector>

#include "sim/engine/event.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

class EventClock final : public EventSink {
 public:
  EventClock(const Model& model, EventSink& next) : model_(model), next_(next) {}
  void write(int strategy, int replication, std::span<const Event> events) override;
  void end_period() override { next_.end_period(); }

  // At most how much later than the engine's instant an event is logged:
  // a bound over the longest journey of `model` (every gap at its cap).
  static double max_delay_days(const Model& model);

  // The log's day of `event`, given the customer's previous event (if any
  // in this run: `previous` null otherwise) and its logged day.
  double day_of(const Event& event, const Event* previous, double previous_day,
                int replication) const;

 private:
  const Model& model_;
  EventSink& next_;
  std::vector<Event> stamped_;
  // The last event written and its logged day: a customer's events arrive
  // together, so one is enough to chain a journey across calls.
  Event last_{};
  double last_day_ = 0.0;
  bool has_last_ = false;
  int last_strategy_ = -1, last_replication_ = -1;
};

}  // namespace omnisim
