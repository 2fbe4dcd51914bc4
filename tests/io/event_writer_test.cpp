// The event log's writers (sim/io/event_text_writer.hpp, event_hdf5_file.hpp,
// time_ordered.hpp): CSV, JSON lines and HDF5 carry every event back exactly
// as the engine made it, and time order holds over a whole run.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim/core/calendar.hpp"
#include "sim/engine/run.hpp"
#include "sim/io/event_hdf5_file.hpp"
#include "sim/io/event_text_writer.hpp"
#include "sim/io/paced_stream.hpp"
#include "sim/io/time_ordered.hpp"
#include "tests/support/hdf5_read.hpp"
#include "tests/support/test_support.hpp"

namespace omnisim::event_writer_test {
namespace {

class Collector final : public EventSink {
 public:
  void write(int, int, std::span<const Event> events) override {
    all.insert(all.end(), events.begin(), events.end());
  }
  std::vector<Event> all;
};

// Sends one run's events to every sink.
class Tee final : public EventSink {
 public:
  explicit Tee(std::vector<EventSink*> sinks) : sinks_(std::move(sinks)) {}
  void write(int strategy, int replication, std::span<const Event> events) override {
    for (EventSink* sink : sinks_)
      sink->write(strategy, replication, events);
  }
  void end_period() override {
    for (EventSink* sink : sinks_)
      sink->end_period();
  }

 private:
  std::vector<EventSink*> sinks_;
};

const std::vector<std::string> kSmall{testing::customers(1500), "simulation.replications=1",
                                      "simulation.start_date=\"2025-03-30\""};

void run_into(const Model& model, EventSink& sink, int replication = 0) {
  RunRequest request;
  request.strategy = model.strategy_index("omnichannel");
  request.replication = replication;
  request.events = &sink;
  run_simulation(model, request);
}

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, separator))
    fields.push_back(field);
  if (!line.empty() && line.back() == separator) fields.emplace_back();
  return fields;
}

double number(const std::string& text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  EXPECT_TRUE(error == std::errc() && end == text.data() + text.size()) << text;
  return value;
}

std::string event_id(int replication, const Event& event) {
  std::ostringstream id;
  id << replication << '-' << event.customer_id << '-' << event.sequence;
  return id.str();
}

std::string channel_name(const Model& model, const Event& event) {
  return event.channel == kNoEventChannel ? "" : model.channels[event.channel].name;
}

TEST(EventWriter, CsvCarriesEveryEventExactly) {
  const Model model = testing::builtin_model(kSmall);
  Collector collector;
  std::ostringstream text;
  EventTextWriter writer(text, model, EventTextFormat::kCsv);
  Tee tee({&collector, &writer});
  run_into(model, tee, 1);
  writer.flush();

  std::istringstream lines(text.str());
  std::string line;
  std::getline(lines, line);
  std::string header;
  for (const EventColumn& column : event_columns()) {
    if (!header.empty()) header += ',';
    header += column.name;
  }
  EXPECT_EQ(line, header);
  std::size_t i = 0;
  for (; std::getline(lines, line); ++i) {
    ASSERT_LT(i, collector.all.size());
    const Event& event = collector.all[i];
    const std::vector<std::string> f = split(line, ',');
    ASSERT_EQ(f.size(), event_columns().size()) << line;
    EXPECT_EQ(f[0], event_id(1, event));
    EXPECT_EQ(f[1], "1");
    EXPECT_EQ(f[2], "omnichannel");
    EXPECT_EQ(f[3], std::to_string(event.customer_id));
    EXPECT_EQ(f[4], std::to_string(event.sequence));
    EXPECT_EQ(f[5], event.journey == kNoJourney ? "" : std::to_string(event.journey));
    EXPECT_EQ(f[6], model.segments[event.segment].name);
    EXPECT_EQ(f[7], event_type_name(event.type));
    EXPECT_EQ(f[8], event_stage_name(event.stage));
    EXPECT_EQ(f[9], channel_name(model, event));
    EXPECT_EQ(number(f[10]), event.day);
    EXPECT_EQ(f[11], timestamp(model.simulation.start_epoch_day, event.day));
    EXPECT_EQ(number(f[12]), event.amount_eur);
    EXPECT_EQ(number(f[13]), event.cost_eur);
    EXPECT_EQ(f[14], std::to_string(event.detail));
  }
  EXPECT_EQ(i, collector.all.size());
  EXPECT_GT(i, 1000U);
}

