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
#include "sim/cli/events_stream.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/memory.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/progress.hpp"
#include "sim/core/error.hpp"
#include "sim/core/numbers.hpp"
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
    "Each event happens at a realistic time of day and week, a journey's events\n"
    "spread over minutes to days (docs/model.md section 11).\n"
    "\n"
    "Paced streaming (time order, runs until stopped): --rate N events per second,\n"
    "or --speed X simulated seconds per second, to --out (stdout or a file) or to a\n"
    "--sink: tcp://HOST:PORT (one JSON line per event), http://HOST:PORT/PATH (one\n"
    "POST per --batch events, NDJSON or a JSON array), postgresql://... (one COPY\n"
    "per batch into --pg-table) or kafka://HOST:PORT/TOPIC (a message per event,\n"
    "keyed by customer). Past the horizon the stream goes on with the next\n"
    "replication, a new population, later in time: it ends at --max-events, after\n"
    "--duration seconds (with --rate: exactly rate x duration events), or at Ctrl-C\n"
    "or SIGTERM, which end it cleanly and print the last event delivered;\n"
    "--from-event ID resumes the same stream just after it. Each batch's latency is\n"
    "measured from its intended send time (coordinated omission corrected, as wrk2\n"
    "does), from the first batch on; p50, p90, p99, p99.9, max, the rate and the\n"
    "lag are printed on stderr every --report-every seconds and at the end, and\n"
    "written with --summary (JSON) and --latency-log (a line per batch). HTTP 429,\n"
    "502, 503, 504 and dropped connections are retried with backoff; a batch that\n"
    "still fails counts against --max-errors. --max-p99-ms and --min-rate make the\n"
    "exit code 3 when missed. --inject adds duplicates, late and reordered events\n"
    "with their ground truth in --truth. A slower sink makes the stream lag\n"
    "(shown), never drop events; a sink error stops with the count of\n"
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
  std::cout << "\nHDF5 stores an empty journey_id as " << kNoJourney << " and an empty channel as "
            << static_cast<int>(kNoEventChannel)
            << " (the attributes journey_id_null and channel_null of /events).\n";
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

// Counts the bytes the log would take, formatting nothing for HDF5.
class SizeCounter final : public EventSink {
 public:
  SizeCounter(const Model& model, Format format) : model_(model), format_(format) {}
  void write(int strategy, int replication, std::span<const Event> events) override {
    count += events.size();
    bytes +=
        format_ == Format::kHdf5
            ? static_cast<double>(events.size() * sizeof(Event))
            : static_cast<double>(events_text(model_,
                                              format_ == Format::kCsv ? EventTextFormat::kCsv
                                                                      : EventTextFormat::kJsonLines,
                                              strategy, replication, events)
                                      .size());
  }
  std::uint64_t count = 0;
  double bytes = 0.0;

 private:
  const Model& model_;
  Format format_;
};

// The log into the working directory by default: its size is estimated
// from a pilot run of 1,000 customers, said, and refused beyond 2 GB (a
// user who gives --out or --customers has chosen the size).
void check_default_log_size(const ScenarioOptions& scenario_options, const Model& model,
                            const std::vector<int>& strategies, int threads, Format format,
                            const std::string& out, bool quiet) {
  constexpr double kPilotCustomers = 1000.0, kMaxBytes = 2e9;
  ScenarioOptions pilot_options = scenario_options;
  pilot_options.customers = static_cast<std::int64_t>(
      std::min<double>(kPilotCustomers, static_cast<double>(model.simulation.customers)));
  pilot_options.replications = 1;
  const Model pilot = build_model(pilot_options.load());
  SizeCounter counter(pilot, format);
  run_event_log(pilot, {strategies.front()}, threads, counter);
  const double scale = static_cast<double>(model.simulation.customers) /
                       static_cast<double>(*pilot_options.customers) *
                       static_cast<double>(strategies.size()) * model.simulation.replications;
  const double events = static_cast<double>(counter.count) * scale, bytes = counter.bytes * scale;
  std::ostringstream size;
  size << std::fixed << std::setprecision(bytes >= 1e9 ? 1 : 0)
       << (bytes >= 1e9 ? bytes / 1e9 : bytes / 1e6) << (bytes >= 1e9 ? " GB" : " MB");
  const std::string said = "about " + significant(events / 1e6, 3) + " million events, " +
                           size.str() + (format == Format::kHdf5 ? " before compression" : "") +
                           ", into " + out + " (estimated from a run of " +
                           std::to_string(*pilot_options.customers) + " customers)";
  if (bytes > kMaxBytes) {
    throw InputError(said +
                     ": more than 2 GB into the working directory; give --out FILE to write it "
                     "anyway, or --customers N, --replications N or --strategy for less");
  }
  if (!quiet) std::cerr << "omnisim events: " << said << '\n';
}

}  // namespace

int events_command(const std::vector<std::string>& args, Communicator& world) {
  ScenarioOptions scenario_options;
  std::string strategy_name, format_name, export_name, order = "time", out = "omnisim-events.csv";
  int threads = 0, compression = 4;
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
      "instead of the events: BTYD transactions, or ChannelAttribution paths (CSV)");
  StreamSettings stream;
  stream.add_to(options);
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
  const bool paced = values.count("rate") || values.count("speed") || values.count("sink");
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
  if (!paced) {
    for (const char* option :
         {"duration",    "max-events",   "batch",    "connections", "http-body",
          "header",      "report-every", "warmup",   "timeout",     "max-errors",
          "max-retries", "max-p99-ms",   "min-rate", "summary",     "latency-log",
          "from-event",  "start-day",    "inject",   "truth",       "pg-table"}) {
      if (values.count(option)) {
        throw InputError(std::string("--") + option +
                         ": only with a paced stream (--rate, --speed or --sink)");
      }
    }
  }
  if (paced) {
    if (format == Format::kHdf5) throw InputError("--rate, --speed: stream CSV or JSON lines");
    stream.out = out;
    stream.force = force;
    stream.quiet = quiet;
    stream.jsonl = format == Format::kJsonLines;
    return stream_events(model, strategies, threads, stream, values);
  }
  if (!to_stdout) check_output_path(out, force);
  if (!values.count("out") && !values.count("customers") && export_name.empty()) {
    check_default_log_size(scenario_options, model, strategies, threads, format, out, quiet);
  }

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
  TimeOrdered time_ordered(*sink, model.time);
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
