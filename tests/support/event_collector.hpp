#pragma once
// An event sink that keeps every event it is given, in order, and counts
// the periods that ended: what the event-log tests compare.

#include <span>
#include <vector>

#include "sim/engine/event.hpp"

namespace omnisim::testing {

class EventCollector final : public EventSink {
 public:
  void write(int, int, std::span<const Event> events) override {
    all.insert(all.end(), events.begin(), events.end());
  }
  void end_period() override { ++periods; }
  std::vector<Event> all;
  int periods = 0;
};

}  // namespace omnisim::testing