TEST(EventWriter, JsonLinesCarryEveryEventExactly) {
  const Model model = testing::builtin_model(kSmall);
  Collector collector;
  std::ostringstream text;
  EventTextWriter writer(text, model, EventTextFormat::kJsonLines);
  Tee tee({&collector, &writer});
  run_into(model, tee);
  writer.flush();
  // Every line parsed as JSON (hardening, second round: a checker that read
  // substrings passed lines with their commas removed).
  std::istringstream lines(text.str());
  std::string line;
  std::size_t i = 0;
  for (; std::getline(lines, line); ++i) {
    ASSERT_LT(i, collector.all.size());
    const Event& event = collector.all[i];
    const nlohmann::json object = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(object.is_object()) << "line " << i << " is not a JSON object: " << line;
    EXPECT_EQ(object.size(), 15U) << line;
    EXPECT_EQ(object["event_id"], event_id(0, event));
    if (event.journey == kNoJourney) {
      EXPECT_TRUE(object["journey_id"].is_null());
    } else {
      EXPECT_EQ(object["journey_id"], event.journey);
    }
    EXPECT_EQ(object["type"], event_type_name(event.type));
    const std::string channel = channel_name(model, event);
    if (channel.empty()) {
      EXPECT_TRUE(object["channel"].is_null());
    } else {
      EXPECT_EQ(object["channel"], channel);
    }
    EXPECT_EQ(object["day"].get<double>(), event.day);
    EXPECT_EQ(object["amount_eur"].get<double>(), event.amount_eur);
    EXPECT_EQ(object["cost_eur"].get<double>(), event.cost_eur);
    EXPECT_EQ(object["timestamp"], timestamp(model.simulation.start_epoch_day, event.day));
  }
  EXPECT_EQ(i, collector.all.size());
}

// Deflated or not: the writer stores whole chunks itself (16,384 rows,
// stored 16 at a time), so the run must make more than 16 chunks' worth and
// end in a partial one.
class EventWriterHdf5 : public ::testing::TestWithParam<int> {};

