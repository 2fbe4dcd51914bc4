// End to end: the omnisim binary, its subcommands, its exit codes, the files
// it leaves (or does not leave) behind, and the README's reading snippet.

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/facts.hpp"
#include "tests/support/cli_fixture.hpp"
#include "tests/support/hdf5_read.hpp"
#include "tests/support/http_counter.hpp"
#include "tests/support/shell.hpp"

namespace omnisim::cli_test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::vector<std::string> kSmall{"--customers", "300", "--replications", "2", "--quiet"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// The commands the program's usage lists, one per line after "Commands:".
std::vector<std::string> listed_commands(const std::string& usage) {
  std::vector<std::string> names;
  std::istringstream lines(usage.substr(usage.find("Commands:\n") + 10));
  for (std::string line; std::getline(lines, line) && !line.empty();) {
    std::istringstream words(line);
    names.emplace_back();
    words >> names.back();
  }
  return names;
}

TEST_F(Cli, HelpForTheProgramAndEverySubcommand) {
  const Outcome help = omnisim({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  const auto commands = listed_commands(help.out);
  EXPECT_THAT(commands, ::testing::IsSupersetOf(
                            {"run", "compare", "validate", "scenario", "facts", "explain"}));
  for (const auto& command : commands) {
    const Outcome outcome = omnisim({command, "--help"});
    EXPECT_EQ(outcome.exit_code, 0) << command;
    EXPECT_THAT(outcome.out, HasSubstr("Usage: omnisim")) << command;
  }
  // Every summary starts in one column, at least two spaces after the
  // longest synopsis ("summarize RESULTS.h5a sweep" ran together once).
  std::istringstream lines(help.out.substr(help.out.find("Commands:\n") + 10));
  std::string first;
  std::getline(lines, first);
  const std::size_t column = first.find_first_not_of(' ', first.find(' ', 2));
  ASSERT_NE(column, std::string::npos);
  for (std::string line = first; !line.empty(); std::getline(lines, line)) {
    ASSERT_GT(line.size(), column) << line;
    EXPECT_EQ(line.substr(column - 2, 2), "  ") << line;
    EXPECT_NE(line[column], ' ') << line;
  }
  // explain offers no per-customer outputs, so its help does not list them
  EXPECT_THAT(omnisim({"explain", "--help"}).out, ::testing::Not(HasSubstr("--trace-customer")));
  const Outcome bare = omnisim({});
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_THAT(bare.err, HasSubstr("Usage: omnisim"));  // a usage error goes to stderr
  EXPECT_TRUE(bare.out.empty());
}

TEST_F(Cli, CompareprintsEveryStrategyAndWritesOneFile) {
  const Outcome outcome = omnisim(with({"compare"}, kSmall));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  for (const char* strategy :
       {"mono_store", "mono_web", "multichannel", "cross_channel", "omnichannel"}) {
    EXPECT_THAT(outcome.out, HasSubstr(strategy));
  }
  EXPECT_THAT(outcome.out, HasSubstr("clv_eur"));
  EXPECT_THAT(outcome.out, HasSubstr("Difference to multichannel"));
  EXPECT_EQ(files(), std::vector<std::string>{"omnisim-compare.h5"});
  // the couplings' series: [strategy, replication, period], per channel for waiting
  const fs::path file = directory_ / "omnisim-compare.h5";
  for (const char* series : {"/timeseries/referrals", "/timeseries/referral_acquisitions",
                             "/timeseries/acquisitions_lost", "/timeseries/adopter_share",
                             "/timeseries/adoptions", "/timeseries/waiting_effort"}) {
    EXPECT_EQ(testing::read_doubles(file, series).shape.size(), 3u) << series;
  }
  EXPECT_EQ(testing::read_doubles(file, "/timeseries/waiting_effort_per_contact").shape.size(), 4u);
  // the break-even fixed costs, printed and stored; multichannel's is its own 6 EUR
  EXPECT_THAT(outcome.out,
              HasSubstr("Fixed cost at which each strategy's net lifetime value per prospect"));
  EXPECT_THAT(outcome.out, HasSubstr("clv_lifetime_net_per_prospect_eur"));
  const auto as_run = testing::read_doubles(file, "/break_even/fixed_cost_eur_per_customer_year");
  const auto break_even =
      testing::read_doubles(file, "/break_even/break_even_eur_per_customer_year");
  ASSERT_EQ(break_even.values.size(), 6u);
  EXPECT_DOUBLE_EQ(as_run.values[2], 6.0);
  EXPECT_DOUBLE_EQ(break_even.values[2], 6.0);
  EXPECT_TRUE(std::isfinite(break_even.values[4]));
  // The verdict comes first, after the line saying what the means are over,
  // and is stored best first, in the order printed.
  const std::size_t verdict = outcome.out.find("Verdict: ");
  ASSERT_NE(verdict, std::string::npos);
  EXPECT_LT(verdict, outcome.out.find("KPI "));
  const auto ranked_values = testing::read_doubles(file, "/ranking/value");
  ASSERT_EQ(ranked_values.values.size(), 6u);
  for (std::size_t i = 1; i < ranked_values.values.size(); ++i)
    EXPECT_GE(ranked_values.values[i - 1], ranked_values.values[i]);
  EXPECT_NEAR(testing::read_doubles(file, "/ranking/to_best").values[1],
              ranked_values.values[1] - ranked_values.values[0], 1e-9);
}

TEST_F(Cli, ReportWritesOnePageFromAResultsFileAndRefusesOtherFiles) {
  expect_input_error(with({"run", "--no-out", "--report", "r.html"}, kSmall),
                     "--report: the report is made from the results file; drop --no-out");
  const Outcome compare = omnisim(with({"compare", "--out", "c.h5", "--report", "c.html"}, kSmall));
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_TRUE(fs::is_regular_file(directory_ / "c.html"));
  const Outcome again = omnisim({"report", "c.h5", "-q"});  // default: c.html, exists
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("--force"));
  const Outcome forced = omnisim({"report", "c.h5", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_THAT(forced.err, HasSubstr("report written to c.html"));
  EXPECT_THAT(testing::read_text(directory_ / "c.html"), HasSubstr("\"command\":\"compare\""));
  const Outcome events = omnisim(with({"events", "--out", "e.h5"}, kSmall));
  ASSERT_EQ(events.exit_code, 0) << events.err;
  const Outcome wrong = omnisim({"report", "e.h5"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_THAT(wrong.err, HasSubstr("e.h5: an omnisim-events file"));
  EXPECT_FALSE(fs::exists(directory_ / "e.html"));
  const Outcome itself = omnisim({"report", "c.h5", "--out", "./c.h5", "--force"});
  EXPECT_EQ(itself.exit_code, 2);
  EXPECT_THAT(itself.err, HasSubstr("that is the results file itself"));
  EXPECT_NE(testing::read_text(directory_ / "c.h5").rfind("\x89HDF", 0), std::string::npos)
      << "the results file was overwritten";
  const Outcome missing = omnisim({"report", "none.h5"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("none.h5: no such results file"));
  // Hardening, second round: a file that is not HDF5, or a damaged one, is
  // bad input (exit 2), not a runtime error (exit 1).
  write("text.h5", "not HDF5 at all\n");
  const Outcome text = omnisim({"report", "text.h5", "--out", "text.html"});
  EXPECT_EQ(text.exit_code, 2) << text.err;
  EXPECT_THAT(text.err, HasSubstr("text.h5: not an HDF5 file"));
}

TEST_F(Cli, EventsGoToStdoutAsCsvTheSameAtAnyThreadCount) {
  const Outcome one = omnisim(with({"events", "--out", "-", "--threads", "1"}, kSmall));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out.rfind("event_id,replication,strategy,customer_id,", 0), 0U);
  EXPECT_THAT(one.out, HasSubstr(",multichannel,"));  // the baseline by default
  EXPECT_THAT(one.out, HasSubstr(",purchase,decision,"));
  const Outcome four = omnisim(with({"events", "--out", "-", "--threads", "4"}, kSmall));
  ASSERT_EQ(four.exit_code, 0) << four.err;
  EXPECT_TRUE(one.out == four.out) << "the event log differs between 1 and 4 threads";
  // Every replication in time order: the day column never goes back within one.
  std::istringstream lines(one.out);
  std::string line;
  std::getline(lines, line);
  double last_day = -1.0;
  std::string replication = "0";
  std::size_t rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');)
      fields.push_back(cell);
    if (fields[1] != replication) {
      replication = fields[1];
      last_day = -1.0;
    }
    const double day = std::stod(fields[10]);
    EXPECT_GE(day, last_day) << line;
    last_day = day;
  }
  EXPECT_EQ(replication, "1");
  EXPECT_GT(rows, 1000U);
}

TEST_F(Cli, EventsWriteFilesInEachFormatAndRefuseWhatCannotBe) {
  ASSERT_EQ(omnisim(with({"events", "--out", "e.jsonl", "--strategy", "all"}, kSmall)).exit_code,
            0);
  // Every line a JSON object (parsed, not searched), every strategy there.
  std::istringstream jsonl(testing::read_text(directory_ / "e.jsonl"));
  std::set<std::string> strategies;
  std::size_t lines = 0;
  for (std::string line; std::getline(jsonl, line); ++lines) {
    const auto event = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(event.is_object()) << "line " << lines << ": " << line;
    if (lines == 0) {
      EXPECT_EQ(event["event_id"].get<std::string>().rfind("0-", 0), 0U);
    }
    strategies.insert(event["strategy"].get<std::string>());
  }
  EXPECT_GT(lines, 1000U);
  EXPECT_EQ(strategies,
            (std::set<std::string>{"mono_store", "mono_web", "multichannel", "multichannel_capped",
                                   "cross_channel", "omnichannel"}));
  ASSERT_EQ(omnisim(with({"events", "--out", "e.h5", "--order", "customer"}, kSmall)).exit_code, 0);
  EXPECT_EQ(testing::read_string_attribute(directory_ / "e.h5", "file_type"), "omnisim-events");
  EXPECT_GT(testing::read_events(directory_ / "e.h5").size(), 1000U);
  // An existing file stays without --force; bad values name the option.
  const Outcome again = omnisim(with({"events", "--out", "e.h5"}, kSmall));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("--force"));
  const Outcome format = omnisim(with({"events", "--format", "xml"}, kSmall));
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_THAT(format.err, HasSubstr("--format: expected csv, jsonl or hdf5, got \"xml\""));
  const Outcome piped_hdf5 = omnisim(with({"events", "--out", "-", "--format", "hdf5"}, kSmall));
  EXPECT_EQ(piped_hdf5.exit_code, 2);
  EXPECT_THAT(piped_hdf5.err, HasSubstr("HDF5 cannot go to stdout"));
  const Outcome order = omnisim(with({"events", "--order", "random"}, kSmall));
  EXPECT_EQ(order.exit_code, 2);
  EXPECT_THAT(order.err, HasSubstr("--order: expected time or customer"));
  const Outcome date =
      omnisim(with({"events", "--set", "simulation.start_date=\"2026-02-30\""}, kSmall));
  EXPECT_EQ(date.exit_code, 2);
  EXPECT_THAT(date.err, HasSubstr("simulation.start_date: expected a date YYYY-MM-DD"));
  const Outcome paths = omnisim(with({"events", "--export", "paths", "--out", "-"}, kSmall));
  ASSERT_EQ(paths.exit_code, 0) << paths.err;
  EXPECT_EQ(
      paths.out.rfind("strategy,path,total_conversions,total_conversion_value,total_null\n", 0),
      0U);
  EXPECT_THAT(paths.out, HasSubstr("multichannel,"));
  const Outcome transactions =
      omnisim(with({"events", "--export", "transactions", "--out", "-"}, kSmall));
  ASSERT_EQ(transactions.exit_code, 0) << transactions.err;
  EXPECT_EQ(transactions.out.rfind("customer_id,date,amount_eur,strategy,replication\n", 0), 0U);
  const Outcome both = omnisim(with({"events", "--export", "paths", "--format", "csv"}, kSmall));
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_THAT(both.err, HasSubstr("--export writes CSV: drop --format"));
  const Outcome schema = omnisim({"events", "--schema"});
  EXPECT_EQ(schema.exit_code, 0);
  EXPECT_THAT(schema.out, HasSubstr("journey_id"));
  EXPECT_THAT(schema.out, HasSubstr("timestamp"));
  EXPECT_EQ(files(), (std::vector<std::string>{"e.h5", "e.jsonl"}));
}

using testing::HttpCounter;

// Both HTTP bodies carry valid JSON (the server parses every event and
// answers 400 to anything else) and every event.
TEST_F(Cli, EventsStreamToHttpAsParsedNdjsonAndJsonArrays) {
  for (const char* body : {"ndjson", "array"}) {
    fs::create_directory(directory_ / body);  // a server's port and count files of its own
    HttpCounter server(directory_ / body);
    const Outcome outcome = omnisim({"events", "--customers", "300", "--replications", "1",
                                     "--rate", "1000000", "--max-events", "3000", "--batch", "1000",
                                     "--http-body", body, "--sink", server.url(), "--quiet"});
    const auto [batches, events] = server.stop();
    EXPECT_EQ(outcome.exit_code, 0) << body << ": " << outcome.err;
    EXPECT_GE(batches, 3) << body;  // a batch also ends where the simulation's chunk does
    EXPECT_EQ(events, 3000) << body;
  }
}

TEST_F(Cli, EventsStreamToHttpAtTheRateAskedAndReportLatency) {
  HttpCounter server(directory_);
  ASSERT_FALSE(server.url().empty());
  const Outcome outcome = omnisim({"events", "--customers", "2000", "--replications", "1", "--rate",
                                   "20000", "--max-events", "10000", "--batch", "500",
                                   "--report-every", "0.2", "--sink", server.url()});
  const auto [batches, events] = server.stop();
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(batches, 20);
  EXPECT_EQ(events, 10000);
  for (const char* field :
       {"interval t=", "total t=", "10000 events", "(target 20000)", "latency ms p50 ", " p90 ",
        " p99 ", " p99.9 ", " max ", "max lag", "(20 batches)"}) {
    EXPECT_THAT(outcome.err, HasSubstr(field));
  }
}

TEST_F(Cli, EventsStreamToTcpOneLinePerEventAtSimulatedSpeed) {
  HttpCounter server(directory_, "--tcp");
  const Outcome counted = omnisim({"events", "--customers", "300", "--replications", "1", "--out",
                                   "-", "--format", "jsonl", "--quiet"});
  const auto run_events = std::count(counted.out.begin(), counted.out.end(), '\n');
  // A run's 1,095 days (and a few after, its last events) at 1e8 simulated
  // seconds per second: about a second.
  const Outcome outcome =
      omnisim({"events", "--customers", "300", "--replications", "1", "--speed", "1e8",
               "--max-events", std::to_string(run_events), "--sink", server.tcp()});
  const auto [connections, lines] = server.stop();
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(connections, 1);
  EXPECT_EQ(lines, run_events);
  EXPECT_THAT(outcome.err, HasSubstr("total t="));
}

// A PostgreSQL server of Debian's packages in a temporary data directory,
// on a loopback port, run as `nobody` when the tests run as root (PostgreSQL
// refuses root); stopped and removed at the end.
class TemporaryPostgres {
 public:
  explicit TemporaryPostgres(const fs::path& directory)
      : directory_(directory / "pg"), port_(std::to_string(50000 + ::getpid() % 10000)) {
    fs::create_directories(directory_);
    const bool root = ::geteuid() == 0;
    if (root) as_user_ = "runuser -u nobody -- ";
    if (root) std::system(("chown -R nobody " + testing::shell_quote(directory_.string())).c_str());
    const std::string bin = "/usr/lib/postgresql/15/bin/";
    const std::string data = testing::shell_quote((directory_ / "data").string());
    ok_ = run(bin + "initdb -D " + data + " -A trust -U postgres") &&
          run(bin + "pg_ctl -D " + data + " -w -l " +
              testing::shell_quote((directory_ / "log").string()) + " -o \"-k " +
              directory_.string() + " -p " + port_ + " -c listen_addresses=127.0.0.1\" start");
  }
  ~TemporaryPostgres() {
    run("/usr/lib/postgresql/15/bin/pg_ctl -D " +
        testing::shell_quote((directory_ / "data").string()) + " -m immediate stop");
  }
  bool ok() const { return ok_; }
  std::string uri() const { return "postgresql://postgres@127.0.0.1:" + port_ + "/postgres"; }
  // One row of `sql`'s result, its columns separated by '|'.
  std::string query(const std::string& sql) const {
    FILE* pipe = ::popen(("psql -At -h 127.0.0.1 -p " + port_ + " -U postgres -c " +
                          testing::shell_quote(sql) + " 2>&1")
                             .c_str(),
                         "r");
    std::string out;
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr)
      out += buffer;
    ::pclose(pipe);
    while (!out.empty() && out.back() == '\n')
      out.pop_back();
    return out;
  }

 private:
  bool run(const std::string& command) const {
    return std::system((as_user_ + command + " >/dev/null 2>&1").c_str()) == 0;
  }
  fs::path directory_;
  std::string port_, as_user_;
  bool ok_ = false;
};

TEST_F(Cli, EventsStreamIntoPostgresqlByCopy) {
  fs::permissions(directory_, fs::perms::all);  // the server runs as nobody
  TemporaryPostgres postgres(directory_);
  ASSERT_TRUE(postgres.ok()) << "could not start PostgreSQL (Debian package postgresql)";
  const std::vector<std::string> run{"--customers", "2000", "--replications", "1"};
  const Outcome outcome = omnisim(with({"events", "--rate", "100000", "--max-events", "20000",
                                        "--batch", "1000", "--sink", postgres.uri()},
                                       run));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.err, HasSubstr("latency ms p50"));
  // The same first 20,000 events, from the CSV writer: count and sums agree.
  const Outcome csv = omnisim(with({"events", "--out", "-", "--quiet"}, run));
  std::istringstream lines(csv.out);
  std::string line;
  std::getline(lines, line);
  double amount = 0.0, cost = 0.0;
  for (int i = 0; i < 20000 && std::getline(lines, line); ++i) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');)
      fields.push_back(cell);
    amount += std::stod(fields[12]);
    cost += std::stod(fields[13]);
  }
  const std::string row = postgres.query(
      "select count(*), round(sum(amount_eur)::numeric, 3), round(sum(cost_eur)::numeric, 3), "
      "count(journey_id), count(distinct event_id) from omnisim_events");
  std::ostringstream expected_sums;
  expected_sums << std::fixed << std::setprecision(3) << amount << '|' << cost;
  EXPECT_EQ(row.substr(0, row.find('|')), "20000") << row;
  EXPECT_THAT(row, HasSubstr("|" + expected_sums.str() + "|")) << row;
  EXPECT_THAT(row, ::testing::EndsWith("|20000")) << row;
  // The same events again: their ids are taken, the server refuses, and
  // the error says so and how much was delivered.
  const Outcome again =
      omnisim(with({"events", "--max-events", "1000", "--sink", postgres.uri(), "--quiet"}, run));
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("duplicate key"));
  EXPECT_THAT(again.err, HasSubstr("delivered 0 events"));
  // Hardening, second round: an existing table of other columns was once
  // filled by position (strategies got segment names); now it is refused by
  // name and type, and rows go to their columns by name whatever the order.
  postgres.query("create table other_events (event_id text, strategy integer)");
  const Outcome other = omnisim(with(
      {"events", "--max-events", "100", "--sink", postgres.uri(), "--pg-table", "other_events"},
      run));
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_THAT(other.err, HasSubstr("--pg-table other_events: the existing table is not an omnisim "
                                   "events table (no column replication; strategy is integer, "
                                   "not text;"));
  postgres.query(
      "create table reordered (" +
      std::string("detail smallint, cost_eur double precision, amount_eur double precision, "
                  "timestamp timestamptz, day double precision, channel text, stage text, "
                  "type text, segment text, journey_id bigint, sequence bigint, "
                  "customer_id numeric, strategy text, replication integer, event_id text)"));
  const Outcome reordered = omnisim(with({"events", "--max-events", "1000", "--sink",
                                          postgres.uri(), "--pg-table", "reordered", "--quiet"},
                                         run));
  EXPECT_EQ(reordered.exit_code, 0) << reordered.err;
  EXPECT_EQ(postgres.query("select count(*), count(distinct strategy), min(replication) from "
                           "reordered where strategy = 'multichannel'"),
            "1000|1|0");
  // Hardening, second round: a frozen server once blocked the stream for
  // ever; now the answer it waits for is due within --timeout.
  const Outcome frozen = shell(
      "cd " + testing::shell_quote(directory_.string()) + " && { " +
      testing::shell_quote(OMNISIM_BINARY) +
      " events --customers 2000 --replications 1 --rate 2000 --duration 60 --timeout 2 --sink " +
      postgres.uri() + " --pg-table frozen --quiet 2> frozen.err & pid=$!; sleep 2; " +
      "pg=$(head -1 pg/data/postmaster.pid); kill -STOP $pg; pkill -STOP -P $pg; " +
      "start=$(date +%s); wait $pid; echo \"exit $? after $(( $(date +%s) - start )) s\"; " +
      "kill -CONT $pg; pkill -CONT -P $pg; }");
  EXPECT_THAT(frozen.out, ::testing::MatchesRegex("exit 1 after [0-9] s\n")) << frozen.out;
  EXPECT_THAT(testing::read_text(directory_ / "frozen.err"),
              HasSubstr("no answer from the server within 2.000000 s (--timeout)"));
}

