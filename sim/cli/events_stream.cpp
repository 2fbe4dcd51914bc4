#include "sim/cli/events_stream.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "sim/cli/interrupt.hpp"
#include "sim/core/error.hpp"
#include "sim/experiment/event_log.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/io/batch_sinks.hpp"
#include "sim/io/sink_url.hpp"
#include "sim/io/stream_filters.hpp"
#include "sim/io/time_ordered.hpp"

namespace omnisim::cli {
namespace po = boost::program_options;
namespace {

constexpr int kExitThresholds = 3;

// A text file written under a temporary name and committed at the end.
struct PendingFile {
  PendingFile(const std::string& path, bool force) : file(path, force) {
    remove_stale_temporaries(path);
    guard.emplace(AtomicFile::temporary_path_for(path));
    stream.open(file.temporary_path(), std::ios::binary);
    if (!stream) throw IoError(path + ": cannot open for writing");
  }
  void commit(const std::string& path) {
    stream.close();
    if (!stream) throw IoError(path + ": cannot write (disk full?)");
    file.commit();
  }
  std::optional<RemoveOnInterrupt> guard;  // outlives nothing it guards: declared first
  AtomicFile file;
  std::ofstream stream;
};

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  std::ostringstream text;
  text << std::setprecision(10) << value;
  return text.str();
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + '"';
}

void write_summary(std::ostream& out, const StreamSummary& summary, const PaceOptions& pace,
                   const std::string& last_event, const std::string& error) {
  // A sink that acknowledges nothing per batch (TCP) has no latency to show.
  const LatencyHistogram latency = summary.answers ? summary.latency : LatencyHistogram();
  out << "{\n  \"delivered_events\": " << summary.delivered
      << ",\n  \"delivered_batches\": " << summary.batches
      << ",\n  \"failed_batches\": " << summary.failed_batches
      << ",\n  \"failed_events\": " << summary.failed_events
      << ",\n  \"errors\": " << summary.errors << ",\n  \"retries\": " << summary.retries
      << ",\n  \"elapsed_s\": " << json_number(summary.elapsed_s)
      << ",\n  \"warmup_s\": " << json_number(pace.warmup_s)
      << ",\n  \"measured_s\": " << json_number(summary.measured_s)
      << ",\n  \"measured_events\": " << summary.measured_events
      << ",\n  \"rate_per_s\": " << json_number(summary.rate_per_s())
      << ",\n  \"target_rate_per_s\": "
      << (pace.rate_per_s > 0 ? json_number(pace.rate_per_s) : "null")
      << ",\n  \"max_lag_s\": " << json_number(summary.max_lag_s)
      << ",\n  \"latency_ms\": {\"p50\": " << json_number(latency.percentile_ms(50))
      << ", \"p90\": " << json_number(latency.percentile_ms(90))
      << ", \"p99\": " << json_number(latency.percentile_ms(99))
      << ", \"p99.9\": " << json_number(latency.percentile_ms(99.9))
      << ", \"max\": " << json_number(latency.max_ms()) << ", \"batches\": " << latency.count()
      << "},\n  \"stopped_by_signal\": " << (summary.stopped ? "true" : "false")
      << ",\n  \"last_event_id\": " << (last_event.empty() ? "null" : json_string(last_event))
      << ",\n  \"thresholds\": {\"max_p99_ms\": "
      << (pace.max_p99_ms > 0 ? json_number(pace.max_p99_ms) : "null")
      << ", \"p99_held\": " << (summary.p99_held ? "true" : "false") << ", \"min_rate_per_s\": "
      << (pace.min_rate_per_s > 0 ? json_number(pace.min_rate_per_s) : "null")
      << ", \"rate_held\": " << (summary.rate_held ? "true" : "false")
      << "},\n  \"error\": " << (error.empty() ? "null" : json_string(error)) << ",\n  \"passed\": "
      << (error.empty() && summary.p99_held && summary.rate_held ? "true" : "false") << "\n}\n";
}

// The producer runs ahead of the sink: rows of the ground truth for
// positions past the last one sent are cut.
void keep_sent_faults(const std::filesystem::path& path, const std::string& shown,
                      std::uint64_t sent) {
  std::ifstream in(path, std::ios::binary);
  std::string line, kept;
  for (bool header = true; std::getline(in, line); header = false) {
    if (!header && std::stoull(line.substr(0, line.find(','))) > sent) continue;
    kept += line + '\n';
  }
  in.close();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << kept;
  out.close();
  if (!out) throw IoError(shown + ": cannot write (disk full?)");
}

std::string last_event_of(const StreamSummary& summary, const Model& model, bool with_strategy) {
  if (!summary.last_delivered) return "";
  const auto& strategy =
      model.strategies[static_cast<std::size_t>(summary.last_delivered->strategy)].name;
  return resume_point_text(*summary.last_delivered, strategy, with_strategy);
}

}  // namespace

