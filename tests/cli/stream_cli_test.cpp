// Paced streams for soak tests (omnisim events --rate/--speed/--sink): run
// until stopped and resumed after an event, the same bytes as one
// uninterrupted stream; labelled faults scored against their ground truth;
// retries, thresholds, the JSON summary and the latency log; exactly
// rate x duration events; several connections and request headers.

#include <algorithm>
#include <cmath>
#include <csignal>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/cli_fixture.hpp"
#include "tests/support/http_counter.hpp"
#include "tests/support/shell.hpp"

namespace omnisim::stream_cli_test {
namespace {

using ::testing::HasSubstr;
using testing::HttpCounter;
using testing::read_text;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> cells;
  std::istringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');)
    cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

class StreamCli : public Cli {
 protected:
  // Starts omnisim in the test directory, stderr to `err_name`; returns its pid.
  pid_t start(const std::vector<std::string>& args, const std::string& err_name) const {
    const pid_t child = ::fork();
    if (child == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      const int err = ::open((directory_ / err_name).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(null, 1);
      ::dup2(err, 2);
      std::vector<char*> argv{const_cast<char*>("omnisim")};
      for (const auto& arg : args)
        argv.push_back(const_cast<char*>(arg.c_str()));
      argv.push_back(nullptr);
      if (::chdir(directory_.c_str()) == 0) ::execv(OMNISIM_BINARY, argv.data());
      ::_exit(127);
    }
    return child;
  }
};

// A stream stopped by SIGINT ends cleanly (exit 0, its file complete, the
// last event named); resumed with --from-event it continues with exactly
// the bytes the uninterrupted stream has from there on -- across the end of
// a run (300 customers make a run of about 55,000 events: the stop, after
// some 70,000, falls in the second).
TEST_F(StreamCli, StoppedAndResumedAfterAnEventEqualsOneUninterruptedStream) {
  const std::vector<std::string> scenario{"events", "--customers", "300", "--replications", "1"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> args = scenario;
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
  const pid_t stream =
      start(with({"--rate", "30000", "--batch", "200", "--out", "a.csv"}), "a.err");
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  ::kill(stream, SIGINT);
  int status = 0;
  ::waitpid(stream, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "ended by a signal: " << status;
  EXPECT_EQ(WEXITSTATUS(status), 0) << read_text(directory_ / "a.err");
  const std::string err = read_text(directory_ / "a.err");
  EXPECT_THAT(err, HasSubstr("stopped by signal 2"));
  const auto marker = err.find("last event delivered: ");
  ASSERT_NE(marker, std::string::npos) << err;
  const std::string id = err.substr(marker + 22, err.find(' ', marker + 22) - marker - 22);
  const std::vector<std::string> first = lines_of(read_text(directory_ / "a.csv"));
  ASSERT_GT(first.size(), 1000U);
  EXPECT_EQ(cells_of(first.back())[0], id) << "the id names the file's last event";
  EXPECT_EQ(cells_of(first.back())[1], "1") << "stopped in the second run (replication 1)";

  const Outcome resumed = omnisim(
      with({"--rate", "1e6", "--from-event", id, "--max-events", "5000", "--out", "b.csv", "-q"}));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const auto delivered = first.size() - 1;  // the header
  const Outcome whole =
      omnisim(with({"--rate", "1e6", "--max-events", std::to_string(delivered + 5000), "--out",
                    "whole.csv", "-q"}));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  const std::vector<std::string> second = lines_of(read_text(directory_ / "b.csv"));
  std::vector<std::string> joined = first;
  joined.insert(joined.end(), second.begin() + 1, second.end());
  const std::vector<std::string> expected = lines_of(read_text(directory_ / "whole.csv"));
  ASSERT_EQ(joined.size(), expected.size());
  EXPECT_TRUE(joined == expected) << "the resumed stream differs from the uninterrupted one";

  const Outcome unknown = omnisim(with({"--rate", "1e6", "--from-event", "0-999999-0",
                                        "--max-events", "10", "--out", "c.csv", "-q"}));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("--from-event 0-999999-0: no such event in its run"));
}

// Past the horizon the stream goes on with the next replications, each run
// in time order and later than the one before, the stores still closed on
// Sundays: the runs are whole weeks apart.
TEST_F(StreamCli, AnEndlessStreamStaysInTimeOrderAndOnTheCalendarAcrossRuns) {
  const Outcome outcome =
      omnisim({"events", "--customers", "300", "--replications", "1", "--set",
               "simulation.horizon_days=60", "--set", "acquisition.window_days=60", "--rate", "1e6",
               "--max-events", "20000", "--out", "s.csv", "-q"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const std::vector<std::string> lines = lines_of(read_text(directory_ / "s.csv"));
  ASSERT_EQ(lines.size(), 20001U);
  const std::vector<std::string> header = cells_of(lines.front());
  const auto column = [&](const char* name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const std::size_t day = column("day"), channel = column("channel");
  const std::size_t replication = column("replication"), timestamp = column("timestamp");
  std::set<std::string> replications;
  double latest = 0.0, run_start = 0.0;
  std::size_t store_events = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = cells_of(lines[i]);
    const double this_day = std::stod(cells[day]);
    if (replications.insert(cells[replication]).second && i > 1) {
      // A new run: it starts on the first whole week after the last one's horizon.
      EXPECT_GE(this_day, run_start + 63.0) << "line " << i;
      run_start = std::floor(this_day / 63.0) * 63.0;
    } else {
      ASSERT_GE(this_day, latest) << "line " << i;
    }
    latest = this_day;
    if (cells[channel] == "store") {
      ++store_events;
      // 2026-01-01 is a Thursday: day d is a Sunday when (d + 3) mod 7 = 6.
      const auto whole_days = static_cast<long>(std::floor(this_day));
      EXPECT_NE((whole_days + 3) % 7, 6) << "a store event on a Sunday: " << lines[i];
      const int hour = std::stoi(cells[timestamp].substr(11, 2));
      EXPECT_TRUE(hour >= 9 && hour < 20) << lines[i];
    }
  }
  EXPECT_GE(replications.size(), 3U) << "the test must cross runs";
  EXPECT_GT(store_events, 100U);
}

// The ground truth names every fault, and only faults: de-duplicating by
// event_id drops exactly the rows marked duplicate; the events out of time
// order are exactly those marked late or reorder; every event is one of the
// clean stream's, unchanged.
TEST_F(StreamCli, InjectedFaultsMatchTheirGroundTruth) {
  const std::vector<std::string> scenario{"events", "--customers", "300", "--replications",
                                          "1",      "--rate",      "1e6", "-q"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> args = scenario;
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
  ASSERT_EQ(omnisim(with({"--max-events", "20000", "--out", "faulty.csv", "--inject",
                          "duplicates=0.02,late=0.01,reorder=0.02", "--truth", "truth.csv"}))
                .exit_code,
            0);
  ASSERT_EQ(omnisim(with({"--max-events", "30000", "--out", "clean.csv"})).exit_code, 0);
  const std::vector<std::string> faulty = lines_of(read_text(directory_ / "faulty.csv"));
  const std::vector<std::string> clean = lines_of(read_text(directory_ / "clean.csv"));
  const std::vector<std::string> truth = lines_of(read_text(directory_ / "truth.csv"));
  ASSERT_EQ(faulty.size(), 20001U);
  ASSERT_EQ(truth.front(), "position,event_id,fault,detail");
  const std::vector<std::string> header = cells_of(faulty.front());
  const auto day_column =
      static_cast<std::size_t>(std::find(header.begin(), header.end(), "day") - header.begin());
  ASSERT_LT(day_column, header.size());

  std::map<std::uint64_t, std::pair<std::string, std::string>> labelled;  // position -> fault
  std::map<std::string, int> counts;
  for (std::size_t i = 1; i < truth.size(); ++i) {
    const std::vector<std::string> cells = cells_of(truth[i]);
    ASSERT_EQ(cells.size(), 4U) << truth[i];
    const auto position = std::stoull(cells[0]);
    ASSERT_LE(position, 20000U) << "a fault past the stream's end";
    EXPECT_EQ(cells_of(faulty[position])[0], cells[1]) << "row " << truth[i];
    labelled[position] = {cells[2], cells[3]};
    ++counts[cells[2]];
  }
  // About 2 %, 1 % and 2 % of 20,000 (5 standard errors).
  EXPECT_NEAR(counts["duplicate"], 400, 5 * 20);
  EXPECT_NEAR(counts["late"], 200, 5 * 14);
  EXPECT_NEAR(counts["reorder"], 400, 5 * 20);

  std::map<std::string, std::string> clean_by_id;
  for (std::size_t i = 1; i < clean.size(); ++i)
    clean_by_id[cells_of(clean[i])[0]] = clean[i];
  std::set<std::string> seen;
  double latest_day = -1.0;
  for (std::uint64_t position = 1; position < faulty.size(); ++position) {
    const std::vector<std::string> cells = cells_of(faulty[position]);
    const std::string& id = cells[0];
    const auto label = labelled.find(position);
    const std::string fault = label == labelled.end() ? "" : label->second.first;
    ASSERT_EQ(!seen.insert(id).second, fault == "duplicate") << "position " << position;
    if (fault == "duplicate") {
      EXPECT_EQ(cells_of(faulty[std::stoull(label->second.second)])[0], id);
      continue;
    }
    ASSERT_TRUE(clean_by_id.count(id)) << id << " is not in the clean stream";
    EXPECT_EQ(faulty[position], clean_by_id[id]) << "an injected event was changed";
    const double day = std::stod(cells[day_column]);
    if (fault.empty()) {
      EXPECT_GE(day, latest_day) << "position " << position << " out of order, unlabelled";
    } else {
      EXPECT_LE(day, latest_day) << "position " << position << " labelled " << fault;
    }
    latest_day = std::max(latest_day, day);
  }
}

// An overloaded server (503 to every 7th request) costs retries, not
// events; the summary and the latency log say so; a header reaches it.
TEST_F(StreamCli, RetriesAnOverloadedServerAndReportsInJson) {
  HttpCounter server(directory_, "--busy-every 7 --require-header 'X-Token: soak'");
  const Outcome outcome = omnisim({"events",      "--customers", "2000",          "--replications",
                                   "1",           "--rate",      "50000",         "--max-events",
                                   "20000",       "--batch",     "500",           "--connections",
                                   "3",           "--header",    "X-Token: soak", "--sink",
                                   server.url(),  "--summary",   "summary.json",  "--latency-log",
                                   "latency.csv", "-q"});
  const auto [batches, events] = server.stop();
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(events, 20000);
  EXPECT_GE(batches, 40);  // a batch also ends where the simulation's chunk does
  const std::string summary = read_text(directory_ / "summary.json");
  EXPECT_THAT(summary, HasSubstr("\"delivered_events\": 20000"));
  EXPECT_THAT(summary, HasSubstr("\"failed_batches\": 0"));
  EXPECT_THAT(summary, ::testing::ContainsRegex("\"retries\": [1-9]"));
  EXPECT_THAT(summary, ::testing::ContainsRegex("\"errors\": [1-9]"));
  EXPECT_THAT(summary, HasSubstr("\"passed\": true"));
  const std::vector<std::string> log = lines_of(read_text(directory_ / "latency.csv"));
  ASSERT_EQ(log.size(), static_cast<std::size_t>(batches) + 1);
  EXPECT_EQ(log.front(),
            "batch,connection,events,intended_s,sent_s,acknowledged_s,attempts,status");
  std::set<std::string> connections;
  for (std::size_t i = 1; i < log.size(); ++i)
    connections.insert(cells_of(log[i])[1]);
  EXPECT_EQ(connections.size(), 3U);
}

// A batch that still fails after its retries counts against --max-errors;
// one more ends the stream with the count of what was delivered.
TEST_F(StreamCli, GivesUpAfterMaxErrorsFailedBatches) {
  HttpCounter busy(directory_, "--busy-every 1");
  const Outcome outcome =
      omnisim({"events", "--customers", "300", "--replications", "1", "--rate", "1e6",
               "--max-events", "1000", "--batch", "100", "--max-retries", "1", "--max-errors", "2",
               "--sink", busy.url(), "--report-every", "0.01"});
  busy.stop();
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err, HasSubstr("the server answered HTTP 503"));
  EXPECT_THAT(outcome.err, HasSubstr("(delivered 0 events in 0 batches before it)"));
}

TEST_F(StreamCli, ThresholdsSetTheExitCode) {
  const std::vector<std::string> args{"events", "--customers", "300",   "--replications",
                                      "1",      "--rate",      "20000", "--max-events",
                                      "2000",   "--out",       "t.csv"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> all = args;
    all.insert(all.end(), more.begin(), more.end());
    return all;
  };
  const Outcome slow = omnisim(with({"--min-rate", "1e9", "--summary", "s.json"}));
  EXPECT_EQ(slow.exit_code, 3) << slow.err;
  EXPECT_THAT(slow.err, HasSubstr("thresholds not met: rate"));
  EXPECT_THAT(read_text(directory_ / "s.json"), HasSubstr("\"rate_held\": false"));
  const Outcome met = omnisim(with({"--min-rate", "1000", "--force"}));
  EXPECT_EQ(met.exit_code, 0) << met.err;
}

// --rate with --duration delivers exactly rate x duration events, timed
// from the first batch.
TEST_F(StreamCli, RateTimesDurationIsTheExactTotal) {
  const Outcome outcome = omnisim({"events", "--customers", "300", "--replications", "1", "--rate",
                                   "4000", "--duration", "1.5", "--out", "d.csv"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(lines_of(read_text(directory_ / "d.csv")).size(), 6001U);
  EXPECT_THAT(outcome.err, HasSubstr("total t=1."));
}

}  // namespace
}  // namespace omnisim::stream_cli_test