TEST_F(Cli, EventsStreamStopsCleanlyWhenTheSinkFails) {
  HttpCounter failing(directory_, "--fail-after 3");
  const Outcome outcome = omnisim({"events", "--customers", "2000", "--replications", "1", "--rate",
                                   "100000", "--batch", "500", "--sink", failing.url(), "--quiet"});
  const auto [batches, events] = failing.stop();
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err, HasSubstr("the server answered HTTP 500"));
  EXPECT_THAT(outcome.err, HasSubstr("delivered 1500 events in 3 batches before it"));
  EXPECT_EQ(batches, 3);
  EXPECT_EQ(events, 1500);
  const Outcome refused = omnisim({"events", "--customers", "200", "--replications", "1", "--sink",
                                   "http://127.0.0.1:1/nobody", "--quiet"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("delivered 0 events"));
  const Outcome bad = omnisim({"events", "--sink", "udp://x", "--quiet"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(
      bad.err,
      HasSubstr("--sink: expected tcp://HOST:PORT, http://HOST:PORT/PATH, postgresql://... or "
                "kafka://HOST:PORT/TOPIC"));
}

// Hardening, second round: a redirect stored nothing, so it is not
// delivery; a timeout libcurl would round to "none", or one past a day, is
// refused; a password in the sink's URL is never printed.
TEST_F(Cli, EventsCountOnly2xxAsDeliveryAndHideTheSinksPassword) {
  HttpCounter redirecting(directory_, "--status 302");
  const Outcome redirected = omnisim({"events", "--customers", "200", "--replications", "1",
                                      "--rate", "100000", "--sink", redirecting.url(), "--quiet"});
  redirecting.stop();
  EXPECT_EQ(redirected.exit_code, 1);
  EXPECT_THAT(redirected.err, HasSubstr("the server answered HTTP 302 (only 2xx is delivery)"));
  EXPECT_THAT(redirected.err, HasSubstr("delivered 0 events"));
  for (const char* timeout : {"0.0005", "1e300"}) {
    const Outcome outcome = omnisim({"events", "--customers", "200", "--replications", "1",
                                     "--sink", "http://127.0.0.1:1/x", "--timeout", timeout});
    EXPECT_EQ(outcome.exit_code, 2) << timeout;
    EXPECT_THAT(outcome.err, HasSubstr("--timeout: expected 0.001000 to 86400.000000 s"));
  }
  const Outcome secret = omnisim({"events", "--customers", "200", "--replications", "1", "--sink",
                                  "http://omnisim:s3cret@127.0.0.1:1/x"});
  EXPECT_EQ(secret.exit_code, 1);
  EXPECT_THAT(secret.err, HasSubstr("http://omnisim:***@127.0.0.1:1/x"));
  EXPECT_THAT(secret.err, ::testing::Not(HasSubstr("s3cret")));
  const Outcome pg = omnisim({"events", "--customers", "200", "--replications", "1", "--sink",
                              "postgresql://omnisim:s3cret@127.0.0.1:1/db"});
  EXPECT_EQ(pg.exit_code, 1);
  EXPECT_THAT(pg.err, ::testing::Not(HasSubstr("s3cret")));
}

// Hardening, second round: over TCP, "delivered" is what the peer
// confirmed by closing the connection in order; a peer that stops reading
// ends the stream after --timeout instead of blocking it for ever.
TEST_F(Cli, EventsOverTcpCountOnlyWhatThePeerConfirmed) {
  HttpCounter stalled(directory_, "--tcp-stall 1000");
  const Outcome outcome =
      omnisim({"events", "--customers", "2000", "--replications", "1", "--speed", "1e12",
               "--timeout", "1", "--sink", stalled.tcp(), "--quiet"});
  stalled.stop();
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err,
              ::testing::AnyOf(HasSubstr("the peer took no data for 1.000000 s (--timeout)"),
                               HasSubstr("the peer did not close the connection within 1.000000 "
                                         "s of the stream's end")));
  EXPECT_THAT(outcome.err, HasSubstr("none confirmed)"));
}

TEST_F(Cli, RunSimulatesOneStrategy) {
  const Outcome outcome =
      omnisim(with({"run", "--strategy", "omnichannel", "--out", "one.h5"}, kSmall));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("omnichannel"));
  EXPECT_THAT(outcome.out, ::testing::Not(HasSubstr("mono_store")));
  const auto kpi = testing::read_doubles(directory_ / "one.h5", "/kpi/values");
  EXPECT_EQ(kpi.shape[0], 1u);
  EXPECT_EQ(kpi.shape[1], 2u);
}

