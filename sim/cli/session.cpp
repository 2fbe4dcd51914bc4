#include "sim/cli/session.hpp"

#include <cstdio>
#include <iostream>

#include <tbb/info.h>

#include "analysis/report/report_page.hpp"
#include "sim/cli/report_inputs.hpp"
#include "sim/experiment/experiment.hpp"
#include "sim/io/atomic_file.hpp"

namespace omnisim::cli {

CommandSession::CommandSession(const ExecutionOptions& execution, const Model& model,
                               const std::string& command, bool customers_table)
    : execution_(execution), progress_(!execution.quiet) {
  // TBB caps its workers at the core count; a request for more (to check
  // thread-count invariance on a small machine) is honoured, oversubscribed.
  if (execution.threads > tbb::info::default_concurrency()) {
    thread_allowance_.emplace(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(execution.threads));
  }
  if (execution.no_out) return;
  interrupt_guard_.emplace(AtomicFile::temporary_path_for(execution.out));
  for (const auto& stale : remove_stale_temporaries(execution.out))
    announce(execution, "removed " + stale.string() + ", left by an interrupted run");
  file_.emplace(execution.out, execution.force, model,
                OutputMetadata{command, execution.effective_threads()}, customers_table);
}

void announce(const ExecutionOptions& execution, const std::string& text) {
  if (!execution.quiet) std::cerr << text << '\n';
}

std::function<void(double, const std::string&)> CommandSession::progress() {
  return
      [this](double fraction, const std::string& current) { progress_.update(fraction, current); };
}

void CommandSession::finish(const std::function<void(ResultsFile&)>& write) {
  progress_.finish();
  if (!file_) return;
  write(*file_);
  file_->commit();
  if (!execution_.report.empty())
    write_report_page(report_document(execution_.out), execution_.report, execution_.force);
}

void announce_outputs(const ExecutionOptions& execution) {
  if (execution.no_out) return;
  announce(execution, "results written to " + execution.out);
  if (!execution.report.empty()) announce(execution, "report written to " + execution.report);
}

ExperimentResults execute(const Experiment& experiment) {
  const Model& model = experiment.model;
  const SimulationModel& simulation = model.simulation;
  // On several ranks, rank 0 alone writes the file and the report.
  ExecutionOptions execution = experiment.execution;
  if (!execution.writes()) {
    execution.no_out = true;
    execution.report.clear();
  }
  const int ranks = execution.world != nullptr ? execution.world->size() : 1;
  const auto n = experiment.strategies.size();
  const int threads = execution.effective_threads();
  announce(execution, "omnisim " + experiment.command + ": " + experiment.source_name + ", " +
                          std::to_string(simulation.customers) + " customers x " +
                          std::to_string(n) + " strateg" + (n == 1 ? "y" : "ies") + " x " +
                          std::to_string(simulation.replications) + " replication" +
                          (simulation.replications == 1 ? "" : "s") + ", seed " +
                          std::to_string(simulation.seed) + ", " + std::to_string(threads) +
                          " thread" + (threads == 1 ? "" : "s") +
                          (ranks > 1 ? " on each of " + std::to_string(ranks) + " ranks" : ""));
  CommandSession session(execution, model, experiment.command, execution.customers_table);
  ExperimentRequest request;
  request.strategies = experiment.strategies;
  request.threads = execution.threads;
  request.trace_customer = execution.trace_customer;
  request.trace_out = execution.trace_customer ? &std::cout : nullptr;
  request.customer_rows = execution.customers_table ? session.file() : nullptr;
  request.events = experiment.events;
  request.progress = session.progress();
  request.world = execution.world;
  ExchangeStats exchange;
  request.exchange = &exchange;
  ExperimentResults results = run_experiment(model, request);
  if (ranks > 1 && exchange.exchanges > 0) {
    char sent[128];
    std::snprintf(sent, sizeof sent, "rank 0 sent the others %.1f MB, %.1f kB per exchange (%d)",
                  static_cast<double>(exchange.bytes_sent) / 1e6,
                  static_cast<double>(exchange.bytes_sent) / 1e3 / exchange.exchanges,
                  exchange.exchanges);
    announce(execution, sent);
  }
  if (experiment.more_runs) experiment.more_runs(session.progress());
  session.finish([&](ResultsFile& file) {
    file.write_results(results);
    if (experiment.extend_file) experiment.extend_file(file, results);
  });
  return results;
}

}  // namespace omnisim::cli
