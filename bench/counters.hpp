#pragma once
// The counters every benchmark here reports, so engine and roofline rows
// compare directly: events per second of wall time, in total and per thread.

#include <benchmark/benchmark.h>

namespace omnisim::bench {

inline void set_event_counters(benchmark::State& state, double events, int threads) {
  state.counters["events_per_s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  state.counters["events_per_s_per_thread"] =
      benchmark::Counter(events / threads, benchmark::Counter::kIsRate);
}

// The settings every benchmark here shares: 1 and 2 threads, wall time (the
// work runs on TBB threads, so the main thread's CPU time means nothing),
// the whole process's CPU time alongside, milliseconds.
inline void at_one_and_two_threads(benchmark::internal::Benchmark* benchmark) {
  benchmark->ArgName("threads")
      ->Arg(1)
      ->Arg(2)
      ->Unit(benchmark::kMillisecond)
      ->MinTime(1.0)
      ->UseRealTime()
      ->MeasureProcessCPUTime();
}

}  // namespace omnisim::bench
