// omnisim under Open MPI's mpirun (Debian's openmpi-bin), on 1, 2 and 3
// ranks of this machine (tests/engine/ranks_test.cpp checks 2 and 3 ranks as
// threads, in every build): run, compare and the event log give the files of
// one process, a sweep's points handed out between ranks give the file of
// one process, also after a rank is killed and the sweep resumed, and a
// rank that fails ends the job with its name and nothing half-written.
//
// Open MPI refuses to start as root unless told: the CI machine runs the
// suite as root, so mpirun is run with OMPI_ALLOW_RUN_AS_ROOT(_CONFIRM)=1.
// --oversubscribe lets 3 ranks share 2 cores.

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "sim/io/sweep_file.hpp"
#include "tests/support/cli_fixture.hpp"
#include "tests/support/small_sweep.hpp"

namespace omnisim::mpi_cli_test {
namespace {

using ::testing::HasSubstr;

constexpr const char* kMpirun =
    "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe";

const std::string kSweep = testing::small_sweep(24);

class MpiCli : public Cli {
 protected:
  void SetUp() override {
#ifndef OMNISIM_WITH_MPI
    GTEST_SKIP() << "this omnisim is built without MPI (OMNISIM_WITH_MPI=OFF)";
#endif
    Cli::SetUp();
  }

  // omnisim on `ranks` ranks, in the test's directory.
  Outcome mpirun(int ranks, const std::vector<std::string>& args) const {
    std::string command = "cd " + testing::shell_quote(directory_.string()) + " && " + kMpirun +
                          " -n " + std::to_string(ranks) + ' ' +
                          testing::shell_quote(OMNISIM_BINARY);
    for (const auto& arg : args)
      command += ' ' + testing::shell_quote(arg);
    return shell(command);
  }