TEST_F(Cli, ScenarioShowPrintsAValidScenario) {
  const Outcome shown = omnisim({"scenario", "show", "--set", "simulation.seed=77"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("seed = 77"));
  write("shown.toml", shown.out);
  const Outcome validated = omnisim({"validate", "shown.toml"});
  EXPECT_EQ(validated.exit_code, 0) << validated.err;
  EXPECT_THAT(validated.out, HasSubstr("shown.toml: valid"));
}

TEST_F(Cli, ValidateReportsEveryProblemWithLocation) {
  write("bad.toml", "[simulation]\ncustomers = \"many\"\ncolour = 1\n\n[money]\nmargin_rate = 2\n");
  const Outcome outcome = omnisim({"validate", "bad.toml"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("bad.toml:2:13: simulation.customers: expected an integer"));
  EXPECT_THAT(outcome.err, HasSubstr("bad.toml:3:1: simulation.colour: unknown key"));
  EXPECT_THAT(outcome.err,
              HasSubstr("bad.toml:6:15: money.margin_rate: expected a number in [0, 1]"));
  EXPECT_THAT(outcome.err, HasSubstr("segments: at least one segment is required"));
}

// Hardening, second round: every command caps its worker threads (a sweep
// once started 14,334 and aborted).
TEST_F(Cli, EveryCommandCapsItsThreads) {
  write("sweep.toml",
        "design = \"lhs\"\npoints = 2\nstrategies = [\"omnichannel\"]\nkpis = [\"clv_eur\"]\n"
        "[[parameter]]\nkey = \"strategies.omnichannel.linkage\"\nlow = 0\nhigh = 1\n");
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"sweep", "sweep.toml"},
        {"run"},
        {"events"},
        {"calibrate", "--target", "nps=5", "--free", "mechanisms.habit.utility=[0.5,3]"}}) {
    expect_input_error(with(command, {"--threads", "100000"}),
                       "--threads: expected 0 (every core) or a count up to 1024, got 100000");
  }
}

