#include "sim/experiment/event_log.hpp"

#include "sim/engine/event_clock.hpp"
#include "sim/engine/run.hpp"

namespace omnisim {

void run_event_log(
    const Model& model, const std::vector<int>& strategies, int threads, EventSink& sink,
    const std::function<void(double fraction_done, const std::string& strategy)>& progress,
    Communicator* world) {
  const auto runs = static_cast<double>(strategies.size()) * model.simulation.replications;
  int done = 0;
  EventClock clock(model, sink);
  for (int replication = 0; replication < model.simulation.replications; ++replication) {
    for (int strategy : strategies) {
      RunRequest request;
      request.strategy = strategy;
      request.replication = replication;
      request.threads = threads;
      request.events = &clock;
      request.world = world;
      request.lifetime = false;  // the log covers the horizon; nothing after it is needed
      if (progress) {
        request.progress = [&](double fraction) {
          progress((done + fraction) / runs, model.strategies[strategy].name);
        };
      }
      run_simulation(model, request);
      ++done;
    }
  }
}

void run_event_stream(const Model& model, const std::vector<int>& strategies, int threads,
                      EventSink& sink, std::uint64_t first_run,
                      const std::function<void(std::uint64_t run)>& starting_run) {
  EventClock clock(model, sink);
  const auto n_strategies = static_cast<std::uint64_t>(strategies.size());
  for (std::uint64_t run = first_run;; ++run) {
    starting_run(run);
    RunRequest request;
    request.strategy = strategies[run % n_strategies];
    request.replication = static_cast<int>(run / n_strategies);
    request.threads = threads;
    request.events = &clock;
    request.lifetime = false;
    run_simulation(model, request);
  }
}

}  // namespace omnisim