  // h5diff finds no difference in the datasets of `group` (attributes such
  // as the date and the thread count may differ).
  bool same_datasets(const std::string& a, const std::string& b, const std::string& group) const {
    const Outcome diff = shell("cd " + testing::shell_quote(directory_.string()) +
                               " && h5diff -c " + a + ' ' + b + ' ' + group + ' ' + group);
    return diff.exit_code == 0 && (diff.out + diff.err).find("comparable") == std::string::npos;
  }
  bool identical(const std::string& a, const std::string& b) const {
    return shell("cd " + testing::shell_quote(directory_.string()) + " && h5diff " + a + ' ' + b)
               .exit_code == 0;
  }
  bool same_bytes(const std::string& a, const std::string& b) const {
    return shell("cd " + testing::shell_quote(directory_.string()) + " && cmp " + a + ' ' + b)
               .exit_code == 0;
  }
};

TEST_F(MpiCli, CompareRunAndEventsOnSeveralRanksGiveTheFilesOfOneProcess) {
  const auto with = [](std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
  // 40 blocks of 1024 customers: three chunks of 16 blocks, one per rank at
  // 3 ranks, with referred customers joining chunks of their own; one year,
  // and the years after it for lifetime CLV.
  const std::vector<std::string> compare{"compare",
                                         "--strategies",
                                         "multichannel",
                                         "omnichannel",
                                         "--quiet",
                                         "--threads",
                                         "1",
                                         "--customers",
                                         "40000",
                                         "--replications",
                                         "1",
                                         "--set",
                                         "simulation.horizon_days=365",
                                         "--set",
                                         "acquisition.window_days=365"};
  ASSERT_EQ(omnisim(with(compare, {"--out", "one.h5"})).exit_code, 0);
  const Outcome three = mpirun(3, with(compare, {"--out", "three.h5"}));
  ASSERT_EQ(three.exit_code, 0) << three.err;
  for (const char* group : {"/kpi", "/timeseries", "/retention", "/facts"})
    EXPECT_TRUE(same_datasets("one.h5", "three.h5", group)) << group << " differs";

  // One rank of an MPI job is one process.
  const std::vector<std::string> run{"run", "--customers", "3000", "--quiet"};
  ASSERT_EQ(omnisim(with(run, {"--out", "run.h5"})).exit_code, 0);
  ASSERT_EQ(mpirun(1, with(run, {"--out", "run1.h5"})).exit_code, 0);
  EXPECT_TRUE(same_datasets("run.h5", "run1.h5", "/kpi"));

  // The event log: rank 0 writes every rank's events in the order one
  // process does, so the files are the same bytes. 20 blocks: two chunks of
  // paid customers, referred ones in a third.
  const std::vector<std::string> events{"events",
                                        "--customers",
                                        "20000",
                                        "--set",
                                        "simulation.horizon_days=180",
                                        "--set",
                                        "acquisition.window_days=180",
                                        "--quiet",
                                        "--threads",
                                        "1",
                                        "--replications",
                                        "1"};
  const Outcome one = omnisim(with(events, {"--out", "one.csv"}));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const Outcome log = mpirun(3, with(events, {"--out", "three.csv"}));
  ASSERT_EQ(log.exit_code, 0) << log.err;
  EXPECT_TRUE(same_bytes("one.csv", "three.csv"));
  EXPECT_GT(fs::file_size(directory_ / "three.csv"), 1000000U);
}

TEST_F(MpiCli, OnlyTheCommandsThatShareWorkRunOnSeveralRanks) {
  const Outcome validate = mpirun(2, {"scenario", "show"});
  EXPECT_NE(validate.exit_code, 0);
  EXPECT_THAT(validate.err, HasSubstr("omnisim scenario runs as one process"));
  const Outcome traced = mpirun(2, {"run", "--customers", "2000", "--trace-customer", "3"});
  EXPECT_NE(traced.exit_code, 0);
  EXPECT_THAT(traced.err, HasSubstr("--trace-customer needs every customer in one process"));
  EXPECT_EQ(files(), std::vector<std::string>{});
}

// The pid of rank `rank` among mpirun's children (their environment says).
pid_t rank_pid(pid_t mpirun, int rank) {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string pid, comm, state;
    pid_t parent = 0;
    if (!(stat >> pid >> comm >> state >> parent) || parent != mpirun) continue;
    std::ifstream environ(entry.path() / "environ", std::ios::binary);
    std::string variable;
    while (std::getline(environ, variable, '\0')) {
      if (variable == "OMPI_COMM_WORLD_RANK=" + std::to_string(rank)) return std::stoi(name);
    }
  }
  return 0;
}

TEST_F(MpiCli, ASweepOnThreeRanksKilledAndResumedEqualsOneProcess) {
  write("sweep.toml", kSweep);
  ASSERT_EQ(omnisim({"sweep", "sweep.toml", "-q", "--out", "whole.h5"}).exit_code, 0);
  const Outcome three = mpirun(3, {"sweep", "sweep.toml", "-q", "--out", "three.h5"});
  ASSERT_EQ(three.exit_code, 0) << three.err;
  EXPECT_TRUE(identical("whole.h5", "three.h5"));

  // mpirun started directly (not through sh), so that its pid is known.
  const pid_t job = ::fork();
  if (job == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
    ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
    if (::chdir(directory_.c_str()) == 0) {
      ::execlp("mpirun", "mpirun", "--oversubscribe", "-n", "3", OMNISIM_BINARY, "sweep",
               "sweep.toml", "-q", "--out", "killed.h5", static_cast<char*>(nullptr));
    }
    ::_exit(127);
  }
  // Once some points are in the journal, rank 2 (a worker) is killed: the
  // job ends, the journal keeps what rank 0 wrote.
  const fs::path journal = directory_ / "killed.h5.journal";
  std::uintmax_t header = 0;
  for (int i = 0; i < 6000; ++i) {  // at most 60 s
    std::error_code error;
    const auto size = fs::file_size(journal, error);
    if (!error && header == 0) header = size;
    if (!error && size >= header + std::uintmax_t{4} * (28 + 8 * 8)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const pid_t worker = rank_pid(job, 2);
  ASSERT_GT(worker, 0) << "no rank 2 under mpirun " << job;
  ::kill(worker, SIGKILL);
  int status = 0;
  ::waitpid(job, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0) << "the job went on without rank 2";
  EXPECT_FALSE(fs::exists(directory_ / "killed.h5"));
  const Outcome resumed =
      mpirun(3, {"sweep", "sweep.toml", "--out", "killed.h5", "--resume", "-q"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_TRUE(identical("whole.h5", "killed.h5"));
  EXPECT_EQ(read_sweep_file(directory_ / "killed.h5").points_done.size(), 24U);
}

TEST_F(MpiCli, ARankWhosePointFailsEndsTheJobNamingItWithTheFinishedPointsWritten) {
  // A grid over the referral probability of which 1.0 runs away (the engine
  // stops that point with an error), as in sweep_cli_test.
  write("runaway.toml", R"(design = "grid"
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
levels = [0.01, 0.02, 0.03, 1.0]
)");
  const Outcome outcome = mpirun(2, {"sweep", "runaway.toml"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("omnisim: rank 0 of 2: error: point 2 (rank "));
  EXPECT_THAT(outcome.err, HasSubstr("): mechanisms.word_of_mouth: by day"));
  EXPECT_THAT(outcome.err, HasSubstr("failed at point 2 (mechanisms.word_of_mouth."
                                     "referral_probability = 1.0)"));
  // What finished is in the file, whole; no temporary is left.
  for (const std::size_t point : read_sweep_file(directory_ / "runaway.h5").points_done)
    EXPECT_NE(point, 2U);
  EXPECT_EQ(files(),
            (std::vector<std::string>{"runaway.h5", "runaway.h5.journal", "runaway.toml"}));
}

}  // namespace
}  // namespace omnisim::mpi_cli_test