TEST_F(Cli, VersionNamesTheCommitAndTheBuild) {
  Outcome version = omnisim({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  ASSERT_FALSE(version.out.empty());
  EXPECT_EQ(version.out.back(), '\n');
  version.out.pop_back();
  EXPECT_THAT(version.out,
              ::testing::MatchesRegex(R"(omnisim [0-9]+\.[0-9]+\.[0-9]+ \(git [^,]+, .+ build\))"));
}

// A misspelt name is an error that names the closest one; --set never
// declares a strategy, channel, segment or campaign.
TEST_F(Cli, MisspeltNamesGetASuggestion) {
  expect_input_error({"compare", "--set", "strategies.omnichanel.linkage=0.5"},
                     "no strategy \"omnichanel\"; did you mean \"omnichannel\"?");
  expect_input_error({"compare", "--set", "strategies.omnichanel.linkage=0.5"},
                     "a new strategy is declared as a [strategies.omnichanel] table in a scenario "
                     "file");
  expect_input_error({"compare", "--set", "campaigns.emial.cost_eur=0.1"},
                     "no campaign \"emial\"; did you mean \"email\"?");
  expect_input_error({"compare", "--set", "channels.kiosk.conversion=0.1"},
                     "no channel \"kiosk\" (channels: app, call_centre, chat,");
  expect_input_error({"run", "--strategy", "Omnichannel"},
                     "--strategy: unknown strategy \"Omnichannel\"; did you mean \"omnichannel\"?");
  expect_input_error({"compare", "--set", "strategies.omnichannel.channels=[\"web\", \"stroe\"]"},
                     "unknown channel \"stroe\"; did you mean \"store\"?");
  expect_input_error({"compare", "--set", "simulation.customer=5"},
                     "simulation.customer: unknown key; did you mean \"customers\"?");
  expect_input_error({"comapre"}, "unknown command \"comapre\"; did you mean \"compare\"?");
  expect_input_error({"explain", "--mechanisms", "persnalisation"},
                     "unknown mechanism \"persnalisation\"; did you mean \"personalisation\"?");
}

TEST_F(Cli, EveryBadInputClassHasItsMessageAndExitCodeTwo) {
  write("unknown_key.toml", "[simulation]\ncustomer = 5\n");
  expect_input_error({"compare", "--scenario", "unknown_key.toml"},
                     "unknown_key.toml:2:1: simulation.customer: unknown key");
  expect_input_error({"compare", "--set", "simulation.customers=abc"},
                     "simulation.customers: expected an integer, got a string");
  expect_input_error({"compare", "--set", "strategies.omnichannel.linkage=1.5"},
                     "strategies.omnichannel.linkage: expected a number in [0, 1], got 1.5");
  expect_input_error({"compare", "--set", "strategies.omnichannel.channels=[\"web\", \"fax\"]"},
                     "strategies.omnichannel.channels[1]: unknown channel \"fax\"");
  expect_input_error({"compare", "--set", "strategies.omnichannel.channels=[]"},
                     "strategies.omnichannel.channels: a strategy needs at least one channel");
  expect_input_error({"compare", "--set", "simulation.nonsense=1"},
                     "--set simulation.nonsense=1: simulation.nonsense: unknown key");
  expect_input_error({"compare", "--set", "oops"}, "--set oops: expected key.path=value");
  expect_input_error({"compare", "--customers", "abc"}, "'--customers' is invalid");
  expect_input_error({"compare", "--frobnicate"}, "unrecognised option '--frobnicate'");
  expect_input_error({"frobnicate"}, "unknown command \"frobnicate\" (commands: compare, run,");
  expect_input_error(
      {"compare", "--scenario", "missing.toml"},
      "missing.toml: cannot read scenario file: cannot open it (No such file or directory)");
  write("syntax.toml", "[simulation\n");
  expect_input_error({"validate", "syntax.toml"}, "syntax.toml:1:");
  expect_input_error({"run", "--strategy", "teleport"},
                     "--strategy: unknown strategy \"teleport\"");
  expect_input_error({"compare", "--baseline", "teleport"}, "--baseline: unknown strategy");
  expect_input_error({"run", "--customers", "10", "--trace-customer", "10"},
                     "--trace-customer: no customer 10 (ids are 0..9)");
  expect_input_error({"run", "--threads", "-1"}, "--threads: expected 0");
  expect_input_error({"run", "--out", "no/such/dir/x.h5"}, "does not exist");
  expect_input_error({"run", "--out", ""}, "expected a file name for the results");
  expect_input_error({"run", "--threads", "5000"}, "--threads: expected 0 (every core) or a count");
  // A stray word is an error, not silently ignored (this would run the baseline).
  expect_input_error({"run", "omnichannel"}, "too many positional options");
  expect_input_error({"scenario", "show", "extra"}, "too many positional options");
  expect_input_error({"run", "--trace-customer", "-1"}, "--trace-customer: expected a customer id");
  expect_input_error({"compare", "--strategies", "omnichannel", "omnichannel"},
                     "--strategies: \"omnichannel\" is listed twice");
  expect_input_error({"compare", "--strategies", "omnichannel", "mono_web"},
                     "--strategies leaves out the baseline \"multichannel\"");
  expect_input_error({"explain", "--kpis", ",,"}, "--kpis: expected at least one KPI name");
  expect_input_error({"explain", "--trace-customer", "3"}, "unrecognised option");
  expect_input_error({"validate", "."}, ".: is a directory, expected a scenario file");
  expect_input_error({"run", "--out", "."}, ".: is a directory, not a regular file");
  write("plain.txt", "a file, not a directory");
  expect_input_error({"run", "--out", "plain.txt/x.h5"}, "plain.txt is not a directory");
  expect_input_error({"run", "--set", "bridges.ropo.research_channels=[]"},
                     "bridges.ropo.research_channels: an offered bridge needs at least 1 channel");
  expect_input_error({"run", "--set", "bridges.cart_sync.channels=[\"web\"]"},
                     "bridges.cart_sync.channels: an offered bridge needs at least 2 channels");
  expect_input_error({"run", "--set", "simulation.seed=5\nsimulation.customers=7"},
                     "--set: a value must fit on one line");
  // The largest allowed population needs 172 GB: refused on any smaller machine.
  if (static_cast<double>(::sysconf(_SC_PHYS_PAGES)) *
          static_cast<double>(::sysconf(_SC_PAGESIZE)) <
      2e11) {
    expect_input_error({"run", "--customers", "1000000000"},
                       "simulation.customers = 1000000000 take");
    // One customer, but 10,000 replications x 5 strategies x 10,000 periods
    // of time series: about 90 GB, which the memory check once ignored.
    expect_input_error({"compare", "--customers", "1", "--replications", "10000", "--set",
                        "simulation.horizon_days=36500", "--set", "simulation.period_days=3.65"},
                       "the time series of 10000 replications x 6 strategies x 10000 periods");
  }
}

TEST_F(Cli, AnInterruptedRunLeavesNoFile) {
  // SIGTERM two seconds into a run of minutes (the file is created before the
  // first customer is drawn): the temporary goes too. SIGINT takes the same
  // path, but a background job may inherit it ignored.
  const Outcome outcome =
      shell("cd " + testing::shell_quote(directory_.string()) + " && { " +
            testing::shell_quote(OMNISIM_BINARY) +
            " compare -q --out int.h5 & pid=$!; sleep 2; ls; kill -TERM $pid; wait $pid; }");
  EXPECT_NE(outcome.exit_code, 0);                     // ended by the signal
  EXPECT_THAT(outcome.out, HasSubstr("int.h5.tmp."));  // the temporary was there...
  EXPECT_TRUE(files().empty()) << files().front();     // ...and is gone
}

// Starts `omnisim ARGS` (default: compare into sig.h5) in the test directory
// (not through sh, which starts a background job with SIGINT and SIGQUIT
// ignored), sends `signal` once the temporary of `out` exists, and returns
// how it ended.
int interrupted_run_status(const fs::path& directory, int signal,
                           const std::vector<std::string>& args = {"compare", "-q", "--out",
                                                                   "sig.h5"},
                           const std::string& out = "sig.h5") {
  const pid_t child = ::fork();
  if (child == 0) {
    const rlimit no_core{0, 0};  // SIGQUIT dumps core by default
    ::setrlimit(RLIMIT_CORE, &no_core);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    std::vector<char*> argv{const_cast<char*>("omnisim")};
    for (const auto& arg : args)
      argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    if (::chdir(directory.c_str()) == 0) ::execv(OMNISIM_BINARY, argv.data());
    ::_exit(127);
  }
  const fs::path temporary = directory / (out + ".tmp." + std::to_string(child));
  const auto poll = [](const std::function<bool()>& done) {
    for (int i = 0; i < 200 && !done(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  };
  poll([&] { return fs::exists(temporary); });
  EXPECT_TRUE(fs::exists(temporary)) << "no temporary to remove";
  ::kill(child, signal);
  int status = 0;
  poll([&] { return ::waitpid(child, &status, WNOHANG) == child; });
  if (!WIFSIGNALED(status) && !WIFEXITED(status)) {  // still running: the signal was lost
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
    ADD_FAILURE() << "signal " << signal << " did not end the run";
  }
  return status;
}

TEST_F(Cli, EveryTerminatingSignalRemovesTheTemporary) {
  // The user and timer signals too (hardening, second round: they once left it).
  for (const int signal : {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGXCPU, SIGXFSZ, SIGUSR1,
                           SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF}) {
    const int status = interrupted_run_status(directory_, signal);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == signal)  // ended as by the signal
        << "signal " << signal << ", status " << status;
    EXPECT_TRUE(files().empty()) << "signal " << signal << " left " << files().front();
    for (const auto& name : files())
      fs::remove(directory_ / name);
  }
}

// Hardening, second round: a paced stream into a file once left its
// temporary on INT, TERM and HUP, and no events run removed stale ones.
// Since the streams run until stopped, those signals end one cleanly: exit
// 0, the file holding what was delivered, no temporary.
TEST_F(Cli, PacedEventsIntoAFileLeaveNoTemporary) {
  const pid_t dead = ::fork();  // a pid that no longer runs
  if (dead == 0) ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  write("stale.csv.tmp." + std::to_string(dead), "partial");
  const Outcome cleaned =
      omnisim({"events", "--customers", "100", "--replications", "1", "--format", "csv", "--rate",
               "1000000", "--max-events", "100", "--out", "stale.csv", "-q"});
  EXPECT_EQ(cleaned.exit_code, 0) << cleaned.err;
  EXPECT_EQ(files(), (std::vector<std::string>{"stale.csv"}));
  fs::remove(directory_ / "stale.csv");
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
    const int status = interrupted_run_status(
        directory_, signal,
        {"events", "--format", "csv", "--rate", "100", "--out", "paced.csv", "-q"}, "paced.csv");
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "signal " << signal << ", status " << status;
    EXPECT_EQ(files(), (std::vector<std::string>{"paced.csv"})) << "signal " << signal;
    for (const auto& name : files())
      fs::remove(directory_ / name);
  }
}

TEST_F(Cli, OutputMustBeARegularFileOrANewPath) {
  // A FIFO here, not /dev/null itself: a regression would replace the device.
  ASSERT_EQ(::mkfifo((directory_ / "fifo.h5").c_str(), 0600), 0);
  const Outcome fifo = omnisim(with({"run", "--out", "fifo.h5", "--force"}, kSmall));
  EXPECT_EQ(fifo.exit_code, 2) << fifo.err;
  EXPECT_THAT(fifo.err, HasSubstr("fifo.h5: is a FIFO, not a regular file; omnisim writes "
                                  "results only to regular files or new paths"));
  EXPECT_TRUE(fs::is_fifo(directory_ / "fifo.h5"));
  fs::create_symlink("/dev/null", directory_ / "null.h5");
  const Outcome null = omnisim(with({"run", "--out", "null.h5", "--force"}, kSmall));
  EXPECT_EQ(null.exit_code, 2) << null.err;
  EXPECT_THAT(null.err, HasSubstr("null.h5: is a symbolic link to /dev/null, which is a "
                                  "character device, not a regular file"));
  EXPECT_TRUE(fs::is_symlink(directory_ / "null.h5"));
  EXPECT_EQ(files(), (std::vector<std::string>{"fifo.h5", "null.h5"}));
}

TEST_F(Cli, SymlinkedOutputIsWrittenThroughOrRefusedUpFront) {
  fs::create_symlink("missing.h5", directory_ / "dangling.h5");
  // Refused before the run (of minutes), not after it.
  const Outcome dangling = omnisim({"compare", "-q", "--out", "dangling.h5"});
  EXPECT_EQ(dangling.exit_code, 2) << dangling.err;
  EXPECT_THAT(dangling.err,
              HasSubstr("dangling.h5: is a symbolic link to missing.h5, which does not exist"));
  fs::remove(directory_ / "dangling.h5");
  write("real.h5", "old");
  fs::create_symlink("real.h5", directory_ / "link.h5");
  const Outcome refused = omnisim(with({"run", "--out", "link.h5"}, kSmall));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("link.h5: file exists; pass --force"));
  const Outcome forced = omnisim(with({"run", "--out", "link.h5", "--force"}, kSmall));
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_TRUE(fs::is_symlink(directory_ / "link.h5"));  // the link stays, its file is replaced
  EXPECT_EQ(testing::read_string_attribute(directory_ / "real.h5", "file_type"), "omnisim-results");
  EXPECT_EQ(files(), (std::vector<std::string>{"link.h5", "real.h5"}));
}

// Hardening, second round: --force once wrote through another user's link
// in a sticky directory (as root: any file, /etc/passwd included).
TEST_F(Cli, AnotherUsersLinkInASharedDirectoryIsNotWrittenThrough) {
  const fs::path shared = directory_ / "shared";
  fs::create_directory(shared);
  fs::permissions(shared, fs::perms::all | fs::perms::sticky_bit);
  write("victim.h5", "precious");
  fs::create_symlink(directory_ / "victim.h5", shared / "trap.h5");
  if (::lchown((shared / "trap.h5").c_str(), 65534, 65534) != 0) {
    GTEST_SKIP() << "cannot give the link to another user here (not root)";
  }
  const Outcome outcome = omnisim(with({"run", "--out", "shared/trap.h5", "--force"}, kSmall));
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("the link belongs to another user (uid 65534) in a shared "
                                     "directory; name the file itself, or another path"));
  EXPECT_EQ(testing::read_text(directory_ / "victim.h5"), "precious");
}

