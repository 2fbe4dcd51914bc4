// omnisim: parses the command line, runs a subcommand, maps errors to exit
// codes (0 ok, 2 usage or input error, 1 runtime error). Under mpirun (or
// srun), every rank runs the same command on its share of the work: rank 0
// alone prints and writes files, and an error on any rank ends the whole job
// with that rank's message.

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/program_options/errors.hpp>
#include <hdf5.h>

#include "sim/cli/commands.hpp"
#include "sim/core/communicator.hpp"
#include "sim/core/error.hpp"
#include "sim/io/atomic_file.hpp"
#ifdef OMNISIM_WITH_MPI
#include "sim/dist/mpi_world.hpp"
#endif

namespace {

constexpr int kExitRuntimeError = 1;
constexpr int kExitInputError = 2;

// The ranks an MPI launcher started, if it started this process: Open MPI's
// mpirun, and PMI/PMIx launchers (srun) say so in the environment.
int launched_ranks() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    if (const char* value = std::getenv(variable)) return std::max(1, std::atoi(value));
  }
  return std::getenv("PMIX_RANK") != nullptr ? 1 : 0;
}

int dispatch(const std::vector<std::string>& args, omnisim::Communicator& world) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    // A bare `omnisim` is a usage error: the usage goes to stderr, like any error.
    (args.empty() ? std::cerr : std::cout) << omnisim::cli::program_usage();
    return args.empty() ? kExitInputError : 0;
  }
  if (args[0] == "--version") {
    std::cout << omnisim::cli::program_version();
    return 0;
  }
  const auto& command = omnisim::cli::find_command(args[0]);
  if (world.size() > 1 && !command.on_ranks) {
    throw omnisim::InputError("omnisim " + args[0] +
                              " runs as one process; on several ranks (mpirun), omnisim runs "
                              "run, compare, events and sweep");
  }
  return command.run(std::vector<std::string>(args.begin() + 1, args.end()), world);
}

// The exit code of the exception being handled, its message written to
// `errors` (prefixed with the rank's number on several ranks).
int report_error(std::ostream& errors, const std::string& who) {
  try {
    throw;
  } catch (const omnisim::OutputExistsError& error) {
    errors << who << "error: " << error.what() << "; pass --force to overwrite it\n";
    return kExitInputError;
  } catch (const omnisim::InputError& error) {
    for (const auto& problem : error.problems())
      errors << who << "error: " << problem << '\n';
    return kExitInputError;
  } catch (const boost::program_options::error& error) {
    errors << who << "error: " << error.what() << " (see --help)\n";
    return kExitInputError;
  } catch (const std::bad_alloc&) {
    errors << who << "runtime error: out of memory (fewer simulation.customers need less)\n";
    return kExitRuntimeError;
  } catch (const std::exception& error) {
    errors << who << "runtime error: " << error.what() << '\n';
    return kExitRuntimeError;
  }
}

// Runs the command on `world`; on an error, `errors` gets its message and the
// exit code is returned -- or, on several ranks, the whole job ends with it.
int run_guarded(const std::vector<std::string>& args, omnisim::Communicator& world,
                std::ostream& errors, const std::function<void(int)>& end_job) {
  try {
    return dispatch(args, world);
  } catch (...) {
    const bool several = world.size() > 1;
    const std::string who = several ? "omnisim: rank " + std::to_string(world.rank()) + " of " +
                                          std::to_string(world.size()) + ": "
                                    : "omnisim: ";
    std::ostringstream message;
    const int code = report_error(message, who);
    const bool io_error = [] {
      try {
        throw;
      } catch (const omnisim::IoError&) {
        return true;
      } catch (...) {
        return false;
      }
    }();
    if (several && world.rank() != 0 && code == kExitInputError) {
      // Input errors mostly come from what every rank reads alike: rank 0
      // says them and ends the job. One only this rank has (a file its node
      // lacks) is said after a moment, if rank 0 has not ended the job by then.
      std::this_thread::sleep_for(std::chrono::seconds(2));
    }
    errors << message.str() << std::flush;
    std::cout.flush();
    if (several) end_job(code);  // a rank that fails alone would leave the others waiting
    // After a failed write HDF5 may still hold the file it could not close,
    // and its exit handler would try again and crash: leave without it.
    if (io_error) std::_Exit(code);
    return code;
  }
}

}  // namespace

int main(int argc, char** argv) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported as exceptions instead
  const std::vector<std::string> args(argv + 1, argv + argc);
  const int ranks = launched_ranks();
  if (ranks == 0) {
    omnisim::OneProcess alone;
    return run_guarded(args, alone, std::cerr, [](int) {});
  }
#ifdef OMNISIM_WITH_MPI
  std::optional<omnisim::MpiWorld> world;
  try {
    world.emplace();
  } catch (const std::exception& error) {
    std::cerr << "omnisim: runtime error: " << error.what() << '\n';
    return kExitRuntimeError;
  }
  // Only rank 0 speaks: the others' output would repeat it. Their errors
  // still reach stderr, through its buffer.
  std::ostream errors(std::cerr.rdbuf());
  if (world->rank() != 0) {
    std::cout.rdbuf(nullptr);
    std::cerr.rdbuf(nullptr);
  }
  return run_guarded(args, *world, errors, [&](int code) { world->abort(code); });
#else
  if (ranks == 1) {
    omnisim::OneProcess alone;
    return run_guarded(args, alone, std::cerr, [](int) {});
  }
  std::cerr << "omnisim: error: started as " << ranks
            << " ranks by an MPI launcher, but this omnisim was built without MPI "
               "(cmake -DOMNISIM_WITH_MPI=ON)\n";
  return kExitInputError;
#endif
}
