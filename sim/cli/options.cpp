#include "sim/cli/options.hpp"

#include <iostream>

#include <tbb/info.h>

#include "sim/cli/memory.hpp"
#include "sim/core/names.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim::cli {

// clang-format off
void ScenarioOptions::add_to(po::options_description& options) {
  options.add_options()
      ("scenario,s", po::value(&scenario_path)->value_name("FILE"),
       "scenario file (TOML); default: the built-in retail scenario")
      ("set", po::value(&sets)->composing()->value_name("KEY=VALUE"),
       "override a scenario key, e.g. --set mechanisms.habit.enabled=false (repeatable)")
      ("seed", po::value<std::int64_t>()->value_name("N"),
       "same as --set simulation.seed=N (applied after every --set)")
      ("customers", po::value<std::int64_t>()->value_name("N"),
       "same as --set simulation.customers=N (applied after every --set)")
      ("replications", po::value<std::int64_t>()->value_name("N"),
       "same as --set simulation.replications=N (applied after every --set)");
}

void ExecutionOptions::add_to(po::options_description& options, const std::string& default_out,
                              bool per_customer_outputs) {
  out = default_out;
  options.add_options()
      ("threads,j", po::value(&threads)->value_name("N"), "worker threads (0: every core)")
      ("out,o", po::value(&out)->value_name("FILE"),
       ("HDF5 results file; default " + default_out).c_str())
      ("report", po::value(&report)->value_name("FILE"),
       "also write the results as an HTML report with charts (see omnisim report)")
      ("force", po::bool_switch(&force), "overwrite the results file (and report) if they exist")
      ("no-out", po::bool_switch(&no_out), "write no results file")
      ("quiet,q", po::bool_switch(&quiet), "no progress line and no notes on stderr");
  if (!per_customer_outputs) return;
  options.add_options()
      ("customers-table", po::bool_switch(&customers_table),
       "add a /customers table (one row per customer, strategy and replication)")
      ("trace-customer", po::value<std::int64_t>()->value_name("ID"),
       "narrate customer ID's journeys, event by event (first replication)");
}
// clang-format on

void ScenarioOptions::read(const po::variables_map& values) {
  if (values.count("seed")) seed = values["seed"].as<std::int64_t>();
  if (values.count("customers")) customers = values["customers"].as<std::int64_t>();
  if (values.count("replications")) replications = values["replications"].as<std::int64_t>();
}

Scenario ScenarioOptions::load() const {
  std::vector<std::string> overrides = sets;
  if (seed) overrides.push_back("simulation.seed=" + std::to_string(*seed));
  if (customers) overrides.push_back("simulation.customers=" + std::to_string(*customers));
  if (replications) overrides.push_back("simulation.replications=" + std::to_string(*replications));
  return load_scenario_file(scenario_path, overrides);
}

std::string ScenarioOptions::source_name() const {
  return scenario_path.empty() ? std::string(kBuiltinScenarioName) : scenario_path;
}

void ExecutionOptions::read(const po::variables_map& values) {
  if (values.count("trace-customer")) {
    const auto id = values["trace-customer"].as<std::int64_t>();
    if (id < 0)
      throw InputError("--trace-customer: expected a customer id >= 0, got " + std::to_string(id));
    trace_customer = static_cast<std::uint64_t>(id);
  }
}

void check_threads(int threads) {
  if (threads < 0 || threads > kMaxThreads) {
    throw InputError("--threads: expected 0 (every core) or a count up to " +
                     std::to_string(kMaxThreads) + ", got " + std::to_string(threads));
  }
}

void ExecutionOptions::check(const Model& model, std::size_t n_strategies) const {
  check_threads(threads);
  const auto customers = static_cast<std::uint64_t>(model.simulation.customers);
  if (trace_customer && *trace_customer >= customers) {
    throw InputError("--trace-customer: no customer " + std::to_string(*trace_customer) +
                     " (ids are 0.." + std::to_string(customers - 1) + ")");
  }
  if (customers_table && no_out) {
    throw InputError("--customers-table needs a results file; drop --no-out");
  }
  if (world != nullptr && world->size() > 1 && (customers_table || trace_customer)) {
    throw InputError(std::string(customers_table ? "--customers-table" : "--trace-customer") +
                     " needs every customer in one process; run it without mpirun");
  }
  check_memory_fits(model, n_strategies, /*event_log=*/false, world, customers_table);
  if (!writes()) return;  // rank 0 checks the files it writes
  if (!no_out) check_output_path(out, force);
  if (!report.empty()) {
    if (no_out)
      throw InputError("--report: the report is made from the results file; drop --no-out");
    check_output_path(report, force);
  }
}

int threads_on(const Communicator& world, int threads) {
  if (threads > 0 || world.ranks_here() == 1) return threads;
  return std::max(1, tbb::info::default_concurrency() / world.ranks_here());
}

void ExecutionOptions::run_on(Communicator& ranks) {
  world = &ranks;
  threads = threads_on(ranks, threads);
}

int ExecutionOptions::effective_threads() const {
  return threads > 0 ? threads : tbb::info::default_concurrency();
}

bool parse(const std::vector<std::string>& args, po::options_description& options,
           po::variables_map& values, const std::string& usage,
           const po::positional_options_description* positional) {
  options.add_options()("help,h", "show this help");
  // Without a positional description, any stray word is an error rather than
  // silently ignored (`run omnichannel` must not run the baseline).
  const po::positional_options_description none;
  po::command_line_parser parser(args);
  parser.options(options);
  parser.positional(positional != nullptr ? *positional : none);
  po::store(parser.run(), values);
  if (values.count("help")) {
    std::cout << usage << "\n\n" << options << '\n';
    return false;
  }
  po::notify(values);
  return true;
}

int strategy_slot_by_name(const Model& model, const std::vector<int>& strategies,
                          const std::string& name, const std::string& option) {
  for (std::size_t slot = 0; slot < strategies.size(); ++slot) {
    if (model.strategies[strategies[slot]].name == name) return static_cast<int>(slot);
  }
  std::vector<std::string> known;
  known.reserve(strategies.size());
  for (int s : strategies)
    known.push_back(model.strategies[s].name);
  throw InputError(option + ": " + unknown_name("strategy", "strategies", name, known));
}

}  // namespace omnisim::cli