void StreamSettings::add_to(po::options_description& options) {
  options.add_options()("rate", po::value(&pace.rate_per_s)->value_name("N"),
                        "paced: events per second")(
      "speed", po::value(&pace.speed)->value_name("X"),
      "paced: simulated seconds per wall-clock second")(
      "duration", po::value(&pace.duration_s)->value_name("S"),
      "paced: stop after S seconds of wall time from the first batch (with --rate: exactly "
      "rate x S events)")("max-events", po::value(&max_events)->value_name("N"),
                          "paced: stop after N events (default: run until stopped)")(
      "sink", po::value(&sink_url)->value_name("URL"),
      "paced: tcp://HOST:PORT, http://HOST:PORT/PATH, postgresql://... or "
      "kafka://HOST:PORT/TOPIC instead of --out")("batch", po::value(&batch)->value_name("N"),
                                                  "paced: events per batch (default 1000)")(
      "connections", po::value(&pace.connections)->value_name("N"),
      "paced, network sinks: N connections sending batches in turn (default 1)")(
      "http-body", po::value(&http_body)->value_name("ndjson|array"),
      "HTTP batches as NDJSON (default) or one JSON array")(
      "header", po::value(&headers)->value_name("NAME:VALUE"),
      "HTTP: an extra request header (repeatable), e.g. \"Authorization: Bearer ...\"")(
      "report-every", po::value(&pace.report_every_s)->value_name("S"),
      "paced: a report line every S seconds (default: only at the end)")(
      "warmup", po::value(&pace.warmup_s)->value_name("S"),
      "paced: leave the batches due in the first S seconds out of the statistics")(
      "timeout", po::value(&timeout_s)->value_name("S"),
      "network sinks: seconds a request may take (default 10)")(
      "max-errors", po::value(&max_errors)->value_name("N"),
      "paced: batches that may fail after their retries before the stream gives up (default 0)")(
      "max-retries", po::value(&pace.max_retries)->value_name("N"),
      "paced: retries of a batch after HTTP 429/502/503/504 or a dropped connection, with "
      "doubling backoff from 50 ms (default 5)")(
      "max-p99-ms", po::value(&pace.max_p99_ms)->value_name("MS"),
      "threshold: exit code 3 if the p99 batch latency exceeds MS")(
      "min-rate", po::value(&pace.min_rate_per_s)->value_name("N"),
      "threshold: exit code 3 if fewer than N events/s were delivered")(
      "summary", po::value(&summary_path)->value_name("FILE"),
      "paced: the run's statistics as JSON")(
      "latency-log", po::value(&latency_log_path)->value_name("FILE"),
      "paced: one CSV line per batch (intended, sent and acknowledged times)")(
      "from-event", po::value(&from_event)->value_name("ID"),
      "paced: resume the same stream just after this event (the id a stopped stream printed)")(
      "start-day", po::value(&start_day)->value_name("D"),
      "paced: open the stream at simulated day D (skips the day-0 base's acquisitions)")(
      "inject", po::value(&inject)->value_name("SPEC"),
      "paced: labelled faults, e.g. duplicates=0.01,late=0.005,reorder=0.01")(
      "truth", po::value(&truth)->value_name("FILE"),
      "with --inject: the faults' ground truth, CSV (default omnisim-faults.csv)")(
      "pg-table", po::value(&pg_table)->value_name("NAME"),
      "PostgreSQL: the table COPY fills, created if missing (default omnisim_events)");
}

