#pragma once
// Paced streaming of the event log (omnisim events --rate/--speed --sink):
// the simulation runs on a producer thread into a bounded queue (it waits
// when the sink is slower than the pace: nothing is ever dropped), and the
// calling thread sends the events in batches at their intended times. For a
// request/response sink, each batch's latency is measured from its
// *intended* send time, so a slow sink that delays later batches shows in
// their latency (coordinated omission corrected, as wrk2 does).

#include <cstdint>
#include <functional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "sim/engine/event.hpp"

namespace omnisim {

struct PaceOptions {
  double rate_per_s = 0.0;       // events per wall-clock second; 0: not paced by rate
  double speed = 0.0;            // simulated seconds per wall-clock second; 0: not by speed
  double horizon_days = 0.0;     // one run's length: runs follow each other in simulated time
  double duration_s = 0.0;       // stop after this long; 0: when the log ends
  std::uint64_t max_events = 0;  // stop after this many; 0: no limit
  std::size_t batch_events = 1000;
  double report_every_s = 0.0;  // 0: only at the end
};

// A network sink's timeout, in seconds: libcurl counts whole milliseconds
// (0 would mean "none"), and a day bounds a wait a user would call hung.
inline constexpr double kMinSinkTimeoutS = 0.001, kMaxSinkTimeoutS = 86400.0;
// InputError naming --timeout unless kMinSinkTimeoutS <= timeout_s <= kMaxSinkTimeoutS.
void check_sink_timeout(double timeout_s);

// Where paced batches go; send() throws IoError when the sink fails.
class BatchSink {
 public:
  virtual ~BatchSink() = default;
  virtual void send(int strategy, int replication, std::span<const Event> batch) = 0;
  // After the last batch: confirms that the sink has everything sent, or
  // throws IoError (a TCP peer that did not read it all).
  virtual void close() {}
  // Whether only close() confirms delivery (TCP); otherwise each send() does.
  virtual bool confirms_at_close() const { return false; }
  // Request/response sinks: latency is measured per batch.
  virtual bool answers() const = 0;
};

// When batch k (0-based) of `batch_events` events is due, in seconds after
// the start, at `rate_per_s`: when its last event is due.
double intended_send_s(std::uint64_t events_through_batch, double rate_per_s);

// Nearest-rank percentile (0..100) of `values`; NaN if empty.
double percentile(std::vector<double> values, double percent);

struct StreamSummary {
  std::uint64_t delivered = 0;  // events the sink accepted
  std::uint64_t batches = 0;
  double elapsed_s = 0.0;
  double max_lag_s = 0.0;            // how late the worst batch started against its intended time
  std::vector<double> latencies_ms;  // per batch, from the intended send time
};

// Runs `produce` (which writes every event, in order, into the sink it is
// given) on a producer thread and streams its events to `sink`; reports on
// `report` every `report_every_s` and at the end. A sink failure stops both
// threads and is rethrown, its message saying how many events were delivered;
// the sink's close() failing is one too (nothing counts as delivered then).
StreamSummary stream_paced(const std::function<void(EventSink&)>& produce, BatchSink& sink,
                           const PaceOptions& options, std::ostream& report);

}  // namespace omnisim