TEST_F(Cli, LongFileNamesWorkAndTooLongOnesAreRefusedUpFront) {
  const std::string name = std::string(247, 'r') + ".h5";  // 250 bytes, legal
  const Outcome outcome = omnisim(with({"run", "--out", name}, kSmall));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(files(), std::vector<std::string>{name});
  fs::remove(directory_ / name);
  expect_input_error({"compare", "-q", "--out", std::string(253, 'r') + ".h5"},
                     "the file name is 256 bytes long; the longest this file system takes is 255");
}

TEST_F(Cli, StaleTemporariesOfTheTargetAreRemoved) {
  const pid_t child = ::fork();  // a pid that no longer runs
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  const std::string dead = std::to_string(child), live = std::to_string(::getpid());
  for (const std::string& name :
       {"s.h5.tmp." + dead, "s.h5.tmp." + live, "s.h5.tmp.x" + dead, "other.h5.tmp." + dead}) {
    write(name, "partial");
  }
  const Outcome outcome =
      omnisim({"run", "--customers", "300", "--replications", "2", "--out", "s.h5"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.err, HasSubstr("removed s.h5.tmp." + dead + ", left by an interrupted run"));
  EXPECT_EQ(files(), (std::vector<std::string>{"other.h5.tmp." + dead, "s.h5", "s.h5.tmp." + live,
                                               "s.h5.tmp.x" + dead}));
}

TEST_F(Cli, FactsPrintsEveryFactAndWritesTheTable) {
  const Outcome outcome = omnisim(with({"facts", "--out", "facts.h5"}, kSmall));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("shoppers_online_only"));
  // In-sample facts, validations and restated inputs apart, each counted.
  EXPECT_THAT(outcome.out, HasSubstr("In-sample: the built-in scenario was calibrated to these"));
  EXPECT_THAT(outcome.out, HasSubstr("Validation: no calibration touched these"));
  EXPECT_THAT(outcome.out, ::testing::ContainsRegex("in-sample: [0-9]+ of 11 pass"));
  EXPECT_THAT(outcome.out, ::testing::ContainsRegex("validation: [0-9]+ of 14 pass"));
  EXPECT_THAT(outcome.out, HasSubstr("Not modelled"));
  // 300 customers cannot decide most facts, and the table says so
  EXPECT_THAT(outcome.out, HasSubstr("inconclusive (interval wider than the tolerance)"));
  const auto target = testing::read_doubles(directory_ / "facts.h5", "/facts/target");
  EXPECT_EQ(target.values.size(), stylised_facts().size());
  // compare files carry the same table
  ASSERT_EQ(omnisim(with({"compare", "--out", "compare.h5"}, kSmall)).exit_code, 0);
  EXPECT_EQ(testing::read_doubles(directory_ / "compare.h5", "/facts/target").values.size(),
            stylised_facts().size());
}

