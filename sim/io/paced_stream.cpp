#include "sim/io/paced_stream.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <iomanip>
#include <limits>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

namespace omnisim {
namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

Clock::duration after(double seconds) {
  return std::chrono::duration_cast<Clock::duration>(Seconds(seconds));
}

// How often a waiting thread looks at the stop flag.
constexpr double kPollS = 0.02;

struct Chunk {
  int strategy = 0, replication = 0;
  std::vector<Event> events;
};

// A bounded queue of chunks of at most kChunkEvents events: the producer
// waits while it is full, so at most kCapacity x kChunkEvents events (24 MB)
// wait, whatever the number of customers.
class ChunkQueue final : public EventSink {
 public:
  void write(int strategy, int replication, std::span<const Event> events) override {
    for (std::size_t first = 0; first < events.size(); first += kChunkEvents) {
      const auto slice = events.subspan(first, std::min(kChunkEvents, events.size() - first));
      std::unique_lock lock(mutex_);
      not_full_.wait(lock, [&] { return stopped_ || chunks_.size() < kCapacity; });
      if (stopped_) throw StopProducing{};
      chunks_.push_back({strategy, replication, {slice.begin(), slice.end()}});
      not_empty_.notify_one();
    }
  }
  enum class Pop { kChunk, kWaiting, kFinished };
  Pop pop_for(Chunk& chunk, double seconds) {
    std::unique_lock lock(mutex_);
    if (!not_empty_.wait_for(lock, Seconds(seconds),
                             [&] { return finished_ || !chunks_.empty(); })) {
      return Pop::kWaiting;
    }
    if (chunks_.empty()) return Pop::kFinished;
    chunk = std::move(chunks_.front());
    chunks_.pop_front();
    not_full_.notify_one();
    return Pop::kChunk;
  }
  void finish() {
    std::lock_guard lock(mutex_);
    finished_ = true;
    not_empty_.notify_all();
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    chunks_.clear();
    not_full_.notify_all();
  }

 private:
  static constexpr std::size_t kCapacity = 8;
  static constexpr std::size_t kChunkEvents = 65536;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Chunk> chunks_;
  bool finished_ = false, stopped_ = false;
};

struct Batch {
  std::uint64_t index = 0;
  int strategy = 0, replication = 0;
  std::vector<Event> events;
  double due_s = 0.0;  // after the start
};

// One connection's batches: at most kCapacity wait, so the dispatcher
// feels a slow sink at once.
class BatchQueue {
 public:
  // False when the queue was closed or the wait timed out.
  bool push_for(Batch& batch, double seconds) {
    std::unique_lock lock(mutex_);
    if (!not_full_.wait_for(lock, Seconds(seconds),
                            [&] { return closed_ || batches_.size() < kCapacity; })) {
      return false;
    }
    if (closed_) return false;
    batches_.push_back(std::move(batch));
    not_empty_.notify_one();
    return true;
  }
  // False when closed and empty.
  bool pop(Batch& batch) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_ || !batches_.empty(); });
    if (batches_.empty()) return false;
    batch = std::move(batches_.front());
    batches_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  static constexpr std::size_t kCapacity = 2;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Batch> batches_;
  bool closed_ = false;
};

// What the senders report, under one lock.
struct Tally {
  std::mutex mutex;
  StreamSummary summary;
  std::uint64_t interval_events = 0;
  LatencyHistogram interval_latency;
  // Batches done out of order, waiting for the ones before them: their
  // last event (none for a failed batch).
  std::map<std::uint64_t, std::optional<StreamEventRef>> done;
  std::uint64_t next_in_order = 0;
  bool gap = false;  // a batch failed: the resume point stays before it
  double last_ack_s = 0.0;
  std::string failure;  // the error that stopped the stream
  std::atomic<bool> failed{false};
};

std::string number(double value, int decimals) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(decimals) << value;
  return text.str();
}

std::string latency_text(const LatencyHistogram& latency) {
  if (latency.count() == 0) return "no batch";
  return "latency ms p50 " + number(latency.percentile_ms(50), 3) + " p90 " +
         number(latency.percentile_ms(90), 3) + " p99 " + number(latency.percentile_ms(99), 3) +
         " p99.9 " + number(latency.percentile_ms(99.9), 3) + " max " +
         number(latency.max_ms(), 3) + " (" + std::to_string(latency.count()) + " batches)";
}