int stream_events(const Model& model, const std::vector<int>& strategies, int threads,
                  StreamSettings settings, const po::variables_map& values) {
  PaceOptions& pace = settings.pace;
  // Each number its own message (NaN is refused too: it fails every >= 0).
  const std::pair<const char*, double> non_negative[] = {
      {"--rate", pace.rate_per_s},
      {"--speed", pace.speed},
      {"--duration", pace.duration_s},
      {"--report-every", pace.report_every_s},
      {"--warmup", pace.warmup_s},
      {"--max-p99-ms", pace.max_p99_ms},
      {"--min-rate", pace.min_rate_per_s},
      {"--start-day", settings.start_day},
      {"--max-events", static_cast<double>(settings.max_events)},
      {"--max-errors", static_cast<double>(settings.max_errors)},
      {"--max-retries", static_cast<double>(pace.max_retries)}};
  for (const auto& [name, value] : non_negative) {
    if (!(value >= 0) || !std::isfinite(value)) {
      throw InputError(std::string(name) + ": expected a number >= 0, got " +
                       std::to_string(value));
    }
  }
  if (pace.rate_per_s > 0 && pace.speed > 0) {
    throw InputError("--rate, --speed: give one of them (a rate of events, or of simulated time)");
  }
  if (pace.report_every_s > 0 && pace.report_every_s < 0.01) {
    throw InputError("--report-every: expected at least 0.01 s, got " +
                     std::to_string(pace.report_every_s));
  }
  // The options of one kind of sink.
  const std::string& url = settings.sink_url;
  const bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  const bool postgres = url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
  const bool kafka = url.rfind("kafka://", 0) == 0;
  const std::pair<const char*, bool> only_for[] = {{"header", http},
                                                   {"http-body", http},
                                                   {"pg-table", postgres},
                                                   {"timeout", !url.empty()},
                                                   {"connections", !url.empty()}};
  for (const auto& [option, applies] : only_for) {
    if (values.count(option) && !applies) {
      throw InputError(std::string("--") + option + ": not for " +
                       (url.empty() ? std::string("a file or stdout") : redact_credentials(url)));
    }
  }
  if (kafka && pace.connections > 1) {
    throw InputError(
        "--connections: one Kafka producer keeps each customer's events in order; "
        "it sends in parallel itself (drop --connections)");
  }
  if (!settings.inject.empty() && strategies.size() > 1) {
    throw InputError("--inject: one strategy at a time (the event ids repeat across strategies)");
  }
  if (!(settings.timeout_s > 0)) throw InputError("--timeout: expected > 0");
  if (settings.batch < 1 || settings.batch > 1'000'000) {
    throw InputError("--batch: expected 1 to 1,000,000 events, got " +
                     std::to_string(settings.batch));
  }
  if (pace.connections < 1 || pace.connections > 256) {
    throw InputError("--connections: expected 1 to 256, got " + std::to_string(pace.connections));
  }
  if (settings.http_body != "ndjson" && settings.http_body != "array") {
    throw InputError("--http-body: expected ndjson or array, got \"" + settings.http_body + "\"");
  }
  for (const std::string& header : settings.headers) {
    if (header.find(':') == std::string::npos || header.front() == ':') {
      throw InputError("--header: expected NAME:VALUE, got \"" + header + "\"");
    }
  }
  if (values.count("export") || values.count("order")) {
    throw InputError("--export, --order: not with a paced stream (always in time order)");
  }
  if (!settings.inject.empty() && !settings.from_event.empty()) {
    throw InputError(
        "--inject, --from-event: not together (a resumed stream's faults would "
        "differ around the resume point)");
  }
  if (values.count("truth") && settings.inject.empty()) {
    throw InputError("--truth: only with --inject");
  }
  pace.max_events = static_cast<std::uint64_t>(settings.max_events);
  pace.batch_events = static_cast<std::size_t>(settings.batch);
  pace.max_errors = static_cast<std::uint64_t>(settings.max_errors);
  const std::optional<FaultRates> faults =
      settings.inject.empty() ? std::nullopt : std::optional(parse_fault_rates(settings.inject));

  // Where the stream starts: run k = replication x strategies + slot.
  const auto n_strategies = static_cast<std::uint64_t>(strategies.size());
  std::uint64_t first_run = 0;
  std::optional<ResumePoint> resume;
  int resume_strategy = strategies.front();
  if (!settings.from_event.empty()) {
    resume = parse_resume_point(settings.from_event);
    std::uint64_t slot = 0;
    if (resume->strategy) {
      const int index = model.require_strategy(*resume->strategy);
      const auto found = std::find(strategies.begin(), strategies.end(), index);
      if (found == strategies.end()) {
        throw InputError("--from-event: strategy \"" + *resume->strategy +
                         "\" is not in this stream (--strategy)");
      }
      slot = static_cast<std::uint64_t>(found - strategies.begin());
    } else if (n_strategies > 1) {
      throw InputError("--from-event: this stream has several strategies: give STRATEGY:" +
                       settings.from_event);
    }
    resume_strategy = strategies[slot];
    first_run = static_cast<std::uint64_t>(resume->replication) * n_strategies + slot;
  }

  // Outputs: the files first, so a bad path fails before anything runs.
  const bool to_file = settings.sink_url.empty() && settings.out != "-";
  for (const std::string* path : {&settings.summary_path, &settings.latency_log_path}) {
    if (!path->empty()) check_output_path(*path, settings.force);
  }
  if (to_file) check_output_path(settings.out, settings.force);
  if (faults) check_output_path(settings.truth, settings.force);
  std::optional<PendingFile> out_file, latency_file, truth_file;
  if (to_file) out_file.emplace(settings.out, settings.force);
  if (!settings.latency_log_path.empty()) {
    latency_file.emplace(settings.latency_log_path, settings.force);
  }
  if (faults) truth_file.emplace(settings.truth, settings.force);

  SinkFactory open;
  if (!settings.sink_url.empty()) {
    const SinkOptions sink_options{
        settings.http_body == "array" ? HttpBody::kJsonArray : HttpBody::kNdjson, settings.pg_table,
        settings.timeout_s, settings.headers};
    open = [&, sink_options] { return open_sink(settings.sink_url, model, sink_options); };
  } else {
    std::ostream* text = to_file ? &out_file->stream : &std::cout;
    const auto format = settings.jsonl ? EventTextFormat::kJsonLines : EventTextFormat::kCsv;
    open = [text, &model, format] { return std::make_unique<TextBatchSink>(*text, model, format); };
  }
  const std::string where = settings.sink_url.empty()
                                ? (to_file ? settings.out : std::string("stdout"))
                                : redact_credentials(settings.sink_url);
  if (!settings.quiet) {
    std::cerr << "omnisim events: streaming " << model.simulation.customers
              << " customers a run, strateg" << (n_strategies == 1 ? "y " : "ies ");
    for (std::size_t s = 0; s < strategies.size(); ++s)
      std::cerr << (s ? ", " : "")
                << model.strategies[static_cast<std::size_t>(strategies[s])].name;
    std::cerr << ", to " << where
              << (pace.max_events == 0 && pace.duration_s == 0 ? " until stopped (Ctrl-C)" : "")
              << '\n';
  }

  const StopOnInterrupt stop;
  pace.stop = &stop.requested();
  const auto produce = [&](EventSink& queue) {
    std::optional<ResumeAfter> resume_after;
    std::optional<FaultInjector> injector;
    EventSink* next = &queue;
    if (resume) {
      next = &resume_after.emplace(*next, resume_strategy, resume->replication, resume->customer_id,
                                   resume->sequence);
    }
    if (faults) next = &injector.emplace(*next, model, *faults, truth_file->stream);
    StartAt start_at(*next, settings.start_day);
    ContinuousTime continuous(start_at, model.time.horizon_days);
    StopWhen stop_when(continuous, pace.stop);
    TimeOrdered ordered(stop_when, model.time);
    run_event_stream(model, strategies, threads, ordered, first_run, [&](std::uint64_t run) {
      if (resume_after && !resume_after->found() && run > first_run) {
        throw InputError("--from-event " + settings.from_event +
                         ": no such event in its run (replication " +
                         std::to_string(resume->replication) + ")");
      }
      continuous.start_run(run);
    });
  };
  std::ostringstream discard;
  StreamSummary summary;
  try {
    summary = stream_paced(produce, open, pace, settings.quiet ? discard : std::cerr,
                           latency_file ? &latency_file->stream : nullptr, &summary);
  } catch (const Error& error) {
    // What happened is kept: the latency log and the summary, with the error.
    if (latency_file) latency_file->commit(settings.latency_log_path);
    if (!settings.summary_path.empty()) {
      write_atomically(settings.summary_path, settings.force, [&](std::ostream& out) {
        write_summary(out, summary, pace, last_event_of(summary, model, n_strategies > 1),
                      error.what());
      });
    }
    throw;
  }

  const std::string last_event = last_event_of(summary, model, n_strategies > 1);
  if (out_file) out_file->commit(settings.out);
  if (latency_file) latency_file->commit(settings.latency_log_path);
  if (truth_file) {
    truth_file->stream.close();
    keep_sent_faults(truth_file->file.temporary_path(), settings.truth,
                     summary.delivered + summary.failed_events);
    truth_file->stream.open(truth_file->file.temporary_path(), std::ios::binary | std::ios::app);
    truth_file->commit(settings.truth);
  }
  if (!settings.summary_path.empty()) {
    write_atomically(settings.summary_path, settings.force,
                     [&](std::ostream& out) { write_summary(out, summary, pace, last_event, ""); });
  }
  if (!settings.quiet) {
    if (summary.stopped) {
      std::cerr << "stopped by signal " << stop.signal_number() << "; ";
    }
    if (!last_event.empty()) {
      std::cerr << "last event delivered: " << last_event << " (resume after it: --from-event "
                << last_event << ")\n";
    }
  }
  const bool held = summary.p99_held && summary.rate_held;
  if (!held) {
    std::cerr << "omnisim events: thresholds not met:";
    if (!summary.p99_held) {
      std::cerr << " p99 " << summary.latency.percentile_ms(99) << " ms > --max-p99-ms "
                << pace.max_p99_ms << ';';
    }
    if (!summary.rate_held) {
      std::cerr << " rate " << summary.rate_per_s() << " events/s < --min-rate "
                << pace.min_rate_per_s << ';';
    }
    std::cerr << '\n';
    return kExitThresholds;
  }
  return 0;
}

}  // namespace omnisim::cli