// docs/model.md §7: without discounting, a dropout shape s <= 1 makes the
// mean lifetime infinite; the lifetime KPIs are n/a, and the table says why
// (the built-in bargain hunters have s = 1).
TEST_F(Cli, ALifetimeMeanThatDoesNotExistPrintsNaWithTheReason) {
  const Outcome undefined =
      omnisim(with({"run", "--no-out", "--set", "money.discount_rate_per_year=0"}, kSmall));
  ASSERT_EQ(undefined.exit_code, 0) << undefined.err;
  EXPECT_THAT(undefined.out, ::testing::ContainsRegex("clv_lifetime_eur \\[EUR\\] +n/a"));
  EXPECT_THAT(undefined.out,
              HasSubstr("n/a: lifetime KPIs -- with money.discount_rate_per_year = 0 the mean "
                        "lifetime CLV is infinite: segments.bargain_hunters.dropout.s = 1 <= 1 "
                        "gives Pareto/NBD lifetimes of infinite mean"));
  const Outcome finite = omnisim(with({"run", "--no-out", "--set", "money.discount_rate_per_year=0",
                                       "--set", "segments.bargain_hunters.dropout.s=1.5"},
                                      kSmall));
  ASSERT_EQ(finite.exit_code, 0) << finite.err;
  EXPECT_THAT(finite.out, ::testing::Not(HasSubstr("n/a: lifetime KPIs")));
  EXPECT_THAT(finite.out, ::testing::ContainsRegex("clv_lifetime_eur \\[EUR\\] +[0-9]"));
}

// Two compare files whose scenarios differ in one key: the report names the
// key with both values and says what became of the verdict; a sweep file
// shows where the verdict flips, and refuses a sweep without the objective.
TEST_F(Cli, ReportAgainstABaselineNamesTheChangedKeyAndTheVerdict) {
  ASSERT_EQ(omnisim(with({"compare", "--out", "base.h5"}, kSmall)).exit_code, 0);
  ASSERT_EQ(omnisim(with({"compare", "--out", "edited.h5", "--set",
                          "strategies.omnichannel.fixed_cost_eur_per_customer_year=60"},
                         kSmall))
                .exit_code,
            0);
  const Outcome against = omnisim({"report", "edited.h5", "--against", "base.h5", "-q"});
  ASSERT_EQ(against.exit_code, 0) << against.err;
  EXPECT_THAT(against.out, HasSubstr("Against base.h5: 1 scenario key changed\n"
                                     "  strategies.omnichannel.fixed_cost_eur_per_customer_year: "
                                     "10.0 -> 60.0\n"));
  EXPECT_THAT(against.out, HasSubstr("Verdict on clv_lifetime_net_per_prospect_eur: "));
  // 50 EUR more per customer-year moves omnichannel's value per prospect.
  EXPECT_THAT(against.out, HasSubstr("  omnichannel clv_lifetime_net_per_prospect_eur: "));
  // Found in the page's embedded data (no page dumped when it is not).
  const auto in_page = [this](const std::string& page, const std::string& text) {
    return testing::read_text(directory_ / page).find(text) != std::string::npos;
  };
  EXPECT_TRUE(in_page("edited.html",
                      "\"key\":\"strategies.omnichannel.fixed_cost_eur_per_customer_year\""));
  // An input error that leaves the results files and writes no page.
  const auto refused = [this](const std::vector<std::string>& args, const std::string& message) {
    const Outcome outcome = omnisim(args);
    EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
    EXPECT_THAT(outcome.err, HasSubstr(message));
  };
  const Outcome same =
      omnisim({"report", "base.h5", "--against", "base.h5", "-q", "--out", "same.html"});
  EXPECT_THAT(same.out, HasSubstr("0 scenario keys changed"));
  EXPECT_THAT(same.out, HasSubstr("unchanged"));
  refused({"report", "edited.h5", "--against", "none.h5", "--out", "none.html"},
          "--against none.h5: no such file");

  write("verdict.toml",
        "design = \"lhs\"\npoints = 6\nreplications = 1\n"
        "strategies = [\"omnichannel\", \"multichannel\"]\n"
        "kpis = [\"clv_lifetime_net_per_prospect_eur\"]\n[fixed]\nsimulation.customers = 200\n"
        "[[parameter]]\nkey = \"strategies.omnichannel.fixed_cost_eur_per_customer_year\"\n"
        "low = 0\nhigh = 80\n");
  ASSERT_EQ(omnisim({"sweep", "verdict.toml", "-q", "--out", "verdict.h5"}).exit_code, 0);
  const Outcome flips = omnisim({"report", "base.h5", "--sweep", "verdict.h5", "-q", "--force"});
  ASSERT_EQ(flips.exit_code, 0) << flips.err;
  EXPECT_TRUE(in_page("base.html", "\"verdict_flips\":{\"contrast\":{\"above\":"));
  EXPECT_TRUE(
      in_page("base.html", "\"objective\":\"clv_lifetime_net_per_prospect_eur\",\"points\":["));
  write("other.toml",
        "design = \"lhs\"\npoints = 2\nreplications = 1\n"
        "strategies = [\"omnichannel\", \"multichannel\"]\nkpis = [\"clv_eur\"]\n"
        "[fixed]\nsimulation.customers = 100\n"
        "[[parameter]]\nkey = \"strategies.omnichannel.linkage\"\nlow = 0\nhigh = 1\n");
  ASSERT_EQ(omnisim({"sweep", "other.toml", "-q", "--out", "other.h5"}).exit_code, 0);
  refused({"report", "base.h5", "--sweep", "other.h5", "--out", "none.html"},
          "other.h5: the sweep kept no KPI clv_lifetime_net_per_prospect_eur (the compare file's "
          "objective)");
  EXPECT_FALSE(fs::exists(directory_ / "none.html"));
}

