#pragma once
// The event log of an experiment (omnisim events, omnisim.events in
// Python): every run's events into one sink, replication by replication,
// strategy by strategy, over the horizon only (nothing after it is logged).

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

}  // namespace omnisim