// Sleeps until `until`, waking to look at the flags; false if one is set.
bool sleep_until(Clock::time_point until, const std::atomic<bool>* stop,
                 const std::atomic<bool>& failed) {
  for (;;) {
    if (failed.load() || (stop != nullptr && stop->load())) return false;
    const Clock::time_point now = Clock::now();
    if (now >= until) return true;
    std::this_thread::sleep_until(std::min(until, now + after(kPollS)));
  }
}

class Stream {
 public:
  Stream(const PaceOptions& options, std::ostream& report, std::ostream* latency_log,
         StreamSummary* partial)
      : options_(options), report_(report), latency_log_(latency_log), partial_(partial) {}

  StreamSummary run(const std::function<void(EventSink&)>& produce, const SinkFactory& open) {
    // Every connection first: one that cannot connect fails before anything runs.
    for (int c = 0; c < options_.connections; ++c)
      sinks_.push_back(open());
    answers_ = sinks_.front()->answers();
    confirms_at_close_ = sinks_.front()->confirms_at_close();
    tally_.summary.answers = answers_;
    if (options_.max_p99_ms > 0 && !answers_) {
      throw InputError(
          "--max-p99-ms: this sink acknowledges no batch (TCP confirms only at the "
          "end): there is no latency to hold");
    }
    std::exception_ptr producer_error;
    std::thread producer([&] {
      try {
        produce(chunks_);
      } catch (const StopProducing&) {
      } catch (...) {
        producer_error = std::current_exception();
      }
      chunks_.finish();
    });
    try {
      dispatch();
    } catch (...) {
      finish_threads(producer);
      throw;
    }
    finish_threads(producer);
    StreamSummary& summary = tally_.summary;
    // To the last acknowledgement: not the wait for the producer to stop.
    summary.elapsed_s = started_ ? tally_.last_ack_s : 0.0;
    if (tally_.failed) {
      if (partial_ != nullptr) *partial_ = summary;
      throw IoError(tally_.failure + (confirms_at_close_ ? " (sent " : " (delivered ") +
                    std::to_string(summary.delivered) + " events in " +
                    std::to_string(summary.batches) + " batches before it" +
                    (confirms_at_close_ ? ", none confirmed)" : ")"));
    }
    if (producer_error) std::rethrow_exception(producer_error);
    for (auto& sink : sinks_) {
      try {
        sink->close();
      } catch (const Error& error) {
        // Sent, but not confirmed: none of it counts as delivered.
        if (partial_ != nullptr) *partial_ = summary;
        throw IoError(std::string(error.what()) + " (sent " + std::to_string(summary.delivered) +
                      " events in " + std::to_string(summary.batches) +
                      " batches, none confirmed)");
      }
    }
    if (confirms_at_close_ && started_) summary.elapsed_s = seconds_since_start();
    summary.measured_s = std::max(0.0, summary.elapsed_s - options_.warmup_s);
    if (options_.max_p99_ms > 0) {
      summary.p99_held =
          summary.latency.count() > 0 && summary.latency.percentile_ms(99) <= options_.max_p99_ms;
    }
    if (options_.min_rate_per_s > 0)
      summary.rate_held = summary.rate_per_s() >= options_.min_rate_per_s;
    print("total", summary.elapsed_s, summary.delivered, summary.rate_per_s(), summary.latency);
    return summary;
  }

 private:
  double seconds_since_start() const { return Seconds(Clock::now() - start_).count(); }
  bool stop_asked() const { return options_.stop != nullptr && options_.stop->load(); }

  void start_clock() {
    start_ = Clock::now();
    started_ = true;
    next_report_s_ = options_.report_every_s;
    last_report_s_ = 0.0;
    for (std::size_t c = 0; c < sinks_.size(); ++c) {
      senders_.emplace_back([this, c] { send_batches(static_cast<int>(c)); });
    }
  }