TEST_F(Cli, ExplainPrintsAWaterfallThatAddsUp) {
  const std::vector<std::string> args{"explain", "--mechanisms",
                                      "context_carryover,personalisation", "--kpis", "clv_eur"};
  const Outcome outcome = omnisim(with(with(args, {"--out", "explain.h5"}), kSmall));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("structural (listed ones off)"));
  EXPECT_THAT(outcome.out, HasSubstr("context_carryover"));
  EXPECT_THAT(outcome.out, HasSubstr("= total difference"));
  EXPECT_THAT(outcome.out, HasSubstr("Shapley value"));
  EXPECT_THAT(outcome.out, ::testing::Not(HasSubstr("interaction")));  // Shapley leaves none
  EXPECT_EQ(outcome.out.rfind("Verdict: ", 0), 0u) << "the verdict comes first";
  const fs::path shapley = directory_ / "explain.h5";
  EXPECT_EQ(testing::read_string_attribute(shapley, "method", "/explain"), "shapley");
  EXPECT_EQ(
      testing::read_strings(shapley, "/explain/term"),
      (std::vector<std::string>{"total", "structural", "context_carryover", "personalisation"}));
  const auto mean = testing::read_doubles(shapley, "/explain/mean");
  ASSERT_EQ(mean.shape, (std::vector<unsigned long long>{1, 4}));
  EXPECT_NEAR(mean.values[1] + mean.values[2] + mean.values[3], mean.values[0], 1e-9);

  // One at a time: its parts and the interaction residual.
  const Outcome one_at_a_time =
      omnisim(with(with(args, {"--method", "one-at-a-time", "--out", "explain-oaat.h5"}), kSmall));
  ASSERT_EQ(one_at_a_time.exit_code, 0) << one_at_a_time.err;
  EXPECT_THAT(one_at_a_time.out, HasSubstr("interaction"));
  const fs::path oaat = directory_ / "explain-oaat.h5";
  EXPECT_EQ(testing::read_string_attribute(oaat, "method", "/explain"), "one-at-a-time");
  EXPECT_EQ(testing::read_strings(oaat, "/explain/term").back(), "interaction");
  const auto oaat_mean = testing::read_doubles(oaat, "/explain/mean");
  ASSERT_EQ(oaat_mean.shape, (std::vector<unsigned long long>{1, 5}));
  // Both methods run the scenario itself and agree on the total and on the
  // structural part (the same two variants).
  EXPECT_EQ(oaat_mean.values[0], mean.values[0]);
  EXPECT_EQ(oaat_mean.values[1], mean.values[1]);
  fs::remove(oaat);
  fs::remove(directory_ / "explain.h5");

  // The contact policy is a lever of its own: its part is contact
  // discipline, apart from integration, in the table and in the file.
  const Outcome lever = omnisim(with({"explain", "--mechanisms", "context_carryover,contact_policy",
                                      "--kpis", "retention_12m", "--out", "explain.h5"},
                                     kSmall));
  ASSERT_EQ(lever.exit_code, 0) << lever.err;
  EXPECT_THAT(lever.out, HasSubstr("contact_policy is a strategy lever"));
  EXPECT_THAT(lever.out, HasSubstr("of which integration"));
  EXPECT_THAT(lever.out, HasSubstr("of which contact discipline"));
  EXPECT_EQ(testing::read_strings(shapley, "/explain/group"),
            (std::vector<std::string>{"", "", "integration", "contact discipline"}));
  fs::remove(directory_ / "explain.h5");
  expect_input_error(
      {"explain", "--baseline", "multichannel_capped", "--mechanisms", "contact_policy"},
      "--mechanisms: \"contact_policy\": omnichannel and multichannel_capped have "
      "the same contact_policy, which cannot explain their difference");
  // With the objective decomposed, the verdict's reasons are its terms.
  const Outcome reasons =
      omnisim(with({"explain", "--method", "one-at-a-time", "--mechanisms", "context_carryover",
                    "--kpis", "clv_lifetime_net_per_prospect_eur", "--out", "explain.h5"},
                   kSmall));
  ASSERT_EQ(reasons.exit_code, 0) << reasons.err;
  EXPECT_THAT(reasons.out, HasSubstr("explain puts omnichannel - multichannel at "));
  EXPECT_THAT(reasons.out, HasSubstr("the terms of omnichannel's line, with the opposite sign"));
  const auto ranked = testing::read_strings(shapley, "/ranking/strategy");
  EXPECT_EQ(ranked.size(), 2u);
  fs::remove(directory_ / "explain.h5");
  expect_input_error({"explain", "--mechanisms", "telepathy"},
                     "--mechanisms: unknown mechanism \"telepathy\"");
  // The library names the key; the command adds the flag.
  expect_input_error(
      {"explain", "--mechanisms", "habit", "--set", "mechanisms.habit.enabled=false"},
      "--mechanisms: \"habit\" is already off in the scenario (mechanisms.habit.enabled = false)");
  expect_input_error({"explain", "--kpis", "happiness"}, "--kpis: unknown KPI \"happiness\"");
  expect_input_error({"explain", "--target", "multichannel"}, "name the same strategy");
}

TEST_F(Cli, ExplainRefusesAnUnknownMethodAndMoreThanEightMechanisms) {
  // Small runs, so a check that lets them through fails in seconds.
  const std::vector<std::string> tiny{"--customers", "100", "--replications", "1", "--no-out"};
  expect_input_error(with({"explain", "--method", "banzhaf", "--mechanisms", "habit"}, tiny),
                     "--method: expected shapley or one-at-a-time, got \"banzhaf\"");
  expect_input_error(with({"explain", "--mechanisms",
                           "funnel,habit,context_carryover,personalisation,service,"
                           "first_contact_resolution,stockouts,satisfaction,marketing"},
                          tiny),
                     "--mechanisms: Shapley attribution runs every subset of the mechanisms (2^k "
                     "variants) and takes at most 8, got 9: choose fewer");
  expect_input_error(with({"explain", "--mechanisms", "habit,habit"}, tiny),
                     "--mechanisms: \"habit\" is listed twice");
}

TEST_F(Cli, ExplainShapleyCapsTheCustomersUnlessGiven) {
  const std::vector<std::string> args{"explain",
                                      "--mechanisms",
                                      "habit",
                                      "--kpis",
                                      "clv_eur",
                                      "--set",
                                      "simulation.customers=25000",
                                      "--replications",
                                      "1"};
  const Outcome capped = omnisim(with(args, {"--out", "capped.h5"}));
  ASSERT_EQ(capped.exit_code, 0) << capped.err;
  EXPECT_THAT(capped.err, HasSubstr("shapley over 1 mechanisms (2 variants), 20000 customers "
                                    "(shapley's cap; --customers N to choose)"));
  EXPECT_EQ(testing::read_int_attribute(directory_ / "capped.h5", "customers"),
            (std::vector<std::int64_t>{20000}));
  const Outcome given = omnisim(with(args, {"--customers", "400", "--no-out"}));
  ASSERT_EQ(given.exit_code, 0) << given.err;
  EXPECT_THAT(given.err, HasSubstr("400 customers x 1 replications"));
  EXPECT_THAT(omnisim({"explain", "--help"}).out, HasSubstr("simulation.customers at 20000"));
}

