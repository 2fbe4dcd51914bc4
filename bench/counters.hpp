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

}  // namespace omnisim::bench
