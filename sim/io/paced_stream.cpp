#include "sim/io/paced_stream.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <iomanip>
#include <limits>
#include <mutex>
#include <sstream>
#include <thread>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

using Clock = std::chrono::steady_clock;

struct Chunk {
  int strategy = 0, replication = 0;
  std::uint64_t run = 0;  // the run's index in the log
  std::vector<Event> events;
};

// Thrown into the producer's simulation when the consumer has stopped.
struct StopProducing {};

// A bounded queue of chunks of at most kChunkEvents events: the producer
// waits while it is full, so at most kCapacity x kChunkEvents events (24 MB)
// wait, whatever the number of customers.
class ChunkQueue final : public EventSink {
 public:
  void write(int strategy, int replication, std::span<const Event> events) override {
    if (strategy != last_strategy_ || replication != last_replication_) {
      ++run_;
      last_strategy_ = strategy;
      last_replication_ = replication;
    }
    for (std::size_t first = 0; first < events.size(); first += kChunkEvents) {
      const auto slice = events.subspan(first, std::min(kChunkEvents, events.size() - first));
      std::unique_lock lock(mutex_);
      not_full_.wait(lock, [&] { return stopped_ || chunks_.size() < kCapacity; });
      if (stopped_) throw StopProducing{};
      chunks_.push_back({strategy, replication, run_, {slice.begin(), slice.end()}});
      not_empty_.notify_one();
    }
  }
  // False when the producer has finished and everything was taken.
  bool pop(Chunk& chunk) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return finished_ || !chunks_.empty(); });
    if (chunks_.empty()) return false;
    chunk = std::move(chunks_.front());
    chunks_.pop_front();
    not_full_.notify_one();
    return true;
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
  int last_strategy_ = -1, last_replication_ = -1;
  std::uint64_t run_ = 0;
};

std::string latency_line(const std::vector<double>& ms) {
  if (ms.empty()) return "no batch";
  std::ostringstream line;
  line << std::fixed << std::setprecision(3) << "latency ms p50 " << percentile(ms, 50) << " p90 "
       << percentile(ms, 90) << " p99 " << percentile(ms, 99) << " p99.9 " << percentile(ms, 99.9)
       << " max " << percentile(ms, 100) << " (" << ms.size() << " batches)";
  return line.str();
}

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

StreamSummary stream_paced(const std::function<void(EventSink&)>& produce, BatchSink& sink,
                           const PaceOptions& options, std::ostream& report) {
  ChunkQueue queue;
  std::exception_ptr producer_error;
  std::thread producer([&] {
    try {
      produce(queue);
    } catch (const StopProducing&) {
    } catch (...) {
      producer_error = std::current_exception();
    }
    queue.finish();
  });

  StreamSummary summary;
  std::vector<double> interval_ms;
  const Clock::time_point start = Clock::now();
  Clock::time_point next_report =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(options.report_every_s));
  auto seconds_since_start = [&](Clock::time_point t) {
    return std::chrono::duration<double>(t - start).count();
  };
  auto print = [&](const char* what, double elapsed, std::uint64_t delivered,
                   const std::vector<double>& ms) {
    report << std::fixed << std::setprecision(1) << what << " t=" << elapsed << " s: " << delivered
           << " events, " << std::setprecision(0)
           << (elapsed > 0 ? static_cast<double>(delivered) / elapsed : 0.0) << " events/s";
    if (options.rate_per_s > 0) report << " (target " << options.rate_per_s << ")";
    report << std::setprecision(3) << ", max lag " << summary.max_lag_s << " s, errors 0";
    if (sink.answers()) report << "; " << latency_line(ms);
    report << '\n';
  };

  bool done = false;
  std::string failure;
  Chunk chunk;
  while (!done && queue.pop(chunk)) {
    for (std::size_t first = 0; first < chunk.events.size() && !done;) {
      std::size_t count = std::min(options.batch_events, chunk.events.size() - first);
      if (options.max_events > 0) {
        count = static_cast<std::size_t>(
            std::min<std::uint64_t>(count, options.max_events - summary.delivered));
      }
      const std::span<const Event> batch(chunk.events.data() + first, count);
      // When the batch is due: at the pace asked, or now.
      Clock::time_point due = Clock::now();
      if (options.rate_per_s > 0) {
        due = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                          intended_send_s(summary.delivered + count, options.rate_per_s)));
      } else if (options.speed > 0) {
        const double simulated_s =
            (static_cast<double>(chunk.run - 1) * options.horizon_days + batch.back().day) *
            86400.0;
        due = start + std::chrono::duration_cast<Clock::duration>(
                          std::chrono::duration<double>(simulated_s / options.speed));
      }
      if (options.duration_s > 0 && seconds_since_start(due) > options.duration_s) {
        done = true;
        break;
      }
      std::this_thread::sleep_until(due);
      const Clock::time_point sent = Clock::now();
      summary.max_lag_s =
          std::max(summary.max_lag_s, std::chrono::duration<double>(sent - due).count());
      try {
        sink.send(chunk.strategy, chunk.replication, batch);
      } catch (const Error& error) {
        failure = error.what();
        done = true;
        break;
      }
      const Clock::time_point answered = Clock::now();
      const double latency_ms = std::chrono::duration<double, std::milli>(answered - due).count();
      summary.latencies_ms.push_back(latency_ms);
      interval_ms.push_back(latency_ms);
      summary.delivered += count;
      summary.batches += 1;
      first += count;
      if (options.max_events > 0 && summary.delivered >= options.max_events) done = true;
      if (options.report_every_s > 0 && answered >= next_report) {
        print("interval", seconds_since_start(answered), summary.delivered, interval_ms);
        interval_ms.clear();
        next_report += std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(options.report_every_s));
      }
    }
  }
  queue.stop();
  producer.join();
  if (failure.empty() && !producer_error) {
    try {
      sink.close();
    } catch (const Error& error) {
      // Sent, but not confirmed: none of it counts as delivered.
      throw IoError(std::string(error.what()) + " (sent " + std::to_string(summary.delivered) +
                    " events in " + std::to_string(summary.batches) + " batches, none confirmed)");
    }
  }
  summary.elapsed_s = seconds_since_start(Clock::now());
  if (!failure.empty()) {
    throw IoError(failure + (sink.confirms_at_close() ? " (sent " : " (delivered ") +
                  std::to_string(summary.delivered) + " events in " +
                  std::to_string(summary.batches) + " batches before it" +
                  (sink.confirms_at_close() ? ", none confirmed)" : ")"));
  }
  if (producer_error) std::rethrow_exception(producer_error);
  print("total", summary.elapsed_s, summary.delivered, summary.latencies_ms);
  return summary;
}

}  // namespace omnisim
