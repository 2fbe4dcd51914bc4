#pragma once
// `omnisim events --rate/--speed/--sink`: the paced, endless stream
// (sim/io/paced_stream.hpp) and its options.

#include <cstdint>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "sim/io/paced_stream.hpp"
#include "sim/model/model.hpp"

namespace omnisim::cli {

struct StreamSettings {
  std::string out = "-";
  bool force = false, quiet = false, jsonl = false;
  std::string sink_url, http_body = "ndjson", pg_table = "omnisim_events";
  std::vector<std::string> headers;
  double timeout_s = 10.0;
  std::int64_t max_events = 0, batch = 1000, max_errors = 0;
  PaceOptions pace;
  std::string from_event, inject, truth = "omnisim-faults.csv";
  double start_day = 0.0;
  std::string summary_path, latency_log_path;

  void add_to(boost::program_options::options_description& options);
};

// Streams the events of `strategies`; returns the exit code (0, or 3 when a
// threshold did not hold). `export_or_order`: --export or --order given.
int stream_events(const Model& model, const std::vector<int>& strategies, int threads,
                  StreamSettings settings, const boost::program_options::variables_map& values);

}  // namespace omnisim::cli
