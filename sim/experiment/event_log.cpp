#include "sim/experiment/event_log.hpp"

#include "sim/engine/run.hpp"

namespace omnisim {

void run_event_log(
    const Model& model, const std::vector<int>& strategies, int threads, EventSink& sink,
    const std::function<void(double fraction_done, const std::string& strategy)>& progress,
    Communicator* world) {
  const auto runs = static_cast<double>(strategies.size()) * model.simulation.replications;
  int done = 0;
  for (int replication = 0; replication < model.simulation.replications; ++replication) {
    for (int strategy : strategies) {
      RunRequest request;
      request.strategy = strategy;
      request.replication = replication;
      request.threads = threads;
      request.events = &sink;
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

}  // namespace omnisim
