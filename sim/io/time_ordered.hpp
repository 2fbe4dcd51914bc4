#pragma once
// TimeOrdered: an event sink that puts each period's events in time order
// before passing them on (omnisim events --order time).

#include <cstddef>
#include <cstdio>
#include <span>
#include <vector>

#include "sim/engine/event.hpp"

namespace omnisim {

// Each period's events sorted by day, ties in customer order (a stable
// sort of the period), then passed on. It holds at most `max_held_events`
// in memory: beyond, it writes sorted runs to a temporary file and merges
// them at the period's end, reading each run through a small buffer -- so
// memory stays about max_held_events x 96 bytes (the events and the sort's
// scratch) + 200 kB per run, whatever the number of customers.
class TimeOrdered final : public EventSink {
 public:
  static constexpr std::size_t kDefaultHeldEvents = std::size_t{1} << 19;  // 50 MB
  explicit TimeOrdered(EventSink& next, std::size_t max_held_events = kDefaultHeldEvents);
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
  void spill();
  void merge_spilled();
  EventSink& next_;
  std::size_t max_held_;
  int strategy_ = 0, replication_ = 0;
  std::vector<Event> held_;
  std::vector<Event> scratch_;  // the sort's other half
  std::FILE* spill_ = nullptr;
  std::vector<Run> runs_;
  std::size_t spilled_runs_total_ = 0;
};

}  // namespace omnisim
