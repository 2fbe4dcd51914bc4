// The event log's throughput (omnisim events): one full run of the built-in
// scenario (50,000 customers, omnichannel) whose every event is recorded and
// written -- generation included -- as CSV or HDF5 to a file, in time order,
// against the same run recording into a sink that drops them. Counters:
// logged events per second of wall time, in total and per thread, and bytes
// written per event.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/counters.hpp"
#include "sim/engine/event_clock.hpp"
#include "sim/engine/run.hpp"
#include "sim/io/event_hdf5_file.hpp"
#include "sim/io/event_text_writer.hpp"
#include "sim/io/time_ordered.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/load.hpp"

namespace {

const omnisim::Model& bench_model() {
  static const omnisim::Model model = omnisim::build_model(omnisim::load_scenario_file(
      "", std::vector<std::string>{"simulation.customers=50000", "simulation.replications=1"}));
  return model;
}

class Dropping final : public omnisim::EventSink {
 public:
  void write(int, int, std::span<const omnisim::Event> events) override {
    count += events.size();
    benchmark::DoNotOptimize(events.data());
  }
  std::uint64_t count = 0;
};

// Counts and forwards.
class Counted final : public omnisim::EventSink {
 public:
  explicit Counted(omnisim::EventSink& next) : next_(next) {}
  void write(int strategy, int replication, std::span<const omnisim::Event> events) override {
    next_.write(strategy, replication, events);
    count += events.size();
  }
  void end_period() override { next_.end_period(); }
  std::uint64_t count = 0;

 private:
  omnisim::EventSink& next_;
};

enum class Output { kNone, kCsv, kHdf5 };

void run_events(benchmark::State& state, Output output) {
  const omnisim::Model& model = bench_model();
  const int threads = static_cast<int>(state.range(0));
  const auto path =
      std::filesystem::temp_directory_path() /
      (output == Output::kHdf5 ? "omnisim-bench-events.h5" : "omnisim-bench-events.csv");
  std::uint64_t events = 0;
  std::uintmax_t bytes = 0;
  for (auto _ : state) {
    std::filesystem::remove(path);
    omnisim::RunRequest request;
    request.strategy = model.strategy_index("omnichannel");
    request.threads = threads;
    request.lifetime = false;  // the writers' cost, over the horizon's log
    if (output == Output::kNone) {
      Dropping sink;
      request.events = &sink;
      omnisim::run_simulation(model, request);
      events += sink.count;
    } else if (output == Output::kCsv) {
      std::ofstream file(path, std::ios::binary);
      omnisim::EventTextWriter writer(file, model, omnisim::EventTextFormat::kCsv);
      omnisim::TimeOrdered ordered(writer, model.time);
      omnisim::EventClock clock(model, ordered);
      Counted counted(clock);
      request.events = &counted;
      omnisim::run_simulation(model, request);
      writer.flush();
      file.close();
      events += counted.count;
    } else {
      omnisim::EventHdf5File file(path, true, model, omnisim::OutputMetadata{"bench", threads},
                                  static_cast<int>(state.range(1)));
      omnisim::TimeOrdered ordered(file, model.time);
      omnisim::EventClock clock(model, ordered);
      Counted counted(clock);
      request.events = &counted;
      omnisim::run_simulation(model, request);
      file.commit();
      events += counted.count;
    }
    if (output != Output::kNone) bytes += std::filesystem::file_size(path);
  }
  std::filesystem::remove(path);
  omnisim::bench::set_event_counters(state, static_cast<double>(events), threads);
  if (output != Output::kNone) {
    state.counters["bytes_per_event"] =
        benchmark::Counter(static_cast<double>(bytes) / static_cast<double>(events));
  }
}

void BM_EventsRecordedNotWritten(benchmark::State& state) {
  run_events(state, Output::kNone);
}
void BM_EventsCsvToFile(benchmark::State& state) {
  run_events(state, Output::kCsv);
}
void BM_EventsHdf5ToFile(benchmark::State& state) {
  run_events(state, Output::kHdf5);
}

BENCHMARK(BM_EventsRecordedNotWritten)->Apply(omnisim::bench::at_one_and_two_threads);
BENCHMARK(BM_EventsCsvToFile)->Apply(omnisim::bench::at_one_and_two_threads);
// Second argument: the deflate level (0: none; 4: the default of omnisim events).
BENCHMARK(BM_EventsHdf5ToFile)
    ->ArgNames({"threads", "deflate"})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({1, 4})
    ->Args({2, 4})
    ->Unit(benchmark::kMillisecond)
    ->MinTime(1.0)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace
