// `omnisim events`: every customer event of one strategy (or all), as CSV,
// JSON lines or HDF5, to a file or stdout (sim/io/event_text_writer.hpp,
// sim/io/event_hdf5_file.hpp).

#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include <boost/program_options.hpp>

#include "sim/cli/commands.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/memory.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/progress.hpp"
#include "sim/core/error.hpp"
#include "sim/engine/run.hpp"
#include "sim/experiment/event_log.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/io/batch_sinks.hpp"
#include "sim/io/event_exports.hpp"
#include "sim/io/event_hdf5_file.hpp"
#include "sim/io/event_text_writer.hpp"
#include "sim/io/paced_stream.hpp"
#include "sim/io/sink_url.hpp"
#include "sim/io/time_ordered.hpp"
#include "sim/model/model.hpp"

namespace omnisim::cli {
namespace {

constexpr const char* kEventsUsage =
    "Usage: omnisim events [options]\n"
    "Writes every event of the simulated customers -- acquisition, need, touchpoint,\n"
    "context loss, purchase, fulfilment, pickup, add-on, service contact, return,\n"
    "marketing contact, unsubscribe, referral, app adoption, dropout -- with its id,\n"
    "customer, journey, day and timestamp, stage, channel, amount and cost.\n"
    "Runs replication by replication, strategy by strategy; within a run, period by\n"
    "period: --order time sorts each period's events by time (so the run's whole log\n"
    "is in time order), --order customer keeps them customer by customer. Memory:\n"
    "the customers, plus about 120 MB for the log whatever their number (time order\n"
    "spills sorted runs of a period to a temporary file). The same bytes at any\n"
    "thread count.\n"
    "The events reconcile exactly with `omnisim run` (orders, revenue, contacts and\n"
    "costs; the fixed cost accrues over time and is no event). `--schema` lists the\n"
    "columns. `--export transactions` writes instead one CSV row per purchase or add-on\n"
    "(customer_id, date, amount_eur, strategy, replication: what BTYD tools read);\n"
    "`--export paths`, each journey's channel path in ChannelAttribution's format\n"
    "(strategy, path, total_conversions, total_conversion_value, total_null).\n"
    "\n"
    "Paced streaming (time order): --rate N events per second, or --speed X\n"
    "simulated seconds per second, to --out (stdout or a file) or to --sink:\n"
    "tcp://HOST:PORT (one JSON line per event), http://HOST:PORT/PATH (one POST\n"
    "per --batch events, NDJSON or a JSON array) or postgresql://... (a libpq URI:\n"
    "one COPY per batch into --pg-table, created from the schema if missing). For\n"
    "HTTP and PostgreSQL, each batch's latency is measured from its intended send\n"
    "time (coordinated omission corrected, as wrk2\n"
    "does); p50, p90, p99, p99.9, max, the achieved rate and the lag are printed on\n"
    "stderr every --report-every seconds and at the end. A slower sink makes the\n"
    "stream lag (shown), never drop events; a sink error stops with the count of\n"
    "what was delivered.";

enum class Format { kCsv, kJsonLines, kHdf5 };

Format format_named(const std::string& name) {
  if (name == "csv") return Format::kCsv;
  if (name == "jsonl") return Format::kJsonLines;
  if (name == "hdf5") return Format::kHdf5;
  throw InputError("--format: expected csv, jsonl or hdf5, got \"" + name + "\"");
}

// From the output's extension when --format is not given.
Format format_of(const std::string& out) {
  const std::string extension = std::filesystem::path(out).extension().string();
  if (extension == ".jsonl" || extension == ".ndjson") return Format::kJsonLines;
  if (extension == ".h5" || extension == ".hdf5") return Format::kHdf5;
  return Format::kCsv;
}

void print_schema() {
  std::cout << "omnisim events schema " << kEventsSchemaVersion[0] << '.' << kEventsSchemaVersion[1]
            << " (CSV header and JSON keys in this order; HDF5 /events stores the names as "
               "indices into its *_names attributes)\n\n";
  for (const EventColumn& column : event_columns()) {
    std::cout << "  " << std::left << std::setw(12) << column.name << std::setw(9) << column.type
              << column.meaning << '\n';
  }
}

// The event log of a rank other than 0: the engine sends its events to rank
// 0 and never calls this sink.
class DiscardEvents final : public EventSink {
 public:
  void write(int /*strategy*/, int /*replication*/, std::span<const Event> /*events*/) override {}
};

// Counts what was written, for the closing note.
class Counting final : public EventSink {
 public:
  explicit Counting(EventSink& next) : next_(next) {}
  void write(int strategy, int replication, std::span<const Event> events) override {
    next_.write(strategy, replication, events);
    count += events.size();
  }
  void end_period() override { next_.end_period(); }
  std::uint64_t count = 0;

