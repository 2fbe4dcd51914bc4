#pragma once
// Paced streaming of the event log (omnisim events --rate/--speed --sink):
// the simulation runs on a producer thread into a bounded queue (it waits
// when the sink is slower than the pace: nothing is ever dropped); the
// calling thread cuts the events into batches and hands each, with the time
// it is due, to one of `connections` sender threads, which send it then.
// Each batch's latency runs from its *intended* send time to its
// acknowledgement, so a slow sink that delays later batches shows in their
// latency (coordinated omission corrected, as wrk2 does). The clock starts
// when the first batch is ready: the simulation's start-up is no latency.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/engine/event.hpp"
#include "sim/io/latency_histogram.hpp"

namespace omnisim {

struct PaceOptions {
  double rate_per_s = 0.0;       // events per wall-clock second; 0: not paced by rate
  double speed = 0.0;            // simulated seconds per wall-clock second; 0: not by speed
  double duration_s = 0.0;       // wall time from the first batch; 0: no limit
  std::uint64_t max_events = 0;  // 0: no limit (with a rate and a duration: rate x duration)
  std::size_t batch_events = 1000;
  double report_every_s = 0.0;  // 0: only at the end
  double warmup_s = 0.0;        // batches due in the first warmup_s are left out of the statistics
  int connections = 1;          // sender threads, each with its own sink
  int max_retries = 5;          // per batch, for a TransientSinkError, with doubling backoff
  double retry_backoff_s = 0.05;
  std::uint64_t max_errors = 0;  // batches that may fail for good before the stream gives up
  double max_p99_ms = 0.0;       // thresholds (0: none): the summary says whether they held
  double min_rate_per_s = 0.0;
  const std::atomic<bool>* stop = nullptr;  // set (by a signal): end cleanly, as soon as possible
};

// A network sink's timeout, in seconds: libcurl counts whole milliseconds
// (0 would mean "none"), and a day bounds a wait a user would call hung.
inline constexpr double kMinSinkTimeoutS = 0.001, kMaxSinkTimeoutS = 86400.0;
// InputError naming --timeout unless kMinSinkTimeoutS <= timeout_s <= kMaxSinkTimeoutS.
void check_sink_timeout(double timeout_s);

// A sink failure that may pass (HTTP 429 or 503, a reset connection): the
// stream retries the batch after a backoff.
class TransientSinkError : public IoError {
 public:
  using IoError::IoError;
};

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

// Thrown inside the producer to end it (the stream is over); stream_paced
// catches it.
struct StopProducing {};

// Opens one connection's sink (called once per connection, on the caller).
using SinkFactory = std::function<std::unique_ptr<BatchSink>()>;

// When the batch whose last event is the stream's `events_through_batch`-th
// is due, in seconds after the start, at `rate_per_s`.
double intended_send_s(std::uint64_t events_through_batch, double rate_per_s);

// Nearest-rank percentile (0..100) of `values`; NaN if empty.
double percentile(std::vector<double> values, double percent);

// An event's place in the stream: the run it belongs to and its id.
struct StreamEventRef {
  int strategy = 0, replication = 0;
  std::uint64_t customer_id = 0;
  std::uint32_t sequence = 0;
};

struct StreamSummary {
  std::uint64_t delivered = 0;                          // events the sink accepted (confirmed)
  std::uint64_t batches = 0;                            // delivered batches
  std::uint64_t failed_batches = 0, failed_events = 0;  // given up after their retries
  std::uint64_t errors = 0;                             // failed attempts, retried or not
  std::uint64_t retries = 0;
  double elapsed_s = 0.0;   // from the first batch to the last acknowledgement
  double measured_s = 0.0;  // elapsed_s after the warm-up
  std::uint64_t measured_events = 0;
  double max_lag_s = 0.0;    // how late the worst batch started against its intended time
  LatencyHistogram latency;  // per batch, from the intended send time, after the warm-up
  bool stopped = false;      // by options.stop
  // The last event of the longest run of delivered batches from the start:
  // a resumed stream starts after it.
  std::optional<StreamEventRef> last_delivered;
  bool p99_held = true, rate_held = true;  // the thresholds
  bool answers = true;  // the sink acknowledges batches: the latencies mean something
  double rate_per_s() const {
    return measured_s > 0 ? static_cast<double>(measured_events) / measured_s : 0.0;
  }
};

// One line per batch, for latency plots: batch,connection,events,intended_s,
// sent_s,acknowledged_s,attempts,status (seconds from the start).
inline constexpr const char* kLatencyLogHeader =
    "batch,connection,events,intended_s,sent_s,acknowledged_s,attempts,status\n";

// Runs `produce` (which writes every event, in order, into the sink it is
// given, and may go on for ever) on a producer thread and streams its events
// to `options.connections` sinks from `open`; reports on `report` every
// `report_every_s` and at the end; writes a line per batch to `latency_log`
// if given. A sink failure beyond max_errors stops both threads and is
// rethrown, its message saying how many events were delivered; the sinks'
// close() failing is one too (nothing counts as delivered then); before
// either is thrown, `partial` (if given) gets the statistics so far.
StreamSummary stream_paced(const std::function<void(EventSink&)>& produce, const SinkFactory& open,
                           const PaceOptions& options, std::ostream& report,
                           std::ostream* latency_log = nullptr, StreamSummary* partial = nullptr);

}  // namespace omnisim
