// End to end: omnisim sweep, merge, summarize, sensitivity and calibrate.
// A sweep killed with SIGKILL mid-run and resumed, a sweep stopped by
// SIGTERM and resumed, and shards merged all give the file of an
// uninterrupted run (h5diff: every dataset and attribute, value by value).

#include <chrono>
#include <csignal>
#include <cstdint>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "sim/io/sweep_file.hpp"
#include "tests/support/cli_fixture.hpp"
#include "tests/support/small_sweep.hpp"

namespace omnisim::sweep_cli_test {
namespace {

using ::testing::HasSubstr;

const std::string kSweep = testing::small_sweep(48);

class SweepCli : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    write("sweep.toml", kSweep);
  }

  // h5diff finds no difference in any dataset or attribute (of `object`
  // only, if given).
  bool identical(const std::string& a, const std::string& b, const std::string& object = "") const {
    const Outcome diff = shell("cd " + testing::shell_quote(directory_.string()) + " && h5diff " +
                               a + ' ' + b + (object.empty() ? "" : ' ' + object + ' ' + object));
    return diff.exit_code == 0;
  }

  // Starts `omnisim sweep sweep.toml --out OUT` (not through sh, which would
  // ignore SIGINT in a background job) and returns its pid.
  pid_t start_sweep(const std::string& out) const {
    const pid_t child = ::fork();
    if (child == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      if (::chdir(directory_.c_str()) == 0) {
        ::execl(OMNISIM_BINARY, "omnisim", "sweep", "sweep.toml", "-q", "--out", out.c_str(),
                static_cast<char*>(nullptr));
      }
      ::_exit(127);
    }
    return child;
  }