TEST_F(Cli, ExistingOutputNeedsForce) {
  write("taken.h5", "not an HDF5 file");
  const Outcome refused = omnisim(with({"run", "--out", "taken.h5"}, kSmall));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("taken.h5: file exists; pass --force to overwrite it"));
  EXPECT_EQ(testing::read_text(directory_ / "taken.h5"), "not an HDF5 file");
  const Outcome forced = omnisim(with({"run", "--out", "taken.h5", "--force"}, kSmall));
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(testing::read_string_attribute(directory_ / "taken.h5", "file_type"),
            "omnisim-results");
}

TEST_F(Cli, AFailedWriteIsARuntimeErrorAndLeavesNoFile) {
  // A file-size limit makes HDF5 fail while the results are written.
  const Outcome outcome =
      shell("cd " + testing::shell_quote(directory_.string()) +
            " && bash -c \"trap '' XFSZ; ulimit -f 32; " + testing::shell_quote(OMNISIM_BINARY) +
            " run --customers 500 -q -o t.h5\"");
  EXPECT_EQ(outcome.exit_code, 1) << outcome.err;
  EXPECT_THAT(outcome.err, HasSubstr("omnisim: runtime error: HDF5"));
  // The system's reason, not only which write failed.
  EXPECT_THAT(outcome.err, HasSubstr(": File too large"));
  EXPECT_TRUE(files().empty()) << files().front();
}

TEST_F(Cli, ThreadCountsGiveIdenticalDatasets) {
  // Several blocks of customers (1024 each), so threads really share the work;
  // three blocks and two strategies are enough under the sanitizers, which
  // run it ten times slower.
#ifdef OMNISIM_SLOW_BUILD
  const std::vector<std::string> blocks{
      "--customers",       "2500",         "--replications", "2",          "--quiet",
      "--customers-table", "--strategies", "multichannel",   "omnichannel"};
#else
  const std::vector<std::string> blocks{"--customers", "5000",    "--replications",
                                        "2",           "--quiet", "--customers-table"};
#endif
  for (const char* threads : {"1", "2", "4"}) {
    const Outcome outcome = omnisim(with(
        {"compare", "--threads", threads, "--out", std::string("t") + threads + ".h5"}, blocks));
    ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  }
  ASSERT_EQ(omnisim(with({"compare", "--seed", "2", "--out", "seed2.h5"}, blocks)).exit_code, 0);
  // h5diff compares every dataset of a group value by value; datasets of
  // different shapes are "not comparable", which it does not count as a difference.
  const auto identical = [&](const char* other, const char* group) {
    const Outcome diff = shell("cd " + testing::shell_quote(directory_.string()) +
                               " && h5diff -c t1.h5 " + other + ' ' + group + ' ' + group);
    return diff.exit_code == 0 && (diff.out + diff.err).find("comparable") == std::string::npos;
  };
  for (const char* group : {"/kpi", "/timeseries", "/retention", "/customers", "/facts"}) {
    EXPECT_TRUE(identical("t2.h5", group)) << group << " differs at 2 threads";
    EXPECT_TRUE(identical("t4.h5", group)) << group << " differs at 4 threads";
    EXPECT_FALSE(identical("seed2.h5", group)) << group << " is the same under another seed";
  }
}

TEST_F(Cli, TraceAgreesWithTheCustomersTable) {
  for (const char* id : {"5", "6", "7", "8"}) {
    const fs::path file = directory_ / (std::string("traced") + id + ".h5");
    const Outcome outcome =
        omnisim({"run", "--strategy", "omnichannel", "--customers", "400", "--replications", "1",
                 "--quiet", "--trace-customer", id, "--customers-table", "--out", file.string()});
    ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
    const auto rows = testing::read_customers(file);
    ASSERT_GE(rows.size(), 400u);  // paid customers first, then referred ones
    const auto& row = rows[std::stoul(id)];
    EXPECT_EQ(row.id, std::stoul(id));
    const auto at = outcome.out.find("summary: ");
    ASSERT_NE(at, std::string::npos) << outcome.out;
    const std::string line = outcome.out.substr(at, outcome.out.find('\n', at) - at);
    if (line.find("never acquired") != std::string::npos) {
      EXPECT_EQ(row.acquisition, 2) << line;  // lost to detractors
      EXPECT_EQ(row.orders, 0u);
      continue;
    }
    // "summary: orders N, revenue X EUR, CLV Y EUR (...), channels used: ..., alive at the horizon"
    unsigned long orders = 0;
    double revenue = 0.0, clv = 0.0;
    ASSERT_EQ(std::sscanf(line.c_str(), "summary: orders %lu, revenue %lf EUR, CLV %lf EUR",
                          &orders, &revenue, &clv),
              3)
        << line;
    EXPECT_EQ(row.acquisition, 0);
    EXPECT_EQ(row.orders, orders);
    EXPECT_NEAR(row.revenue_eur, revenue, 0.005);
    EXPECT_NEAR(row.clv_eur, clv, 0.005);
    EXPECT_EQ(std::isnan(row.dropout_day), line.find("alive at the horizon") != std::string::npos);
  }
}

// A compare of 6 strategies x 2 replications that lasts several seconds,
// lifetime CLV included (the progress line waits 2 s before it shows).
#ifdef OMNISIM_SLOW_BUILD
constexpr const char* kCustomersForAFewSeconds = "3000";
#else
constexpr const char* kCustomersForAFewSeconds = "15000";
#endif

TEST_F(Cli, ProgressLineOnlyOnATerminalAndOnlyForLongRuns) {
  // A run of a few seconds under a pseudo-terminal (script(1)) shows the line...
  const std::string long_run = testing::shell_quote(OMNISIM_BINARY) + " compare --customers " +
                               kCustomersForAFewSeconds + " --replications 2 --no-out >/dev/null";
  const Outcome on_terminal =
      shell("cd " + testing::shell_quote(directory_.string()) + " && script -qec " +
            testing::shell_quote(long_run) + " /dev/null");
  EXPECT_EQ(on_terminal.exit_code, 0) << on_terminal.err;
  EXPECT_THAT(on_terminal.out, HasSubstr("ETA"));
  EXPECT_THAT(on_terminal.out, HasSubstr("replication 2/2"));
  // ...and a short one, or stderr not being a terminal, shows none.
  const Outcome short_run = shell(
      "cd " + testing::shell_quote(directory_.string()) + " && script -qec " +
      testing::shell_quote(testing::shell_quote(OMNISIM_BINARY) + " run --customers 200 --no-out") +
      " /dev/null");
  EXPECT_THAT(short_run.out, ::testing::Not(HasSubstr("ETA")));
  const Outcome piped = omnisim(
      {"compare", "--customers", kCustomersForAFewSeconds, "--replications", "2", "--no-out"});
  EXPECT_THAT(piped.err, ::testing::Not(HasSubstr("ETA")));
}

// The README's pandas snippet, run as written against a fresh compare file.
TEST_F(Cli, ReadmePandasSnippetLoadsTheKpis) {
  const std::string readme = testing::read_text(fs::path(OMNISIM_SOURCE_DIR) / "README.md");
  const std::string marker = "<!-- tested: pandas-kpi -->";
  const auto at = readme.find(marker);
  ASSERT_NE(at, std::string::npos) << "README lost its tested pandas snippet";
  const auto begin = readme.find("```python\n", at);
  const auto end = readme.find("```", begin + 10);
  ASSERT_NE(begin, std::string::npos);
  write("snippet.py", readme.substr(begin + 10, end - begin - 10) + "\nprint(kpi.shape)\n");
  ASSERT_EQ(omnisim(with({"compare"}, kSmall)).exit_code, 0);
  const Outcome outcome =
      shell("cd " + testing::shell_quote(directory_.string()) + " && /usr/bin/python3 snippet.py");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("(12, "));  // 6 strategies x 2 replications rows
}

}  // namespace
}  // namespace omnisim::cli_test