TEST_P(EventWriterHdf5, CarriesEveryEventExactly) {
  // 3,000 customers in every build (not testing::customers, which the
  // sanitizer builds scale down): the size is what makes a round of chunks.
  const Model model =
      testing::builtin_model({"simulation.customers=3000", "simulation.replications=1"});
  // One file per level: ctest runs the two at once.
  const auto path = std::filesystem::temp_directory_path() /
                    ("omnisim-event-writer-test-" + std::to_string(GetParam()) + ".h5");
  std::filesystem::remove(path);
  Collector collector;
  {
    EventHdf5File file(path, false, model, OutputMetadata{"events", 2}, GetParam());
    Tee tee({&collector, &file});
    run_into(model, tee);
    file.commit();
  }
  const auto rows = testing::read_events(path);
  ASSERT_GT(collector.all.size(), 16U * 16384U) << "the test must store more than a round";
  ASSERT_NE(collector.all.size() % 16384U, 0U) << "the test must end in a partial chunk";
  ASSERT_EQ(rows.size(), collector.all.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Event& event = collector.all[i];
    const auto& row = rows[i];
    EXPECT_EQ(row.customer_id, event.customer_id);
    EXPECT_EQ(row.sequence, event.sequence);
    EXPECT_EQ(row.journey_id, event.journey);
    EXPECT_EQ(row.day, event.day);
    EXPECT_EQ(row.amount_eur, event.amount_eur);
    EXPECT_EQ(row.cost_eur, event.cost_eur);
    EXPECT_EQ(row.type, static_cast<std::uint8_t>(event.type));
    EXPECT_EQ(row.stage, static_cast<std::uint8_t>(event.stage));
    EXPECT_EQ(row.channel, event.channel);
    EXPECT_EQ(row.segment, event.segment);
    EXPECT_EQ(row.detail, event.detail);
    EXPECT_EQ(row.strategy, model.strategy_index("omnichannel"));
    EXPECT_EQ(row.replication, 0);
  }
  EXPECT_EQ(testing::read_string_attribute(path, "file_type"), kEventsFileType);
  EXPECT_EQ(testing::read_int_attribute(path, "schema_version"),
            (std::vector<std::int64_t>{kEventsSchemaVersion[0], kEventsSchemaVersion[1]}));
  std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(Deflate, EventWriterHdf5, ::testing::Values(0, 1),
                         [](const auto& level) { return "level" + std::to_string(level.param); });

// Time order holds over the whole run, and TimeOrdered's bucketed sort is
// std::stable_sort by day: events of the same day (a need, its visit and its
// purchase) keep their customer order. Periods cover disjoint days, so
// sorting the whole run at once gives the same.
TEST(EventWriter, TimeOrderIsAStableSortByDay) {
  const Model model = testing::builtin_model(kSmall);
  Collector by_customer, by_time;
  TimeOrdered ordered(by_time, model.time);
  Tee tee({&by_customer, &ordered});
  run_into(model, tee);
  ASSERT_EQ(by_time.all.size(), by_customer.all.size());
  bool customer_order_differs = false;
  for (std::size_t i = 1; i < by_time.all.size(); ++i) {
    ASSERT_LE(by_time.all[i - 1].day, by_time.all[i].day) << i;
    if (by_customer.all[i - 1].day > by_customer.all[i].day) customer_order_differs = true;
  }
  EXPECT_TRUE(customer_order_differs) << "the test needs the two orders to differ";
  std::vector<Event> expected = by_customer.all;
  std::stable_sort(expected.begin(), expected.end(),
                   [](const Event& a, const Event& b) { return a.day < b.day; });
  std::size_t ties = 0;
  for (std::size_t i = 1; i < expected.size(); ++i)
    ties += expected[i - 1].day == expected[i].day ? 1 : 0;
  EXPECT_GT(ties, 1000U) << "the test needs many events on the same day";
  ASSERT_EQ(by_time.all.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    ASSERT_TRUE(by_time.all[i] == expected[i]) << "event " << i;
}

TEST(Calendar, DatesAndTimestamps) {
  EXPECT_EQ(parse_iso_date("1970-01-01"), 0);
  EXPECT_EQ(parse_iso_date("2026-01-01"), 20454);
  EXPECT_EQ(parse_iso_date("2024-02-29"), 19782);
  EXPECT_FALSE(parse_iso_date("2023-02-29"));
  EXPECT_FALSE(parse_iso_date("2026-13-01"));
  EXPECT_FALSE(parse_iso_date("2026-1-01"));
  EXPECT_FALSE(parse_iso_date("1899-12-31"));
  EXPECT_EQ(timestamp(20454, 0.0), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(timestamp(20454, 31.5), "2026-02-01T12:00:00.000Z");
  EXPECT_EQ(timestamp(20454, 365.25), "2027-01-01T06:00:00.000Z");
  EXPECT_EQ(timestamp(20454, 1.5e-3 / 86400.0), "2026-01-01T00:00:00.001Z");  // 1.5 ms, floored
}

}  // namespace
}  // namespace omnisim::event_writer_test

namespace omnisim::event_writer_test {
namespace {

TEST(PacedStream, BatchesAreDueWhenTheirLastEventIsAtTheRate) {
  // 500-event batches at 20,000 events/s: every 25 ms, the first at 25 ms.
  EXPECT_DOUBLE_EQ(intended_send_s(500, 20000.0), 0.025);
  EXPECT_DOUBLE_EQ(intended_send_s(10000, 20000.0), 0.5);
}

TEST(PacedStream, PercentilesAreNearestRank) {
  std::vector<double> values;
  for (int i = 100; i >= 1; --i)
    values.push_back(i);
  EXPECT_EQ(percentile(values, 50), 50);
  EXPECT_EQ(percentile(values, 99), 99);
  EXPECT_EQ(percentile(values, 99.9), 100);
  EXPECT_EQ(percentile(values, 100), 100);
  EXPECT_EQ(percentile({7.0}, 50), 7.0);
  EXPECT_TRUE(std::isnan(percentile({}, 50)));
}

// Paced streaming into a sink that records what it is given: every event
// arrives once, in time order, in batches of the size asked, whatever the
// producer's pace; latencies are one per batch.
class Recording final : public BatchSink {
 public:
  void send(int, int, std::span<const Event> batch) override {
    sizes.push_back(batch.size());
    events.insert(events.end(), batch.begin(), batch.end());
  }
  bool answers() const override { return true; }
  std::vector<std::size_t> sizes;
  std::vector<Event> events;
};

// The stream opens its own sinks: this one passes to a sink the test keeps.
class Borrowed final : public BatchSink {
 public:
  explicit Borrowed(BatchSink& sink) : sink_(sink) {}
  void send(int strategy, int replication, std::span<const Event> batch) override {
    sink_.send(strategy, replication, batch);
  }
  bool answers() const override { return sink_.answers(); }

 private:
  BatchSink& sink_;
};

SinkFactory lend(BatchSink& sink) {
  return [&sink] { return std::make_unique<Borrowed>(sink); };
}

// The latency log's lines: acknowledged - intended, in ms, by batch.
std::vector<double> logged_latencies_ms(const std::string& log) {
  std::istringstream lines(log);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line + '\n', kLatencyLogHeader);
  std::map<std::uint64_t, double> by_batch;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::istringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');)
      cells.push_back(cell);
    EXPECT_EQ(cells.size(), 8U) << line;
    if (cells.size() != 8) continue;
    by_batch[std::stoull(cells[0])] = (std::stod(cells[5]) - std::stod(cells[3])) * 1000.0;
  }
  std::vector<double> latencies;
  latencies.reserve(by_batch.size());
  for (const auto& [batch, ms] : by_batch)
    latencies.push_back(ms);
  return latencies;
}

TEST(PacedStream, DeliversEveryEventOnceInTimeOrder) {
  const Model model =
      testing::builtin_model({testing::customers(1000), "simulation.replications=1"});
  Collector expected;
  run_into(model, expected);
  Recording sink;
  PaceOptions options;
  options.batch_events = 700;
  std::ostringstream report, log;
  const StreamSummary summary = stream_paced(
      [&](EventSink& queue) {
        TimeOrdered ordered(queue, model.time);
        run_into(model, ordered);
      },
      lend(sink), options, report, &log);
  EXPECT_EQ(summary.delivered, expected.all.size());
  EXPECT_EQ(sink.events.size(), expected.all.size());
  EXPECT_EQ(summary.latency.count(), sink.sizes.size());
  EXPECT_EQ(logged_latencies_ms(log.str()).size(), sink.sizes.size());
  for (std::size_t i = 1; i < sink.events.size(); ++i) {
    ASSERT_LE(sink.events[i - 1].day, sink.events[i].day);
  }
  for (std::size_t size : sink.sizes)
    EXPECT_LE(size, 700U);
  EXPECT_THAT(report.str(), ::testing::HasSubstr("latency ms p50"));
  // --max-events stops at the count, mid-batch.
  Recording capped;
  options.max_events = 1234;
  stream_paced([&](EventSink& queue) { run_into(model, queue); }, lend(capped), options, report);
  EXPECT_EQ(capped.events.size(), 1234U);
}

// Coordinated omission: a sink slower than the pace delays every later
// batch, and their latency, measured from when each was due, shows it. At 10
// events per 10 ms and 20 ms per send, batch k (0-based) is due at 10 (k + 1)
// ms but cannot finish before 20 (k + 1) ms: its latency is at least 10 (k + 1)
// ms, whatever the machine (sleeps last at least as long as asked).
class Slow final : public BatchSink {
 public:
  void send(int, int, std::span<const Event>) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  bool answers() const override { return true; }
};

TEST(PacedStream, LatencyCountsFromTheIntendedSendTime) {
  const Model model =
      testing::builtin_model({testing::customers(1000), "simulation.replications=1"});
  Slow sink;
  PaceOptions options;
  options.rate_per_s = 1000.0;
  options.batch_events = 10;
  options.max_events = 100;
  std::ostringstream report, log;
  const StreamSummary summary = stream_paced([&](EventSink& queue) { run_into(model, queue); },
                                             lend(sink), options, report, &log);
  const std::vector<double> latencies_ms = logged_latencies_ms(log.str());
  ASSERT_EQ(latencies_ms.size(), 10U);
  ASSERT_EQ(summary.latency.count(), 10U);
  for (std::size_t k = 0; k < 10; ++k) {
    // The log's times have microseconds: a microsecond of rounding.
    EXPECT_GE(latencies_ms[k], 10.0 * static_cast<double>(k + 1) - 1e-3) << "batch " << k;
  }
  EXPECT_GE(summary.latency.percentile_ms(100), 100.0 * 0.99);
  EXPECT_GE(summary.max_lag_s, 0.08);  // the last batch started at least 90 ms late
}

}  // namespace
}  // namespace omnisim::event_writer_test

