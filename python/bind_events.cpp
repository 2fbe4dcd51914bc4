// omnisim.events: the event log as an iterator of record batches. A
// producer thread runs the log (sim/experiment/event_log.hpp) into a queue
// of at most two batches; each next() takes one, without the GIL and
// stoppable by Ctrl-C. Each batch is one NumPy structured array over the
// engine's Event records, handed over without a copy; a batch never mixes
// two runs (strategy, replication).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>

#include "python/bindings.hpp"
#include "python/interruptible.hpp"
#include "python/scenario_handle.hpp"
#include <pybind11/stl.h>

#include "sim/core/error.hpp"
#include "sim/core/names.hpp"
#include "sim/engine/event.hpp"
#include "sim/experiment/event_log.hpp"
#include "sim/model/model.hpp"

namespace py = pybind11;

namespace omnisim::python {
namespace {

struct Batch {
  int strategy = 0, replication = 0;
  std::vector<Event> events;
};

class EventStream final : public EventSink {
 public:
  EventStream(const ScenarioHandle& scenario, std::vector<int> strategies, int threads,
              std::size_t batch_events)
      : model_(build_model(scenario.scenario())),
        strategies_(std::move(strategies)),
        batch_events_(batch_events) {
    producer_ = std::thread([this, threads] {
      std::exception_ptr failure;
      try {
        run_event_log(model_, strategies_, threads, *this,
                      [this](double, const std::string&) { check_stop(stop_); });
        flush();
      } catch (const Interrupted&) {
        // closed early
      } catch (...) {
        failure = std::current_exception();
      }
      const std::lock_guard lock(mutex_);
      finished_ = true;
      failure_ = failure;
      changed_.notify_all();
    });
  }
  ~EventStream() override { close(); }
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  const Model& model() const { return model_; }

  // The next batch, or nothing at the end (rethrows the producer's error).
  std::optional<Batch> next() {
    std::unique_lock lock(mutex_, std::defer_lock);
    wait_interruptibly(
        [&](std::chrono::milliseconds timeout) {
          lock.lock();
          const bool ready =
              changed_.wait_for(lock, timeout, [&] { return !ready_.empty() || finished_; });
          lock.unlock();
          return ready;
        },
        [&] { close(); });
    const std::lock_guard hold(mutex_);
    if (!ready_.empty()) {
      Batch batch = std::move(ready_.front());
      ready_.pop_front();
      changed_.notify_all();
      return batch;
    }
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
    return std::nullopt;
  }

  // Stops the producer and waits for it; the batches not taken are dropped.
  // Any thread, any number of times.
  void close() {
    stop_ = true;
    {
      const std::lock_guard lock(mutex_);
      changed_.notify_all();
    }
    std::call_once(joined_, [this] { producer_.join(); });
    const std::lock_guard lock(mutex_);
    ready_.clear();
  }

 private:
  void write(int strategy, int replication, std::span<const Event> events) override {
    check_stop(stop_);
    if (!current_.events.empty() &&
        (current_.strategy != strategy || current_.replication != replication)) {
      flush();
    }
    current_.strategy = strategy;
    current_.replication = replication;
    current_.events.insert(current_.events.end(), events.begin(), events.end());
    if (current_.events.size() >= batch_events_) flush();
  }

  void flush() {
    if (current_.events.empty()) return;
    constexpr std::size_t kQueued = 2;
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return ready_.size() < kQueued || stop_; });
    check_stop(stop_);
    ready_.push_back(std::move(current_));
    current_ = Batch{};
    changed_.notify_all();
  }

  const Model model_;
  const std::vector<int> strategies_;
  const std::size_t batch_events_;
  Batch current_;  // producer thread only
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> ready_;
  bool finished_ = false;
  std::exception_ptr failure_;
  std::atomic<bool> stop_{false};
  std::once_flag joined_;
  std::thread producer_;  // last: starts once everything above exists
};

// The structured dtype of Event, field by field at its offsets.
py::dtype event_dtype() {
  py::list names, formats, offsets;
  const auto field = [&](const char* name, const char* format, std::size_t offset) {
    names.append(name);
    formats.append(format);
    offsets.append(offset);
  };
  field("customer_id", "<u8", offsetof(Event, customer_id));
  field("day", "<f8", offsetof(Event, day));
  field("amount_eur", "<f8", offsetof(Event, amount_eur));
  field("cost_eur", "<f8", offsetof(Event, cost_eur));
  field("sequence", "<u4", offsetof(Event, sequence));
  field("journey", "<u4", offsetof(Event, journey));
  field("type", "u1", offsetof(Event, type));
  field("stage", "u1", offsetof(Event, stage));
  field("channel", "u1", offsetof(Event, channel));
  field("segment", "u1", offsetof(Event, segment));
  field("detail", "u1", offsetof(Event, detail));
  py::dict spec;
  spec["names"] = names;
  spec["formats"] = formats;
  spec["offsets"] = offsets;
  spec["itemsize"] = sizeof(Event);
  return py::dtype::from_args(spec);
}

py::array batch_array(std::vector<Event>&& events) {
  auto* owned = new std::vector<Event>(std::move(events));
  const py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<Event>*>(p); });
  return py::array(event_dtype(), {static_cast<py::ssize_t>(owned->size())},
                   {static_cast<py::ssize_t>(sizeof(Event))}, owned->data(), owner);
}

}  // namespace

void bind_events(py::module_& m) {
  py::class_<EventStream>(m, "EventStream")
      .def(py::init([](const ScenarioHandle& scenario, const std::vector<std::string>& strategies,
                       int threads, std::size_t batch_events) {
             if (batch_events == 0) throw InputError("batch_events: expected at least 1");
             const Model model = build_model(scenario.scenario());
             std::vector<std::string> known;
             for (const auto& strategy : model.strategies)
               known.push_back(strategy.name);
             std::vector<int> indices;
             for (const std::string& name : strategies) {
               const auto found = std::find(known.begin(), known.end(), name);
               if (found == known.end())
                 throw InputError(unknown_name("strategy", "strategies", name, known));
               indices.push_back(static_cast<int>(found - known.begin()));
             }
             if (indices.empty()) indices.push_back(model.analysis.baseline_strategy);
             return std::make_unique<EventStream>(scenario, std::move(indices), threads,
                                                  batch_events);
           }),
           py::arg("scenario"), py::arg("strategies"), py::arg("threads"), py::arg("batch_events"))
      .def("next",
           [](EventStream& self) -> py::object {
             std::optional<Batch> batch = self.next();
             if (!batch) return py::none();
             return py::make_tuple(batch->strategy, batch->replication,
                                   batch_array(std::move(batch->events)));
           })
      .def("close", &EventStream::close, py::call_guard<py::gil_scoped_release>())
      .def("names", [](const EventStream& self) {
        py::dict names;
        py::list strategies, channels, segments, types, stages;
        for (const auto& strategy : self.model().strategies)
          strategies.append(strategy.name);
        for (const auto& channel : self.model().channels)
          channels.append(channel.name);
        for (const auto& segment : self.model().segments)
          segments.append(segment.name);
        for (int t = 0; t < static_cast<int>(EventType::kCount); ++t)
          types.append(event_type_name(static_cast<EventType>(t)));
        for (int s = 0; s < static_cast<int>(EventStage::kCount); ++s)
          stages.append(event_stage_name(static_cast<EventStage>(s)));
        names["strategy"] = strategies;
        names["channel"] = channels;
        names["segment"] = segments;
        names["type"] = types;
        names["stage"] = stages;
        return names;
      });
}

}  // namespace omnisim::python
