#pragma once
// The stages between the time-ordered log and a paced stream (omnisim
// events --rate/--speed/--sink): one run after another in continuous time,
// an opening day, a resume point, and labelled faults. Each is an EventSink
// that passes events on to the next.

#include <atomic>
#include <cstdint>
#include <optional>
#include <ostream>
#include <queue>
#include <span>
#include <string>
#include <vector>

#include "sim/engine/event.hpp"
#include "sim/io/paced_stream.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

// Run k of the stream starts k run lengths after run 0 -- the horizon
// rounded up to whole weeks, so every run keeps the calendar's weekdays and
// hours. Each run is in time order; its last events, those after its
// horizon (a delivery, a return), close it, so they come before the next
// run's first events although they happen a little after them: merging the
// two runs would cut the stream into batches of a few events.
class ContinuousTime final : public EventSink {
 public:
  ContinuousTime(EventSink& next, double horizon_days)
      : next_(next), run_days_(run_days(horizon_days)) {}
  static double run_days(double horizon_days);
  void start_run(std::uint64_t run) { offset_days_ = static_cast<double>(run) * run_days_; }
  void write(int strategy, int replication, std::span<const Event> events) override;
  void end_period() override { next_.end_period(); }

 private:
  EventSink& next_;
  double run_days_, offset_days_ = 0.0;
  std::vector<Event> shifted_;
};

// Throws StopProducing once `stop` is set: a producer that passes nothing
// on for a while (a resume skipping to its event) still stops at once.
class StopWhen final : public EventSink {
 public:
  StopWhen(EventSink& next, const std::atomic<bool>* stop) : next_(next), stop_(stop) {}
  void write(int strategy, int replication, std::span<const Event> events) override {
    if (stop_ != nullptr && stop_->load()) throw StopProducing{};
    next_.write(strategy, replication, events);
  }
  void end_period() override { next_.end_period(); }

 private:
  EventSink& next_;
  const std::atomic<bool>* stop_;
};

// Passes the events from `start_day` on (the stream's day).
class StartAt final : public EventSink {
 public:
  StartAt(EventSink& next, double start_day) : next_(next), start_day_(start_day) {}
  void write(int strategy, int replication, std::span<const Event> events) override;
  void end_period() override { next_.end_period(); }

 private:
  EventSink& next_;
  double start_day_;
};

// "replication-customer-sequence" (the event_id column), optionally after
// "STRATEGY:" -- the form a stopped stream prints; InputError otherwise.
struct ResumePoint {
  std::optional<std::string> strategy;
  int replication = 0;
  std::uint64_t customer_id = 0;
  std::uint32_t sequence = 0;
};
ResumePoint parse_resume_point(const std::string& text);
std::string resume_point_text(const StreamEventRef& event, const std::string& strategy_name,
                              bool with_strategy);

// Passes nothing up to and including one event -- of the run of `strategy`
// and `replication` -- then everything.
class ResumeAfter final : public EventSink {
 public:
  ResumeAfter(EventSink& next, int strategy, int replication, std::uint64_t customer_id,
              std::uint32_t sequence)
      : next_(next),
        strategy_(strategy),
        replication_(replication),
        customer_id_(customer_id),
        sequence_(sequence) {}
  void write(int strategy, int replication, std::span<const Event> events) override;
  void end_period() override { next_.end_period(); }
  bool found() const { return found_; }

 private:
  EventSink& next_;
  int strategy_, replication_;
  std::uint64_t customer_id_;
  std::uint32_t sequence_;
  bool found_ = false;
};

// What --inject asks for: the share of events sent twice, sent late, and
// swapped with the next one.
struct FaultRates {
  double duplicate = 0.0, late = 0.0, reorder = 0.0;
  double late_median_minutes = 30.0;  // how late, in the stream's event time
  bool any() const { return duplicate > 0 || late > 0 || reorder > 0; }
};
// "duplicates=0.01,late=0.005,reorder=0.01" (any subset); InputError otherwise.
FaultRates parse_fault_rates(const std::string& text);

// Adds the faults, deterministically (each event's draws are keyed by its
// id), and writes one row of ground truth per fault to `truth`:
// position,event_id,fault,detail -- the 1-based place in the stream of the
// faulty copy or event; detail: the original's position (duplicate), how
// late in event-time seconds (late; "run end" when released as its run
// ends), or the position it was due at (reorder). A consumer de-duplicating by event_id drops
// exactly the duplicate rows; the late and reordered ones are those whose timestamp is earlier than
// an event before them.
class FaultInjector final : public EventSink {
 public:
  FaultInjector(EventSink& next, const Model& model, FaultRates rates, std::ostream& truth);
  void write(int strategy, int replication, std::span<const Event> events) override;
  void end_period() override { next_.end_period(); }
  // The truth file's header.
  static constexpr const char* kHeader = "position,event_id,fault,detail\n";

 private:
  struct Late {
    double release_day;
    std::uint64_t order;  // ties in the order they were held
    Event event;
    bool operator>(const Late& other) const {
      return release_day != other.release_day ? release_day > other.release_day
                                              : order > other.order;
    }
  };
  struct Copy {
    std::uint64_t at_position, original_position;
    Event event;
  };
  void take(const Event& event);
  // Sends `event` (labelled `fault` with `detail` if given), then the
  // copies due after it; returns its position.
  std::uint64_t emit(const Event& event, const char* fault = nullptr,
                     const std::string& detail = {});
  void emit_copies();
  void release_all();
  void label(std::uint64_t position, const Event& event, const char* fault,
             const std::string& detail);
  const Model& model_;
  EventSink& next_;
  FaultRates rates_;
  std::ostream& truth_;
  int strategy_ = -1, replication_ = -1;
  std::uint64_t position_ = 0, held_ = 0;
  std::vector<Event> out_;
  std::priority_queue<Late, std::vector<Late>, std::greater<>> late_;
  std::vector<Copy> copies_;
  std::optional<Event> swapped_;  // waits for the next event
};

}  // namespace omnisim