namespace omnisim::event_writer_test {
namespace {

// Time order with bounded memory: spilling sorted runs to a temporary file
// and merging them gives exactly the order of a stable sort of each period,
// at any thread count (the chunks the engine hands over differ with it).
TEST(EventWriter, TimeOrderSpilledToDiskIsTheSameAsInMemory) {
  const auto threads = testing::allow_threads(4);
  const Model model =
      testing::builtin_model({testing::customers(3000), "simulation.replications=1"});
  auto ordered = [&](std::size_t max_held, int n_threads, std::size_t* runs) {
    Collector collector;
    TimeOrdered time_ordered(collector, model.time, max_held);
    RunRequest request;
    request.strategy = model.strategy_index("omnichannel");
    request.threads = n_threads;
    request.events = &time_ordered;
    run_simulation(model, request);
    if (runs != nullptr) *runs = time_ordered.runs_spilled();
    return collector.all;
  };
  std::size_t runs = 0;
  const std::vector<Event> in_memory = ordered(TimeOrdered::kDefaultHeldEvents, 1, &runs);
  EXPECT_EQ(runs, 0U);
  const std::vector<Event> spilled = ordered(500, 4, &runs);
  EXPECT_GT(runs, 20U) << "the test must spill, many times";
  ASSERT_EQ(spilled.size(), in_memory.size());
  for (std::size_t i = 0; i < in_memory.size(); ++i) {
    ASSERT_TRUE(spilled[i] == in_memory[i]) << "event " << i;
  }
}

}  // namespace
}  // namespace omnisim::event_writer_test
