// omnisim: parses the command line, runs a subcommand, maps errors to exit
// codes (0 ok, 2 usage or input error, 1 runtime error).

#include <cstdlib>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include <boost/program_options/errors.hpp>
#include <hdf5.h>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/io/atomic_file.hpp"

namespace {

constexpr int kExitRuntimeError = 1;
constexpr int kExitInputError = 2;

int dispatch(const std::vector<std::string>& args) {
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
  return command.run(std::vector<std::string>(args.begin() + 1, args.end()));
}

}  // namespace

int main(int argc, char** argv) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported as exceptions instead
  try {
    return dispatch(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const omnisim::OutputExistsError& error) {
    std::cerr << "omnisim: error: " << error.what() << "; pass --force to overwrite it\n";
    return kExitInputError;
  } catch (const omnisim::InputError& error) {
    for (const auto& problem : error.problems())
      std::cerr << "omnisim: error: " << problem << '\n';
    return kExitInputError;
  } catch (const boost::program_options::error& error) {
    std::cerr << "omnisim: error: " << error.what() << " (see --help)\n";
    return kExitInputError;
  } catch (const omnisim::IoError& error) {
    std::cerr << "omnisim: runtime error: " << error.what() << '\n';
    // After a failed write HDF5 may still hold the file it could not close,
    // and its exit handler would try again and crash: leave without it.
    std::cout.flush();
    std::cerr.flush();
    std::_Exit(kExitRuntimeError);
  } catch (const std::bad_alloc&) {
    std::cerr << "omnisim: runtime error: out of memory (fewer simulation.customers need less)\n";
    return kExitRuntimeError;
  } catch (const std::exception& error) {
    std::cerr << "omnisim: runtime error: " << error.what() << '\n';
    return kExitRuntimeError;
  }
}
