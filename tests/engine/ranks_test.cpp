// What the ranks of an MPI job compute, with ranks as threads
// (tests/support/thread_ranks.hpp), so that every build, the sanitizers'
// too, checks it: a run split between ranks gives every rank the result of
// one process, bit for bit, and rank 0 the same event log; a sweep's points
// handed out between ranks are each run once and handed on with their
// values, and a point that fails names its rank.

#include <bit>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/engine/run.hpp"
#include "sim/experiment/sweep_ranks.hpp"
#include "sim/kpi/catalogue.hpp"
#include "tests/support/test_support.hpp"
#include "tests/support/thread_ranks.hpp"

namespace omnisim::ranks_test {
namespace {

using ::testing::HasSubstr;

class Collect final : public EventSink {
 public:
  void write(int, int, std::span<const Event> batch) override {
    events.insert(events.end(), batch.begin(), batch.end());
  }
  std::vector<Event> events;
};

Bytes packed(const Tally& tally) {
  ByteWriter out;
  tally.pack(out);
  return std::move(out.bytes());
}

bool same_rows(const std::vector<TimeSeriesRow>& a, const std::vector<TimeSeriesRow>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].values() != b[i].values() ||
        a[i].waiting_effort_per_contact != b[i].waiting_effort_per_contact)
      return false;
  }
  return true;
}

TEST(Ranks, ARunSplitBetweenRanksGivesEveryRankTheResultOfOneProcess) {
  // 36 blocks: chunks of 16, 16 and 4 blocks; word of mouth brings referred
  // customers, whose chunks go round the ranks; the event log is kept.
  const Model model = testing::builtin_model(
      {"simulation.customers=36000", "simulation.horizon_days=365", "acquisition.window_days=365"});
  RunRequest request;
  request.strategy = model.require_strategy("omnichannel");
  request.threads = 1;
  request.lifetime = false;  // the years after the horizon: no exchange the periods lack
  Collect alone_events;
  request.events = &alone_events;
  const RunResult alone = run_simulation(model, request);
  const KpiCatalogue catalogue(model);
  const auto alone_kpis = catalogue.compute(alone.totals, alone.timeseries);
  ASSERT_GT(alone.totals[Count::kReferrals], 0U);

#ifdef OMNISIM_SLOW_BUILD
  const std::vector<int> rank_counts{3};  // the sanitizers run ten times slower
#else
  const std::vector<int> rank_counts{2, 3};
#endif
  for (const int n_ranks : rank_counts) {
    testing::ThreadRanks ranks(n_ranks);
    std::vector<std::optional<RunResult>> results(static_cast<std::size_t>(n_ranks));
    std::vector<Collect> events(static_cast<std::size_t>(n_ranks));
    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(n_ranks));
    for (int r = 0; r < n_ranks; ++r) {
      threads.emplace_back([&, r] {
        RunRequest on_rank = request;
        on_rank.world = &ranks.rank(r);
        on_rank.events = &events[static_cast<std::size_t>(r)];
        results[static_cast<std::size_t>(r)] = run_simulation(model, on_rank);
      });
    }
    for (auto& thread : threads)
      thread.join();
    for (int r = 0; r < n_ranks; ++r) {
      const RunResult& result = *results[static_cast<std::size_t>(r)];
      EXPECT_EQ(packed(result.totals), packed(alone.totals)) << "rank " << r << " of " << n_ranks;
      // Every KPI too, as the catalogue computes it: not only as packed.
      const auto kpis = catalogue.compute(result.totals, result.timeseries);
      for (std::size_t k = 0; k < kpis.size(); ++k) {
        EXPECT_EQ(std::bit_cast<std::uint64_t>(kpis[k]),
                  std::bit_cast<std::uint64_t>(alone_kpis[k]))
            << catalogue.definitions()[k].name << " on rank " << r << " of " << n_ranks;
      }
      EXPECT_TRUE(same_rows(result.timeseries, alone.timeseries)) << "rank " << r;
      EXPECT_GT(result.exchange.bytes_sent, 0U);
    }
    EXPECT_TRUE(events[0].events == alone_events.events) << n_ranks << " ranks";
    for (int r = 1; r < n_ranks; ++r)
      EXPECT_TRUE(events[static_cast<std::size_t>(r)].events.empty());
  }
  // The comparison can fail: another replication differs.
  request.replication = 1;
  request.events = nullptr;
  EXPECT_NE(packed(run_simulation(model, request).totals), packed(alone.totals));
}

