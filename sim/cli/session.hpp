#pragma once
// What a simulating command holds while it runs, and its common steps: a
// banner, the progress line, the results file (written under a temporary
// name, removed on Ctrl-C, committed at the end) and the run itself.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <tbb/global_control.h>

#include "sim/cli/interrupt.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/progress.hpp"
#include "sim/engine/event.hpp"
#include "sim/io/results_file.hpp"
#include "sim/kpi/results.hpp"
#include "sim/model/model.hpp"

namespace omnisim::cli {

// A note on stderr (none with --quiet): what a command is about to do, where
// its results went.
void announce(const ExecutionOptions& execution, const std::string& text);
// The last note of a simulating command, after its tables: where the
// results file and the report went.
void announce_outputs(const ExecutionOptions& execution);

// Construction order matters: the TBB thread allowance (process-wide, so
// the command's business, not the library's), the guard that removes the
// results file's temporary on Ctrl-C (armed before the file exists, released
// after it is gone), the results file itself unless --no-out, and the
// progress line.
class CommandSession {
 public:
  CommandSession(const ExecutionOptions& execution, const Model& model, const std::string& command,
                 bool customers_table);

  // The progress callback the library's long operations take.
  std::function<void(double fraction_done, const std::string& current)> progress();
  ResultsFile* file() { return file_ ? &*file_ : nullptr; }
  // Ends the progress line; with a results file, lets `write` fill it, then
  // commits it and writes the report if asked (announce_outputs says so).
  void finish(const std::function<void(ResultsFile&)>& write);

 private:
  const ExecutionOptions& execution_;
  std::optional<tbb::global_control> thread_allowance_;
  std::optional<RemoveOnInterrupt> interrupt_guard_;
  std::optional<ResultsFile> file_;
  ProgressLine progress_;
};

struct Experiment {
  const Model& model;
  std::vector<int> strategies;
  const ExecutionOptions& execution;
  std::string command;
  std::string source_name;
  // Adds command-specific groups to the results file before it is committed.
  std::function<void(ResultsFile&, const ExperimentResults&)> extend_file{};
  EventSink* events = nullptr;  // the runs' event log, if the command reads it
  // More runs after the experiment's (counterfactual variants, say), with
  // the progress line, before the file is written.
  std::function<void(const std::function<void(double, const std::string&)>& progress)> more_runs{};
};

// Runs the strategies x replications of the experiment in a session and
// returns the results.
ExperimentResults execute(const Experiment& experiment);

}  // namespace omnisim::cli