  // The caller's loop: batches out of the chunks, each to its connection at
  // its due time.
  void dispatch() {
    const std::uint64_t by_duration =
        options_.rate_per_s > 0 && options_.duration_s > 0
            ? std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(
                                             options_.rate_per_s * options_.duration_s)))
            : 0;
    std::uint64_t limit = options_.max_events;
    if (by_duration > 0) limit = limit == 0 ? by_duration : std::min(limit, by_duration);
    std::uint64_t dispatched = 0, index = 0;
    double first_day = 0.0;
    Chunk chunk;
    for (;;) {
      const ChunkQueue::Pop popped = chunks_.pop_for(chunk, kPollS);
      if (popped == ChunkQueue::Pop::kFinished) return;
      if (popped == ChunkQueue::Pop::kWaiting || chunk.events.empty()) {
        if (!housekeeping()) return;
        continue;
      }
      if (!started_) {
        start_clock();
        first_day = chunk.events.front().day;
      }
      for (std::size_t first = 0; first < chunk.events.size();) {
        std::size_t count = std::min(options_.batch_events, chunk.events.size() - first);
        if (limit > 0)
          count = static_cast<std::size_t>(std::min<std::uint64_t>(count, limit - dispatched));
        Batch batch{index,
                    chunk.strategy,
                    chunk.replication,
                    {chunk.events.begin() + static_cast<std::ptrdiff_t>(first),
                     chunk.events.begin() + static_cast<std::ptrdiff_t>(first + count)},
                    seconds_since_start()};
        if (options_.rate_per_s > 0) {
          batch.due_s = intended_send_s(dispatched + count, options_.rate_per_s);
        } else if (options_.speed > 0) {
          batch.due_s = (batch.events.back().day - first_day) * 86400.0 / options_.speed;
        }
        if (options_.duration_s > 0 && options_.rate_per_s <= 0 &&
            batch.due_s > options_.duration_s) {
          return;
        }
        // Waits for the connection (a slow sink holds the stream back: lag).
        BatchQueue& queue = queues_[index % queues_.size()];
        for (;;) {
          if (queue.push_for(batch, kPollS)) break;
          if (!housekeeping()) return;
        }
        dispatched += count;
        first += count;
        ++index;
        if (limit > 0 && dispatched >= limit) return;
        if (!housekeeping()) return;
      }
    }
  }

  // Reports when due; false when the stream must end (a stop or a failure).
  bool housekeeping() {
    if (stop_asked()) {
      std::lock_guard lock(tally_.mutex);
      tally_.summary.stopped = true;
      return false;
    }
    if (tally_.failed) return false;
    if (started_ && options_.report_every_s > 0 && seconds_since_start() >= next_report_s_) {
      const double now_s = seconds_since_start();
      std::lock_guard lock(tally_.mutex);
      const double span_s = now_s - last_report_s_;
      print("interval", now_s, tally_.interval_events,
            span_s > 0 ? static_cast<double>(tally_.interval_events) / span_s : 0.0,
            tally_.interval_latency);
      tally_.interval_events = 0;
      tally_.interval_latency.clear();
      last_report_s_ = now_s;
      next_report_s_ += options_.report_every_s;
      if (next_report_s_ <= now_s) next_report_s_ = now_s + options_.report_every_s;  // behind
    }
    return true;
  }

  void send_batches(int connection) {
    BatchSink& sink = *sinks_[static_cast<std::size_t>(connection)];
    Batch batch;
    while (queues_[static_cast<std::size_t>(connection)].pop(batch)) {
      if (tally_.failed) continue;  // drain: the stream is over
      // Stopped: what is queued is not sent (the resume point is before it).
      if (!sleep_until(start_ + after(batch.due_s), options_.stop, tally_.failed)) continue;
      const double sent_s = seconds_since_start();
      int attempts = 0;
      std::string error;
      std::uint64_t errors = 0, retries = 0;
      for (;;) {
        ++attempts;
        try {
          sink.send(batch.strategy, batch.replication, batch.events);
          error.clear();
          break;
        } catch (const TransientSinkError& transient) {
          ++errors;
          error = transient.what();
          if (attempts > options_.max_retries) break;
          ++retries;
          const double backoff_s =
              std::min(5.0, options_.retry_backoff_s * std::ldexp(1.0, attempts - 1));
          if (!sleep_until(Clock::now() + after(backoff_s), nullptr, tally_.failed)) break;
        } catch (const std::exception& failure) {
          ++errors;
          error = failure.what();
          break;
        }
      }
      const double acknowledged_s = seconds_since_start();
      record(connection, batch, sent_s, acknowledged_s, attempts, error, errors, retries);
    }
  }

  void record(int connection, const Batch& batch, double sent_s, double acknowledged_s,
              int attempts, const std::string& error, std::uint64_t errors, std::uint64_t retries) {
    std::lock_guard lock(tally_.mutex);
    StreamSummary& summary = tally_.summary;
    summary.errors += errors;
    summary.retries += retries;
    summary.max_lag_s = std::max(summary.max_lag_s, sent_s - batch.due_s);
    const auto count = static_cast<std::uint64_t>(batch.events.size());
    std::optional<StreamEventRef> last;
    if (error.empty()) {
      summary.delivered += count;
      summary.batches += 1;
      const Event& event = batch.events.back();
      last = StreamEventRef{batch.strategy, batch.replication, event.customer_id, event.sequence};
      const double latency_ms = (acknowledged_s - batch.due_s) * 1000.0;
      if (batch.due_s >= options_.warmup_s) {
        summary.latency.record(latency_ms);
        summary.measured_events += count;
      }
      tally_.interval_latency.record(latency_ms);
      tally_.interval_events += count;
    } else {
      summary.failed_batches += 1;
      summary.failed_events += count;
      if (summary.failed_batches > options_.max_errors) {
        tally_.failure = error;
        tally_.failed = true;
      }
    }
    tally_.last_ack_s = std::max(tally_.last_ack_s, acknowledged_s);
    if (!tally_.gap) tally_.done[batch.index] = last;
    // The resume point stops before the first batch that failed: a resume
    // sends it again (and what followed it, a second time).
    for (auto next = tally_.done.begin();
         !tally_.gap && next != tally_.done.end() && next->first == tally_.next_in_order;
         next = tally_.done.erase(next)) {
      if (!next->second) {
        tally_.gap = true;
        break;
      }
      summary.last_delivered = next->second;
      ++tally_.next_in_order;
    }
    if (latency_log_ != nullptr) {
      *latency_log_ << batch.index << ',' << connection << ',' << count << ','
                    << number(batch.due_s, 6) << ',' << number(sent_s, 6) << ','
                    << number(acknowledged_s, 6) << ',' << attempts << ','
                    << (error.empty() ? "ok" : "failed") << '\n';
    }
  }

  void finish_threads(std::thread& producer) {
    for (auto& queue : queues_)
      queue.close();
    for (auto& sender : senders_)
      sender.join();
    senders_.clear();
    chunks_.stop();
    producer.join();
  }

  void print(const char* what, double elapsed_s, std::uint64_t delivered, double rate_per_s,
             const LatencyHistogram& latency) {
    const StreamSummary& summary = tally_.summary;
    report_ << what << " t=" << number(elapsed_s, 1) << " s: " << delivered << " events, "
            << number(rate_per_s, 0) << " events/s";
    if (options_.rate_per_s > 0) report_ << " (target " << number(options_.rate_per_s, 0) << ")";
    report_ << ", max lag " << number(summary.max_lag_s, 3) << " s, errors " << summary.errors
            << " (retries " << summary.retries << ", batches failed " << summary.failed_batches
            << ")";
    if (answers_) report_ << "; " << latency_text(latency);
    report_ << '\n';
  }

  const PaceOptions& options_;
  std::ostream& report_;
  std::ostream* latency_log_;
  StreamSummary* partial_;
  ChunkQueue chunks_;
  std::vector<std::unique_ptr<BatchSink>> sinks_;
  std::vector<BatchQueue> queues_ =
      std::vector<BatchQueue>(static_cast<std::size_t>(std::max(1, options_.connections)));
  std::vector<std::thread> senders_;
  Tally tally_;
  Clock::time_point start_;
  bool started_ = false, answers_ = false, confirms_at_close_ = false;
  double next_report_s_ = 0.0, last_report_s_ = 0.0;
};

}  // namespace

void check_sink_timeout(double timeout_s) {
  if (!(timeout_s >= kMinSinkTimeoutS && timeout_s <= kMaxSinkTimeoutS)) {
    throw InputError("--timeout: expected " + std::to_string(kMinSinkTimeoutS) + " to " +
                     std::to_string(kMaxSinkTimeoutS) + " s, got " + std::to_string(timeout_s));
  }
}

double intended_send_s(std::uint64_t events_through_batch, double rate_per_s) {
  return static_cast<double>(events_through_batch) / rate_per_s;
}

double percentile(std::vector<double> values, double percent) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto n = values.size();
  const auto rank = static_cast<std::size_t>(std::ceil(percent / 100.0 * static_cast<double>(n)));
  const std::size_t index = std::min(n - 1, rank == 0 ? 0 : rank - 1);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index),
                   values.end());
  return values[index];
}

StreamSummary stream_paced(const std::function<void(EventSink&)>& produce, const SinkFactory& open,
                           const PaceOptions& options, std::ostream& report,
                           std::ostream* latency_log, StreamSummary* partial) {
  if (latency_log != nullptr) *latency_log << kLatencyLogHeader;
  Stream stream(options, report, latency_log, partial);
  return stream.run(produce, open);
}

}  // namespace omnisim