// Each point's values are (point, first coordinate); point 5 is slow.
PointValues evaluate(std::size_t point, const std::vector<double>& unit,
                     const std::function<void(double, const std::string&)>& progress) {
  if (point == 5) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  progress(1.0, "");
  return {static_cast<double>(point), unit[0]};
}

std::vector<std::vector<double>> unit_points(std::size_t n) {
  std::vector<std::vector<double>> points;
  for (std::size_t i = 0; i < n; ++i)
    points.push_back({static_cast<double>(i) / static_cast<double>(n)});
  return points;
}

TEST(Ranks, ASweepsPointsHandedOutBetweenRanksAreEachRunOnceAndHandedOn) {
  const auto points = unit_points(20);
  testing::ThreadRanks ranks(3);
  std::vector<int> seen(points.size(), 0);
  SweepRun run;
  for (std::size_t p = 2; p < points.size(); ++p)
    run.points.push_back(p);  // 0 and 1 finished before (a resume)
  run.finished = [&](std::size_t point, std::span<const double> values) {
    ++seen[point];
    EXPECT_EQ(values[0], static_cast<double>(point));
    EXPECT_EQ(values[1], points[point][0]);
  };
  std::vector<std::thread> workers;
  workers.reserve(2);
  for (int r = 1; r < 3; ++r)
    workers.emplace_back([&, r] { serve_sweep_points(points, evaluate, ranks.rank(r), nullptr); });
  const std::size_t done = run_sweep_points_on_ranks(points, evaluate, run, ranks.rank(0));
  for (auto& worker : workers)
    worker.join();
  EXPECT_EQ(done, 18U);
  for (std::size_t p = 0; p < points.size(); ++p)
    EXPECT_EQ(seen[p], p < 2 ? 0 : 1) << "point " << p;
}

TEST(Ranks, APointThatFailsOnARankEndsTheSweepNamingTheRank) {
  const auto points = unit_points(6);
  testing::ThreadRanks ranks(2);
  std::atomic<bool> stop{false};
  const PointEvaluator failing =
      [](std::size_t point, const std::vector<double>& unit,
         const std::function<void(double, const std::string&)>& progress) -> PointValues {
    if (point == 4) throw InputError("mechanisms.x: too much");
    progress(1.0, "");
    return {unit[0]};
  };
  SweepRun run;
  for (std::size_t p = 0; p < points.size(); ++p)
    run.points.push_back(p);
  std::size_t finished = 0;
  run.finished = [&](std::size_t, std::span<const double>) { ++finished; };
  std::optional<std::size_t> failed_point;
  run.failed_point = &failed_point;
  std::thread worker([&] { serve_sweep_points(points, failing, ranks.rank(1), &stop); });
  try {
    run_sweep_points_on_ranks(points, failing, run, ranks.rank(0));
    ADD_FAILURE() << "the failing point went unnoticed";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("point 4 (rank "));
    EXPECT_THAT(error.problems().front(), HasSubstr("): mechanisms.x: too much"));
  }
  EXPECT_EQ(failed_point, std::optional<std::size_t>(4));
  EXPECT_LE(finished, 5U);
  // As main would, the job ends: here the worker is told to stop.
  stop = true;
  ranks.rank(0).send(1, MessageTag::kSweepDone, {});
  worker.join();
}

}  // namespace
}  // namespace omnisim::ranks_test