  // Waits until the journal has grown by `bytes` past its header, then sends
  // `signal` and returns the exit status.
  int signal_half_way(pid_t child, const std::string& out, int signal) const {
    const fs::path journal = directory_ / (out + ".journal");
    std::uintmax_t header = 0;
    for (int i = 0; i < 6000; ++i) {  // at most 60 s
      std::error_code error;
      const auto size = fs::file_size(journal, error);
      if (!error && header == 0) header = size;
      // One record: 28 bytes and 8 values (2 strategies x 2 replications x 2 KPIs).
      if (!error && size >= header + std::uintmax_t{10} * (28 + 8 * 8)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(child, signal);
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
  }
};

TEST_F(SweepCli, KilledWithSigkillAndResumedEqualsAnUninterruptedRun) {
  ASSERT_EQ(omnisim({"sweep", "sweep.toml", "-q", "--out", "whole.h5"}).exit_code, 0);
  EXPECT_FALSE(fs::exists(directory_ / "whole.h5.journal"));  // gone once complete

  const int status = signal_half_way(start_sweep("killed.h5"), "killed.h5", SIGKILL);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "finished before the kill";
  EXPECT_FALSE(fs::exists(directory_ / "killed.h5"));  // nothing written but the journal
  const Outcome resumed = omnisim({"sweep", "sweep.toml", "--out", "killed.h5", "--resume"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_THAT(resumed.err, HasSubstr("points already finished"));
  EXPECT_THAT(resumed.err, ::testing::Not(HasSubstr("resuming: 0 points")));
  EXPECT_TRUE(identical("whole.h5", "killed.h5"));
  const SweepData data = read_sweep_file(directory_ / "killed.h5");
  EXPECT_EQ(data.points_done.size(), 48U);
  // The check can fail on the values alone: another seed gives other runs.
  std::string other = kSweep;
  other.replace(other.find("simulation.customers"), 0, "simulation.seed = 2\n");
  write("other.toml", other);
  ASSERT_EQ(omnisim({"sweep", "other.toml", "-q", "--out", "other.h5"}).exit_code, 0);
  EXPECT_TRUE(identical("whole.h5", "killed.h5", "/runs"));
  EXPECT_FALSE(identical("whole.h5", "other.h5", "/runs"));
}

TEST_F(SweepCli, SigtermStopsAfterWritingTheFinishedPointsAndResumeCompletesThem) {
  ASSERT_EQ(omnisim({"sweep", "sweep.toml", "-q", "--out", "whole.h5"}).exit_code, 0);
  const int status = signal_half_way(start_sweep("stopped.h5"), "stopped.h5", SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM);
  const SweepData partial = read_sweep_file(directory_ / "stopped.h5");
  EXPECT_GE(partial.points_done.size(), 10U);
  EXPECT_LT(partial.points_done.size(), 48U);
  EXPECT_TRUE(fs::exists(directory_ / "stopped.h5.journal"));
  // Without --resume, the stopped sweep is not silently started over.
  const Outcome again = omnisim({"sweep", "sweep.toml", "-q", "--out", "stopped.h5"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("continue it with --resume"));
  ASSERT_EQ(omnisim({"sweep", "sweep.toml", "-q", "--out", "stopped.h5", "--resume"}).exit_code, 0);
  EXPECT_TRUE(identical("whole.h5", "stopped.h5"));
  // A journal of another sweep is refused.
  write("other.toml", kSweep + "\n[fixed.analysis]\nconfidence = 0.9\n");
  fs::copy(directory_ / "whole.h5", directory_ / "x.h5");
  const int other = signal_half_way(start_sweep("x2.h5"), "x2.h5", SIGKILL);
  ASSERT_TRUE(WIFSIGNALED(other));
  const Outcome wrong = omnisim({"sweep", "other.toml", "-q", "--out", "x2.h5", "--resume"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_THAT(wrong.err, HasSubstr("this journal is not of this sweep"));
}

// Under a Slurm job array (sbatch --array=4-8:2, as Slurm sets its
// variables), --shard slurm runs task 4, 6, 8 as shards 1, 2, 3 of 3, each
// to its own file, which merge into the whole sweep.
TEST_F(SweepCli, ShardsMergedEqualTheSingleRunAndMergeRefusesOtherSweeps) {
  ASSERT_EQ(omnisim({"sweep", "sweep.toml", "-q", "--out", "whole.h5"}).exit_code, 0);
  for (const char* shard : {"1/3", "3/3"}) {
    const std::string out = std::string("shard") + shard[0] + ".h5";
    ASSERT_EQ(omnisim({"sweep", "sweep.toml", "-q", "--shard", shard, "--out", out}).exit_code, 0);
  }
  // Shard 2 as a Slurm job array's task gets it: tasks 4, 6, 8 are shards
  // 1, 2, 3 of 3, and the file is named after the shard.
  const auto slurm_task = [&](int id) {
    return shell("cd " + testing::shell_quote(directory_.string()) +
                 " && SLURM_ARRAY_TASK_ID=" + std::to_string(id) +
                 " SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_STEP=2 " +
                 testing::shell_quote(OMNISIM_BINARY) + " sweep sweep.toml -q --shard slurm");
  };
  const Outcome task = slurm_task(6);
  ASSERT_EQ(task.exit_code, 0) << task.err;
  // The finished task run again (the array resubmitted) succeeds, as is.
  const Outcome again = slurm_task(6);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  fs::rename(directory_ / "sweep.shard-2-of-3.h5", directory_ / "shard2.h5");
  const Outcome outside = omnisim({"sweep", "sweep.toml", "-q", "--shard", "slurm"});
  EXPECT_EQ(outside.exit_code, 2);
  EXPECT_THAT(outside.err, HasSubstr("--shard slurm: SLURM_ARRAY_TASK_ID is not set"));
  const Outcome stray = slurm_task(5);
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_THAT(stray.err, HasSubstr("--shard slurm: task 5 is not one of the 3 tasks 4, 6, ..."));
  const Outcome two = omnisim({"merge", "two.h5", "shard1.h5", "shard3.h5"});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_THAT(two.err, HasSubstr("some shards are missing"));
  EXPECT_FALSE(identical("whole.h5", "two.h5"));
  ASSERT_EQ(omnisim({"merge", "merged.h5", "shard3.h5", "shard1.h5", "shard2.h5"}).exit_code, 0);
  EXPECT_TRUE(identical("whole.h5", "merged.h5"));

  const Outcome twice = omnisim({"merge", "m2.h5", "shard1.h5", "shard1.h5"});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_THAT(twice.err, HasSubstr("point 0 is also in shard1.h5"));
  write("other.toml", kSweep + "\n[fixed.analysis]\nconfidence = 0.9\n");
  ASSERT_EQ(omnisim({"sweep", "other.toml", "-q", "--shard", "2/3", "--out", "o2.h5"}).exit_code,
            0);
  const Outcome other = omnisim({"merge", "m3.h5", "shard1.h5", "o2.h5"});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_THAT(other.err, HasSubstr("o2.h5: a file of another sweep than shard1.h5"));
  EXPECT_FALSE(fs::exists(directory_ / "m2.h5"));
  EXPECT_FALSE(fs::exists(directory_ / "m3.h5"));
}

TEST_F(SweepCli, MalformedSweepFileGivesEveryProblemWithFileLineAndKey) {
  write("bad.toml", R"(design = "lhs"
points = "many"
replications = 2
strategies = ["omnichannel", "omnichannel"]
colour = "blue"

[[parameter]]
key = "strategies.omnichannel.linkage"
low = 0.9
high = 0.1

[[parameter]]
key = "mechanisms.habit.utility"
distribution = "beta"
)");
  const Outcome outcome = omnisim({"sweep", "bad.toml"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("bad.toml:2:10: points: expected an integer from 1 to"));
  EXPECT_THAT(outcome.err, HasSubstr("bad.toml:4:30: strategies: \"omnichannel\" is listed twice"));
  EXPECT_THAT(outcome.err, HasSubstr("bad.toml:5:10: colour: unknown key"));
  EXPECT_THAT(outcome.err, HasSubstr("bad.toml:10:8: parameter[1].high: expected high > low"));
  EXPECT_THAT(outcome.err, HasSubstr("bad.toml:14:16: parameter[2].distribution: expected uniform, "
                                     "log-uniform, normal, integer or categorical, got \"beta\""));
  // The replications and the seed are the same at every point.
  write("seed.toml", R"(design = "random"
points = 3
strategies = ["omnichannel"]
[[parameter]]
key = "simulation.seed"
low = 1
high = 9
)");
  const Outcome seed = omnisim({"sweep", "seed.toml"});
  EXPECT_EQ(seed.exit_code, 2);
  EXPECT_THAT(seed.err, HasSubstr("seed.toml:5:7: parameter[1].key: the seed is not a parameter"));
  // A point whose scenario is invalid is named before anything runs.
  write("point.toml", R"(design = "random"
points = 3
strategies = ["omnichannel"]
[[parameter]]
key = "mechanisms.habit.strength"
low = 0
high = 1
)");
  const Outcome point = omnisim({"sweep", "point.toml"});
  EXPECT_EQ(point.exit_code, 2);
  EXPECT_THAT(point.err, HasSubstr("point.toml: point 0: --set mechanisms.habit.strength="));
  EXPECT_TRUE(files() ==
              std::vector<std::string>({"bad.toml", "point.toml", "seed.toml", "sweep.toml"}));
}

// Where the verdict flips: the sign of omnichannel against each rival and
// the best single-channel firm, with each parameter's break-even.
TEST_F(SweepCli, VerdictSaysWhereTheTargetsLeadChangesSign) {
  write("verdict.toml", R"(design = "lhs"
points = 12
replications = 2
strategies = ["omnichannel", "multichannel", "mono_store", "mono_web"]
kpis = ["clv_lifetime_net_per_prospect_eur", "retention_12m"]
[fixed]
simulation.customers = 400
simulation.horizon_days = 365
acquisition.window_days = 365
[[parameter]]
key = "strategies.omnichannel.fixed_cost_eur_per_customer_year"
low = 4
high = 40
[[parameter]]
key = "mechanisms.competition.channel_gap_weight"
low = 0
high = 1
)");
  ASSERT_EQ(omnisim({"sweep", "verdict.toml", "-q"}).exit_code, 0);
  const Outcome verdict = omnisim({"verdict", "verdict.h5"});
  ASSERT_EQ(verdict.exit_code, 0) << verdict.err;
  EXPECT_THAT(verdict.out, HasSubstr("omnichannel - multichannel (multichannel)"));
  EXPECT_THAT(verdict.out, HasSubstr("omnichannel - best single channel (mono_store, mono_web)"));
  EXPECT_THAT(verdict.out, HasSubstr("strategies.omnichannel.fixed_cost_eur_per_customer_year"));
  EXPECT_THAT(verdict.out, HasSubstr("crosses 0 at"));
  EXPECT_THAT(verdict.out, HasSubstr("share of points above 0 by third of"));
  const Outcome one = omnisim({"verdict", "verdict.h5", "--against", "mono_web"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_THAT(one.out, HasSubstr("omnichannel - best of the given (mono_web)"));
  const Outcome unknown = omnisim({"verdict", "verdict.h5", "--kpi", "nps"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("--kpi: the sweep did not keep \"nps\""));
  const Outcome rival = omnisim({"verdict", "verdict.h5", "--against", "telepathy"});
  EXPECT_EQ(rival.exit_code, 2);
  EXPECT_THAT(rival.err, HasSubstr("unknown strategy \"telepathy\""));
}

TEST_F(SweepCli, SummarizeSensitivityExportsAndReport) {
  write("saltelli.toml", R"(design = "saltelli"
points = 8
replications = 2
strategies = ["omnichannel", "multichannel"]
kpis = ["clv_lifetime_eur"]
[fixed]
simulation.customers = 300
simulation.horizon_days = 365
acquisition.window_days = 365
[[parameter]]
key = "strategies.omnichannel.linkage"
low = 0.3
high = 1.0
[[parameter]]
key = "strategies.omnichannel.fixed_cost_eur_per_customer_year"
low = 4
high = 30
)");
  ASSERT_EQ(omnisim({"sweep", "saltelli.toml", "-q"}).exit_code, 0);
  const Outcome sensitivity = omnisim({"sensitivity", "saltelli.h5", "--kpi", "clv_lifetime_eur",
                                       "--strategy-difference", "omnichannel,multichannel"});
  ASSERT_EQ(sensitivity.exit_code, 0) << sensitivity.err;
  EXPECT_THAT(sensitivity.out, HasSubstr("Sobol' indices of clv_lifetime_eur, omnichannel - "
                                         "multichannel\n(saltelli design, 8 base points of 8"));
  EXPECT_THAT(sensitivity.out, HasSubstr("strategies.omnichannel.linkage"));
  // Machine-readable: CSV and JSON of the same indices; 8 base points are
  // few, and stderr says so.
  const Outcome written =
      omnisim({"sensitivity", "saltelli.h5", "--kpi", "clv_lifetime_eur", "--csv", "s.csv",
               "--json", "s.json", "--strategy-difference", "omnichannel,multichannel"});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_THAT(written.err, HasSubstr("omnisim: warning: N = 8 base points is small"));
  const std::string indices = testing::read_text(directory_ / "s.csv");
  EXPECT_THAT(indices, ::testing::StartsWith("index,parameter,other,estimate,half_width\n"
                                             "S1,strategies.omnichannel.linkage,,"));
  EXPECT_EQ(std::count(indices.begin(), indices.end(), '\n'), 1 + 4);
  EXPECT_THAT(testing::read_text(directory_ / "s.json"), HasSubstr("\"method\": \"sobol\""));
  const Outcome unknown = omnisim({"sensitivity", "saltelli.h5", "--kpi", "nps"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("unknown KPI \"nps\" (the sweep kept: clv_lifetime_eur)"));

  const Outcome summary =
      omnisim({"summarize", "saltelli.h5", "--csv", "runs.csv", "--export", "salib"});
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  EXPECT_THAT(summary.out, HasSubstr("saltelli design, 32 of 32 points x 2 replications"));
  EXPECT_THAT(summary.out, HasSubstr("Which is higher"));
  const std::string csv = testing::read_text(directory_ / "runs.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "point,replication,strategy,seed,strategies.omnichannel.linkage,"
            "strategies.omnichannel.fixed_cost_eur_per_customer_year,clv_lifetime_eur");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 32 * 2 * 2);
  const std::string x = testing::read_text(directory_ / "salib" / "X.txt");
  EXPECT_EQ(std::count(x.begin(), x.end(), '\n'), 32);
  EXPECT_TRUE(
      fs::exists(directory_ / "salib" / "Y_clv_lifetime_eur_omnichannel_minus_multichannel.txt"));
  EXPECT_TRUE(fs::exists(directory_ / "salib" / "experiments.csv"));
  // SALib's problem: the bounds declared, not the sample's range.
  EXPECT_THAT(testing::read_text(directory_ / "salib" / "problem.json"),
              HasSubstr("\"bounds\": [[0.3, 1], [4, 30]], \"dists\": [\"unif\", \"unif\"]"));
  // The report: the clv map is over the fixed cost first, the parameter that
  // moves the difference in CLV (the linkage barely does at 300 customers).
  const Outcome report = omnisim({"report", "saltelli.h5", "-q"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const std::string page = testing::read_text(directory_ / "saltelli.html");
  EXPECT_THAT(page, HasSubstr("\"kind\":\"sweep\""));
  EXPECT_THAT(page, HasSubstr("\"kpi\":\"clv_lifetime_eur\",\"x\":\"strategies.omnichannel."
                              "fixed_cost_eur_per_customer_year\""));
  // The sweep's TOML is not a sweep file: bad input (exit 2), said so.
  const Outcome wrong_file = omnisim({"summarize", "sweep.toml"});
  EXPECT_EQ(wrong_file.exit_code, 2);
  EXPECT_THAT(wrong_file.err, HasSubstr("sweep.toml: not an HDF5 file"));
}

// Trying a design smaller needs no edit: --points, --replications,
// --customers and --set shrink it, and --dry-run says how long it would take.
TEST_F(SweepCli, OptionsShrinkASweepAndDryRunEstimatesItsTime) {
  const Outcome dry = omnisim({"sweep", "sweep.toml", "--dry-run", "-q", "--points", "5",
                               "--customers", "300", "--set", "analysis.confidence=0.9"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_THAT(dry.out, HasSubstr("sweep.toml: valid; 5 points, 20 runs\n"));
  EXPECT_THAT(dry.out, HasSubstr("estimated time: about "));
  EXPECT_THAT(dry.out, HasSubstr("(a pilot run of 300 customers x 2 strategies took"));
  ASSERT_EQ(
      omnisim({"sweep", "sweep.toml", "-q", "--points", "3", "--replications", "1"}).exit_code, 0);
  const Outcome summary = omnisim({"summarize", "sweep.h5"});
  EXPECT_THAT(summary.out, HasSubstr("3 of 3 points x 1 replications"));
  const Outcome varied =
      omnisim({"sweep", "sweep.toml", "--dry-run", "--set", "strategies.omnichannel.linkage=0.5"});
  EXPECT_EQ(varied.exit_code, 2);
  EXPECT_THAT(varied.err, HasSubstr("--set strategies.omnichannel.linkage: the sweep varies"));
  EXPECT_EQ(omnisim({"sweep", "sweep.toml", "--dry-run", "--points", "0"}).exit_code, 2);
}

// A sweep stopped before it wrote its file left a journal: summarize says
// where the finished points are and how to finish it.
TEST_F(SweepCli, SummarizeOfAStoppedSweepPointsToItsJournalAndResume) {
  write("stopped.h5.journal", "");
  const Outcome summary = omnisim({"summarize", "stopped.h5"});
  EXPECT_EQ(summary.exit_code, 2);
  EXPECT_THAT(summary.err, HasSubstr("stopped.h5.journal holds its finished points"));
  EXPECT_THAT(summary.err, HasSubstr("--out stopped.h5 --resume"));
}

TEST_F(SweepCli, ShippedSweepFilesAreValid) {
  for (const auto& entry :
       fs::directory_iterator(fs::path(OMNISIM_SOURCE_DIR) / "scenarios/sweeps")) {
    const Outcome outcome = omnisim({"sweep", entry.path().string(), "--dry-run", "-q"});
    EXPECT_EQ(outcome.exit_code, 0) << entry.path() << ": " << outcome.err;
    EXPECT_THAT(outcome.out, HasSubstr(": valid; ")) << entry.path();
  }
}

// The README's pandas snippet for sweeps, run as written.
TEST_F(SweepCli, ReadmePandasSnippetLoadsTheRunsAsOneTidyTable) {
  const std::string readme = testing::read_text(fs::path(OMNISIM_SOURCE_DIR) / "README.md");
  const auto at = readme.find("<!-- tested: pandas-sweep -->");
  ASSERT_NE(at, std::string::npos) << "README lost its tested sweep snippet";
  const auto begin = readme.find("```python\n", at);
  const auto end = readme.find("```", begin + 10);
  ASSERT_NE(begin, std::string::npos);
  write("snippet.py", readme.substr(begin + 10, end - begin - 10) +
                          "\nprint(runs.shape, sorted(set(runs.strategy)))\n");
  ASSERT_EQ(omnisim({"sweep", "sweep.toml", "-q", "--out", "where_omnichannel_pays.h5"}).exit_code,
            0);
  const Outcome outcome =
      shell("cd " + testing::shell_quote(directory_.string()) + " && /usr/bin/python3 snippet.py");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  // 48 points x 2 replications x 2 strategies; point, replication, strategy,
  // seed, 2 parameters, 2 KPIs.
  EXPECT_THAT(outcome.out, HasSubstr("(192, 8) ['multichannel', 'omnichannel']"));
}

// A grid over the referral probability `levels` (a TOML array) of which 1.0
// runs away: the engine stops that point with an error. Design seed 6
// shuffles the grid's last level to point 2 (the tests name that point).
std::string runaway_sweep(const char* levels) {
  return std::string(R"(design = "grid"
seed = 6
strategies = ["omnichannel"]
kpis = ["clv_lifetime_eur"]
[fixed]
simulation.customers = 300
simulation.horizon_days = 365
acquisition.window_days = 365
mechanisms.satisfaction.initial = 10.0
[[parameter]]
key = "mechanisms.word_of_mouth.referral_probability"
levels = )") +
         levels + "\n";
}

TEST_F(SweepCli, AFailingPointEndsTheSweepWithTheFinishedPointsWritten) {
  write("runaway.toml", runaway_sweep("[0.01, 0.02, 0.03, 1.0]"));
  const Outcome outcome = omnisim({"sweep", "runaway.toml"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("failed at point 2 (mechanisms.word_of_mouth."
                                     "referral_probability = 1.0); the 2 points finished are in "
                                     "runaway.h5"));
  EXPECT_THAT(outcome.err, HasSubstr("point 2: mechanisms.word_of_mouth: by day"));
  EXPECT_EQ(read_sweep_file(directory_ / "runaway.h5").points_done,
            (std::vector<std::size_t>{0, 1}));
}

// A sweep whose first point fails leaves nothing -- no file, no journal --
// so the corrected sweep file runs without --force or --resume (a failed
// start once left a journal that refused the next run).
TEST_F(SweepCli, ASweepThatFailsBeforeAnyPointFinishesLeavesNothingBehind) {
  write("runaway.toml", runaway_sweep("[1.0]"));
  const Outcome failed = omnisim({"sweep", "runaway.toml"});
  EXPECT_EQ(failed.exit_code, 2);
  EXPECT_THAT(failed.err, HasSubstr("failed at point 0 (mechanisms.word_of_mouth."
                                    "referral_probability = 1.0) before any point finished; "
                                    "nothing written"));
  EXPECT_FALSE(fs::exists(directory_ / "runaway.h5"));
  EXPECT_FALSE(fs::exists(directory_ / "runaway.h5.journal"));
  write("runaway.toml", runaway_sweep("[0.01, 0.02]"));
  const Outcome corrected = omnisim({"sweep", "runaway.toml", "-q"});
  EXPECT_EQ(corrected.exit_code, 0) << corrected.err;
  EXPECT_EQ(read_sweep_file(directory_ / "runaway.h5").points_done,
            (std::vector<std::size_t>{0, 1}));
}

TEST_F(SweepCli, CalibrateReportsAnInvalidStepAsItIs) {
  // The centre (1.0) is a valid probability; the search's first step out of
  // it is not, and says so, rather than "nlopt failure".
  const Outcome outcome =
      omnisim({"calibrate", "--customers", "300", "--replications", "1", "-q", "--target",
               "retention_12m=0.8±0.01", "--free", "survey.response_probability=[0.5,1.5]"});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_THAT(outcome.err, HasSubstr("--set survey.response_probability=1.25: "
                                     "survey.response_probability: expected a number in [0, 1]"));
}

// Hardening, second round: [fixed] cannot set the replications in any TOML
// form (an inline table was once ignored).
TEST_F(SweepCli, FixedReplicationsAreRefusedInEveryForm) {
  for (const char* fixed :
       {"[fixed]\nsimulation.replications = 7\n", "[fixed]\nsimulation = { replications = 7 }\n",
        "[fixed.simulation]\nreplications = 7\n"}) {
    write("fixed.toml", std::string("design = \"lhs\"\npoints = 2\n") + fixed +
                            "[[parameter]]\nkey = \"strategies.omnichannel.linkage\"\n"
                            "low = 0\nhigh = 1\n");
    const Outcome outcome = omnisim({"sweep", "fixed.toml", "--dry-run"});
    EXPECT_EQ(outcome.exit_code, 2) << fixed;
    EXPECT_THAT(outcome.err, HasSubstr("fixed.simulation.replications: set the replications with "
                                       "the top-level replications key"))
        << fixed;
  }
}

// Hardening, second round: sweep and calibrate check that a run fits in
// memory, as run and compare do (a billion customers was once accepted).
TEST_F(SweepCli, SweepAndCalibrateRefuseRunsThatDoNotFitInMemory) {
  if (static_cast<double>(::sysconf(_SC_PHYS_PAGES)) *
          static_cast<double>(::sysconf(_SC_PAGESIZE)) >=
      2e11) {
    GTEST_SKIP() << "this machine holds the largest allowed population";
  }
  write("big.toml",
        "design = \"lhs\"\npoints = 2\nstrategies = [\"omnichannel\"]\n"
        "[fixed]\nsimulation.customers = 1000000000\n"
        "[[parameter]]\nkey = \"strategies.omnichannel.linkage\"\nlow = 0\nhigh = 1\n");
  const Outcome sweep = omnisim({"sweep", "big.toml", "--dry-run"});
  EXPECT_EQ(sweep.exit_code, 2);
  EXPECT_THAT(sweep.err, HasSubstr("simulation.customers = 1000000000 take"));
  const Outcome calibrate = omnisim({"calibrate", "--customers", "1000000000", "--target", "nps=5",
                                     "--free", "mechanisms.habit.utility=[0.5,3]"});
  EXPECT_EQ(calibrate.exit_code, 2);
  EXPECT_THAT(calibrate.err, HasSubstr("simulation.customers = 1000000000 take"));
  EXPECT_FALSE(fs::exists(directory_ / "big.h5.journal"));
}

// Hardening, second round: an --out of 248 to 255 bytes once failed only
// when the journal (8 bytes longer) was created.
TEST_F(SweepCli, AnOutNameTooLongForItsJournalIsRefusedUpFront) {
  const std::string name = std::string(245, 's') + ".h5";  // 248 bytes: the journal's is 256
  const Outcome outcome = omnisim({"sweep", "sweep.toml", "--out", name});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("a sweep's file name may have at most 247 bytes (its journal, "
                                     "OUT.journal, must fit in 255); this one has 248"));
  EXPECT_EQ(files(), (std::vector<std::string>{"sweep.toml"}));
}

TEST_F(SweepCli, CalibrateRejectsMalformedTargetsAndRanges) {
  const Outcome target =
      omnisim({"calibrate", "--target", "nps=high", "--free", "mechanisms.habit.utility=[0.5,3]"});
  EXPECT_EQ(target.exit_code, 2);
  EXPECT_THAT(target.err,
              HasSubstr("--target nps=high: expected KPI=VALUE or KPI=VALUE±TOLERANCE"));
  const Outcome range =
      omnisim({"calibrate", "--target", "nps=5±1", "--free", "mechanisms.habit.utility=[3,0.5]"});
  EXPECT_EQ(range.exit_code, 2);
  EXPECT_THAT(range.err, HasSubstr("expected LOW < HIGH"));
  EXPECT_FALSE(fs::exists(directory_ / "calibrated.toml"));
}

}  // namespace
}  // namespace omnisim::sweep_cli_test