 private:
  EventSink& next_;
};

// What a paced stream was asked for on the command line.
struct StreamSettings {
  std::string out;
  bool force = false, quiet = false;
  Format format = Format::kCsv;
  std::string sink_url, http_body, pg_table;
  double timeout_s = 10.0;
  std::int64_t max_events = 0, batch = 1000;
  PaceOptions pace;
  bool export_or_order = false;  // given, and meaningless here
};

int stream_events(const Model& model, const std::vector<int>& strategies, int threads,
                  const StreamSettings& settings) {
  const auto& [out, force, quiet, format, sink_url, http_body, pg_table, timeout_s, max_events,
               batch, given_pace, export_or_order] = settings;
  PaceOptions pace = given_pace;
  if (pace.rate_per_s < 0 || pace.speed < 0 || (pace.rate_per_s > 0 && pace.speed > 0)) {
    throw InputError("--rate, --speed: give one of them, a positive number");
  }
  if (pace.duration_s < 0 || max_events < 0 || pace.report_every_s < 0 || !(timeout_s > 0)) {
    throw InputError("--duration, --max-events, --report-every: expected >= 0; --timeout: > 0");
  }
  if (batch < 1 || batch > 1'000'000) {
    throw InputError("--batch: expected 1 to 1,000,000 events, got " + std::to_string(batch));
  }
  if (http_body != "ndjson" && http_body != "array") {
    throw InputError("--http-body: expected ndjson or array, got \"" + http_body + "\"");
  }
  if (export_or_order) {
    throw InputError("--export, --order: not with a paced stream (always in time order)");
  }
  pace.max_events = static_cast<std::uint64_t>(max_events);
  pace.batch_events = static_cast<std::size_t>(batch);
  pace.horizon_days = model.time.horizon_days;

  std::unique_ptr<BatchSink> sink;
  std::optional<RemoveOnInterrupt> interrupt_guard;  // declared first: outlives the file
  std::optional<AtomicFile> file;
  std::optional<std::ofstream> stream;
  if (!sink_url.empty()) {
    sink = open_sink(
        sink_url, model,
        {http_body == "array" ? HttpBody::kJsonArray : HttpBody::kNdjson, pg_table, timeout_s});
  } else {
    if (format == Format::kHdf5) throw InputError("--rate, --speed: stream CSV or JSON lines");
    std::ostream* text = &std::cout;
    if (out != "-") {
      check_output_path(out, force);
      remove_stale_temporaries(out);
      interrupt_guard.emplace(AtomicFile::temporary_path_for(out));
      file.emplace(out, force);
      stream.emplace(file->temporary_path(), std::ios::binary);
      if (!*stream) throw IoError(out + ": cannot open for writing");
      text = &*stream;
    }
    sink = std::make_unique<TextBatchSink>(
        *text, model, format == Format::kCsv ? EventTextFormat::kCsv : EventTextFormat::kJsonLines);
  }
  if (!quiet) {
    std::cerr << "omnisim events: streaming " << model.simulation.customers << " customers x "
              << strategies.size() << " strateg" << (strategies.size() == 1 ? "y" : "ies") << " x "
              << model.simulation.replications << " replications to "
              << (sink_url.empty() ? (out == "-" ? std::string("stdout") : out)
                                   : redact_credentials(sink_url))
              << '\n';
  }
  std::ostringstream discard;
  stream_paced(
      [&](EventSink& queue) {
        TimeOrdered ordered(queue);
        run_event_log(model, strategies, threads, ordered);
      },
      *sink, pace, quiet ? discard : std::cerr);
  if (stream) {
    stream->close();
    if (!*stream) throw IoError(out + ": cannot write (disk full?)");
    file->commit();
  }
  return 0;
}

}  // namespace

int events_command(const std::vector<std::string>& args, Communicator& world) {
  ScenarioOptions scenario_options;
  std::string strategy_name, format_name, export_name, order = "time", out = "omnisim-events.csv";
  int threads = 0, compression = 4;
  PaceOptions pace;
  std::int64_t max_events = 0, batch = 1000;
  std::string sink_url, http_body = "ndjson", pg_table = "omnisim_events";
  double timeout_s = 10.0;
  bool force = false, quiet = false, schema = false;
  po::options_description options("Options");
  scenario_options.add_to(options);
  options.add_options()("strategy", po::value(&strategy_name)->value_name("NAME"),
                        "strategy to simulate, or \"all\"; default: the scenario's "
                        "analysis.baseline")(
      "format", po::value(&format_name)->value_name("csv|jsonl|hdf5"),
      "default: from --out's extension (.jsonl/.ndjson, .h5/.hdf5), else csv")(
      "order", po::value(&order)->value_name("time|customer"),
      "time (default): each run in time order; customer: faster, customer by customer "
      "within each period")("out,o", po::value(&out)->value_name("FILE"),
                            "output file, or - for stdout; default omnisim-events.csv")(
      "compression", po::value(&compression)->value_name("0-9"),
      "HDF5 deflate level (default 4; 0: none)")("threads,j", po::value(&threads)->value_name("N"),
                                                 "worker threads (0: every core)")(
      "force", po::bool_switch(&force), "overwrite the output file if it exists")(
      "quiet,q", po::bool_switch(&quiet), "no progress line and no notes on stderr")(
      "schema", po::bool_switch(&schema), "print the columns and exit")(
      "export", po::value(&export_name)->value_name("transactions|paths"),
      "instead of the events: BTYD transactions, or ChannelAttribution paths (CSV)")(
      "rate", po::value(&pace.rate_per_s)->value_name("N"), "paced: events per second")(
      "speed", po::value(&pace.speed)->value_name("X"),
      "paced: simulated seconds per wall-clock second")(
      "duration", po::value(&pace.duration_s)->value_name("S"), "paced: stop after S seconds")(
      "max-events", po::value(&max_events)->value_name("N"), "paced: stop after N events")(
      "sink", po::value(&sink_url)->value_name("URL"),
      "paced: tcp://HOST:PORT, http://HOST:PORT/PATH or postgresql://... instead of --out")(
      "batch", po::value(&batch)->value_name("N"), "paced: events per batch (default 1000)")(
      "http-body", po::value(&http_body)->value_name("ndjson|array"),
      "HTTP batches as NDJSON (default) or one JSON array")(
      "report-every", po::value(&pace.report_every_s)->value_name("S"),
      "paced: a report line every S seconds (default: only at the end)")(
      "timeout", po::value(&timeout_s)->value_name("S"),
      "HTTP: seconds a request may take (default 10)")(
      "pg-table", po::value(&pg_table)->value_name("NAME"),
      "PostgreSQL: the table COPY fills, created if missing (default omnisim_events)");
  po::variables_map values;
  if (!parse(args, options, values, kEventsUsage)) return 0;
  if (schema) {
    print_schema();
    return 0;
  }
  scenario_options.read(values);
  if (!export_name.empty() && export_name != "transactions" && export_name != "paths") {
    throw InputError("--export: expected transactions or paths, got \"" + export_name + "\"");
  }
  if (!export_name.empty() && values.count("format")) {
    throw InputError("--export writes CSV: drop --format");
  }
  const Format format = !export_name.empty()     ? Format::kCsv
                        : values.count("format") ? format_named(format_name)
                                                 : format_of(out);
  if (order != "time" && order != "customer") {
    throw InputError("--order: expected time or customer, got \"" + order + "\"");
  }
  if (compression < 0 || compression > 9) {
    throw InputError("--compression: expected a deflate level from 0 to 9, got " +
                     std::to_string(compression));
  }
  check_threads(threads);
  threads = threads_on(world, threads);
  const bool to_stdout = out == "-";
  if (to_stdout && format == Format::kHdf5) {
    throw InputError("--out -: HDF5 cannot go to stdout; name a file, or use csv or jsonl");
  }

  const Model model = build_model(scenario_options.load());
  std::vector<int> strategies;
  if (strategy_name == "all") {
    for (std::size_t s = 0; s < model.strategies.size(); ++s)
      strategies.push_back(static_cast<int>(s));
  } else {
    std::vector<int> all;
    for (std::size_t s = 0; s < model.strategies.size(); ++s)
      all.push_back(static_cast<int>(s));
    if (strategy_name.empty())
      strategy_name = model.strategies[model.analysis.baseline_strategy].name;
    strategies.push_back(all[static_cast<std::size_t>(
        strategy_slot_by_name(model, all, strategy_name, "--strategy"))]);
  }
  check_memory_fits(model, 1, /*event_log=*/true, &world);
  const bool paced = pace.rate_per_s > 0 || pace.speed > 0 || !sink_url.empty();
  if (paced && world.size() > 1) {
    throw InputError(
        "--rate, --speed and --sink: a paced stream runs as one process; run it without mpirun");
  }
  if (world.rank() != 0) {
    // Rank 0 writes the log: this rank's events go to it (RunRequest::world).
    DiscardEvents elsewhere;
    run_event_log(model, strategies, threads, elsewhere, {}, &world);
    return 0;
  }
  if (paced) {
    return stream_events(
        model, strategies, threads,
        {out, force, quiet, format, sink_url, http_body, pg_table, timeout_s, max_events, batch,
         pace, values.count("export") > 0 || values.count("order") > 0});
  }
  if (!to_stdout) check_output_path(out, force);

  std::optional<RemoveOnInterrupt> interrupt_guard;
  std::optional<AtomicFile> text_file;
  std::optional<std::ofstream> text_stream;
  std::optional<EventTextWriter> text_writer;
  std::optional<EventHdf5File> hdf5_file;
  std::optional<TransactionsWriter> transactions;
  std::optional<AttributionPaths> paths;
  std::ostream* text_out = &std::cout;
  EventSink* sink = nullptr;
  if (!to_stdout) {
    remove_stale_temporaries(out);
    interrupt_guard.emplace(AtomicFile::temporary_path_for(out));
  }
  if (format == Format::kHdf5) {
    hdf5_file.emplace(out, force, model, OutputMetadata{"events", threads}, compression);
    sink = &*hdf5_file;
  } else {
    if (!to_stdout) {
      text_file.emplace(out, force);
      text_stream.emplace(text_file->temporary_path(), std::ios::binary);
      if (!*text_stream) throw IoError(out + ": cannot open for writing");
      text_out = &*text_stream;
    }
    if (export_name == "transactions") {
      sink = &transactions.emplace(*text_out, model);
    } else if (export_name == "paths") {
      sink = &paths.emplace(model);
    } else {
      sink = &text_writer.emplace(
          *text_out, model,
          format == Format::kCsv ? EventTextFormat::kCsv : EventTextFormat::kJsonLines);
    }
  }
  TimeOrdered time_ordered(*sink);
  // Paths group each customer's journeys: customer order whatever --order says.
  const bool time_order = order == "time" && !paths;
  Counting counting(time_order ? static_cast<EventSink&>(time_ordered) : *sink);

  if (!quiet) {
    std::cerr << "omnisim events: " << scenario_options.source_name() << ", "
              << model.simulation.customers << " customers x " << strategies.size() << " strateg"
              << (strategies.size() == 1 ? "y" : "ies") << " x " << model.simulation.replications
              << " replication" << (model.simulation.replications == 1 ? "" : "s") << ", seed "
              << model.simulation.seed << ", " << order << " order\n";
  }
  ProgressLine progress(!quiet);
  run_event_log(
      model, strategies, threads, counting,
      [&](double fraction, const std::string& strategy) { progress.update(fraction, strategy); },
      &world);
  progress.finish();
  if (text_writer) text_writer->flush();
  if (transactions) transactions->flush();
  if (paths) paths->finish(*text_out);
  if (text_stream) {
    text_stream->close();
    if (!*text_stream) throw IoError(out + ": cannot write (disk full?)");
    text_file->commit();
  }
  if (hdf5_file) hdf5_file->commit();
  if (!quiet) {
    std::cerr << counting.count << " events "
              << (export_name.empty() ? "written" : "exported as " + export_name) << " to "
              << (to_stdout ? "stdout" : out) << '\n';
  }
  return 0;
}

}  // namespace omnisim::cli
