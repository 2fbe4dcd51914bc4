#pragma once
// The event log of an experiment (omnisim events, omnisim.events in
// Python): every run's events into one sink, replication by replication,
// strategy by strategy, over the horizon only (nothing after it is logged),
// each event at the time EventClock gives it (sim/engine/event_clock.hpp).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/core/communicator.hpp"
#include "sim/engine/event.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

// `progress` (optional) hears the fraction of the whole done and the
// strategy being run, between periods on the calling thread; it may throw
// to stop. `world`: the ranks the runs are split between (null: this
// process alone).
void run_event_log(
    const Model& model, const std::vector<int>& strategies, int threads, EventSink& sink,
    const std::function<void(double fraction_done, const std::string& strategy)>& progress = {},
    Communicator* world = nullptr);

// The endless stream of a paced `omnisim events`: runs k = first_run,
// first_run + 1, ... -- strategy strategies[k % S], replication k / S, each a
// new population -- into `sink`, calling starting_run(k) before each. It
// ends only when the sink (or starting_run) throws.
void run_event_stream(const Model& model, const std::vector<int>& strategies, int threads,
                      EventSink& sink, std::uint64_t first_run,
                      const std::function<void(std::uint64_t run)>& starting_run);

}  // namespace omnisim
