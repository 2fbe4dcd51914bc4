#pragma once
// TimeOrdered: an event sink that puts each period's events in time order
// before passing them on (omnisim events --order time). An event the engine
// makes in one period may happen in a later one (EventClock: a delivery, a
// return): it waits for that period, so the whole run is in time order; the
// events after the horizon come at the end of the last period.

#include <cstddef>
#include <cstdio>
#include <span>
#include <vector>

#include "sim/engine/event.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

// Each period's events sorted by day, ties in customer order (a stable
// sort of the period), then passed on. It holds at most `max_held_events`
// in memory: beyond, it writes sorted runs to a temporary file and merges
// them at the period's end, reading each run through a small buffer -- so
// memory stays about max_held_events x 96 bytes (the events and the sort's
// scratch) + 200 kB per run, plus the events waiting for a later period (a
// few percent of a period's: those of its last week or so).
class TimeOrdered final : public EventSink {
 public:
  static constexpr std::size_t kDefaultHeldEvents = std::size_t{1} << 19;  // 50 MB
  TimeOrdered(EventSink& next, const TimeModel& time,
              std::size_t max_held_events = kDefaultHeldEvents);
  ~TimeOrdered() override;
  TimeOrdered(const TimeOrdered&) = delete;
  TimeOrdered& operator=(const TimeOrdered&) = delete;
  void write(int strategy, int replication, std::span<const Event> events) override;
  void end_period() override;
  std::size_t runs_spilled() const { return spilled_runs_total_; }

 private:
  struct Run {
    long offset;  // in events
    std::size_t count;
  };
  void hold(std::span<const Event> events);
  double period_end_day() const;
  void spill();
  void merge_spilled();
  EventSink& next_;
  TimeModel time_;
  std::size_t max_held_;
  int period_ = 0;            // the period being written, in the run
  std::vector<Event> later_;  // events after the period's end
  int strategy_ = 0, replication_ = 0;
  std::vector<Event> held_;
  std::vector<Event> scratch_;  // the sort's other half
  std::FILE* spill_ = nullptr;
  std::vector<Run> runs_;
  std::size_t spilled_runs_total_ = 0;
};

}  // namespace omnisim
