// `omnisim sweep` and `omnisim merge`.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include <tbb/global_control.h>
#include <tbb/info.h>

#include "analysis/headline.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/memory.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/progress.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/experiment/experiment.hpp"
#include "sim/experiment/sweep.hpp"
#include "sim/experiment/sweep_ranks.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/io/sweep_file.hpp"
#include "sim/io/sweep_journal.hpp"
#include "sim/kpi/catalogue.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim::cli {
namespace {

const char* kSweepUsage =
    "Usage: omnisim sweep FILE [options]\n"
    "Runs every point of a sweep file (scenarios/sweeps/) x its replications x its\n"
    "strategies, the strategies on the same customers, and writes one HDF5 file\n"
    "(README \"Sweeps\"). Each finished point is made durable at once in OUT.journal:\n"
    "Ctrl-C or SIGTERM stops after writing the finished points to OUT, a SIGKILL or a\n"
    "power cut loses only the point in flight, and --resume runs the rest.";

const char* kMergeUsage =
    "Usage: omnisim merge OUT SHARD.h5... [--force]\n"
    "Combines the files of one sweep's shards (omnisim sweep --shard K/N) into one\n"
    "file, identical to the file of the whole sweep run at once. Refuses files of\n"
    "another sweep and shards that overlap.";

// "K/N" with 1 <= K <= N.
std::pair<std::size_t, std::size_t> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  std::size_t k = 0, n = 0;
  const auto read = [](std::string_view part, std::size_t& value) {
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    return error == std::errc() && end == part.data() + part.size();
  };
  if (slash == std::string::npos || !read(std::string_view(text).substr(0, slash), k) ||
      !read(std::string_view(text).substr(slash + 1), n) || k < 1 || k > n || n > 1'000'000) {
    throw InputError("--shard: expected K/N with 1 <= K <= N (e.g. 2/4), got \"" + text + "\"");
  }
  return {k, n};
}

// --shard slurm: this task's shard of a Slurm job array (sbatch --array),
// from the variables Slurm sets: the tasks MIN, MIN + STEP, ... are shards
// 1, 2, ... of SLURM_ARRAY_TASK_COUNT, as "K/N".
std::string slurm_shard() {
  const auto variable = [](const char* name, std::optional<std::size_t> otherwise) {
    const char* text = std::getenv(name);
    if (text == nullptr) {
      if (otherwise) return *otherwise;
      throw InputError(std::string("--shard slurm: ") + name +
                       " is not set: run it as a task of a Slurm job array "
                       "(sbatch --array=1-N), or give --shard K/N");
    }
    std::size_t value = 0;
    const std::string_view view(text);
    const auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
    if (error != std::errc() || end != view.data() + view.size()) {
      throw InputError(std::string("--shard slurm: ") + name + " = \"" + text +
                       "\" is not a whole number");
    }
    return value;
  };
  const std::size_t id = variable("SLURM_ARRAY_TASK_ID", std::nullopt);
  const std::size_t count = variable("SLURM_ARRAY_TASK_COUNT", std::nullopt);
  const std::size_t first = variable("SLURM_ARRAY_TASK_MIN", std::size_t{0});
  const std::size_t step = variable("SLURM_ARRAY_TASK_STEP", std::size_t{1});
  if (step == 0 || id < first || (id - first) % step != 0 || (id - first) / step >= count) {
    throw InputError("--shard slurm: task " + std::to_string(id) + " is not one of the " +
                     std::to_string(count) + " tasks " + std::to_string(first) + ", " +
                     std::to_string(first + step) + ", ... of this array (a job array with an " +
                     "irregular list of tasks cannot be sharded: give --shard K/N)");
  }
  return std::to_string((id - first) / step + 1) + "/" + std::to_string(count);
}

// "about 12 min on 2 threads": the sweep's customer-runs at the rate of a
// pilot run (the design's centre, every strategy, one replication of at
// most 4,000 customers, lifetime included) on this machine, now.
std::string estimate_time(const SweepSpec& spec, std::size_t n_points, int threads) {
  const std::vector<double> centre(spec.parameters.size(), 0.5);
  const Scenario point = point_scenario(spec, centre);
  const std::int64_t customers = point.simulation.customers;
  const std::int64_t pilot_customers = std::min<std::int64_t>(customers, 4000);
  std::vector<std::string> overrides = point_overrides(spec, centre);
  overrides.push_back("simulation.customers=" + std::to_string(pilot_customers));
  overrides.push_back("simulation.replications=1");
  const std::string name =
      spec.scenario_name == "built-in" ? std::string(kBuiltinScenarioName) : spec.scenario_name;
  const Scenario pilot = load_scenario(spec.scenario_text, name, overrides);
  const auto start = std::chrono::steady_clock::now();
  run_scenario(pilot, spec.strategies, threads);
  const double pilot_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double scale = static_cast<double>(n_points) * static_cast<double>(spec.replications) *
                       static_cast<double>(customers) / static_cast<double>(pilot_customers);
  const double seconds = pilot_s * scale;
  std::ostringstream text;
  text << "estimated time: about ";
  if (seconds < 90) {
    text << std::max(1, static_cast<int>(std::lround(seconds))) << " s";
  } else if (seconds < 5400) {
    text << std::lround(seconds / 60) << " min";
  } else {
    text << std::fixed << std::setprecision(1) << seconds / 3600 << " h";
  }
  text << " (a pilot run of " << pilot_customers << " customers x " << spec.strategies.size()
       << " strategies took " << std::fixed << std::setprecision(2) << pilot_s
       << " s here; points whose parameters change the customers or the horizon scale it)";
  return text.str();
}

SweepLayout layout_of(const SweepSpec& spec, const std::vector<std::vector<double>>& points) {
  SweepLayout layout;
  layout.omnisim_version = kVersion;
  layout.git_sha = kGitSha;
  layout.sweep_text = spec.text;
  layout.scenario_text = spec.scenario_text;
  layout.design = design_kind_name(spec.design);
  layout.design_seed = static_cast<std::int64_t>(spec.seed);
  layout.replications = spec.replications;
  layout.morris_levels =
      spec.design == DesignKind::kMorris ? static_cast<std::int64_t>(spec.morris_levels) : 0;
  layout.second_order = spec.second_order ? 1 : 0;
  layout.strategies = spec.strategies;
  layout.kpis = spec.kpis;
  layout.points = points.size();
  const Model model = build_model(point_scenario(spec, points.front()));
  layout.seed = static_cast<std::int64_t>(model.simulation.seed);
  const KpiCatalogue catalogue(model);
  for (const auto& name : spec.kpis)
    layout.kpi_units.push_back(
        catalogue.definitions()[static_cast<std::size_t>(catalogue.index_of(name))].unit);
  for (const auto& parameter : spec.parameters)
    layout.parameters.push_back(parameter.key);
  for (const auto& point : points) {
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
      layout.unit.push_back(point[i]);
      layout.value.push_back(spec.parameters[i].range.number_at(point[i]));
    }
  }
  return layout;
}

std::filesystem::path default_out(const std::string& sweep_path) {
  return std::filesystem::path(sweep_path).stem().string() + ".h5";
}

}  // namespace

int sweep_command(const std::vector<std::string>& args, Communicator& world) {
  std::string path, out, shard_text;
  bool force = false, resume = false, quiet = false, dry_run = false;
  int threads = 0;
  SweepOverrides overrides;
  po::options_description options("Options");
  options.add_options()("file", po::value(&path)->value_name("FILE"), "sweep file")(
      "out,o", po::value(&out)->value_name("FILE"),
      "results file (HDF5); default: the sweep file's name with .h5, here")(
      "force", po::bool_switch(&force),
      "replace an existing results file, and start over a stopped sweep")(
      "resume", po::bool_switch(&resume),
      "run only the points a stopped or killed run did not finish (from OUT.journal)")(
      "shard", po::value(&shard_text)->value_name("K/N|slurm"),
      "run only shard K of N (every N-th point); omnisim merge combines the shards. slurm: "
      "this task's shard of a Slurm job array (SLURM_ARRAY_TASK_ID of "
      "SLURM_ARRAY_TASK_COUNT), to OUT.shard-K-of-N.h5, resumed from its journal if the task "
      "was re-queued")("threads,j", po::value(&threads)->value_name("N"),
                       "worker threads (0: every core)")(
      "set", po::value(&overrides.set)->value_name("KEY=VALUE"),
      "set a scenario key at every point, after the file's [fixed] keys (repeatable)")(
      "customers", po::value<std::int64_t>()->value_name("N"),
      "same as --set simulation.customers=N")(
      "replications", po::value<std::int64_t>()->value_name("N"),
      "replications per point and strategy, instead of the file's")(
      "points", po::value<std::int64_t>()->value_name("N"),
      "the design's points instead of the file's (saltelli: base points N; morris: "
      "trajectories)")(
      "dry-run", po::bool_switch(&dry_run),
      "check the sweep file and print its size and an estimate of its time, run nothing")(
      "quiet,q", po::bool_switch(&quiet), "no progress or notes on stderr");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (!parse(args, options, values, kSweepUsage, &positional)) return 0;
  if (path.empty()) throw InputError("sweep: expected a sweep FILE (see --help)");
  for (const char* name : {"customers", "replications", "points"}) {
    if (!values.count(name)) continue;
    const std::int64_t value = values[name].as<std::int64_t>();
    if (value < 1) throw InputError(std::string("--") + name + ": expected a positive integer");
    (name[0] == 'c'   ? overrides.customers
     : name[0] == 'r' ? overrides.replications
                      : overrides.points) = value;
  }
  check_threads(threads);
  threads = threads_on(world, threads);
  if (resume && force) throw InputError("--resume and --force contradict each other");
  const bool slurm = shard_text == "slurm";
  if (slurm) shard_text = slurm_shard();
  const auto [shard, shards] =
      shard_text.empty() ? std::pair<std::size_t, std::size_t>{1, 1} : parse_shard(shard_text);
  // Every task of an array runs the same command: each writes its own file,
  // named after the merged one (--out, or the sweep file's default).
  if (out.empty()) out = default_out(path).string();
  if (slurm) {
    const std::filesystem::path merged(out);
    out = (merged.parent_path() / merged.stem()).string() + ".shard-" + std::to_string(shard) +
          "-of-" + std::to_string(shards) + ".h5";
    // Slurm re-queues a task (node failure, preemption) with the same command:
    // it goes on from its journal rather than refusing it.
    if (!force && std::filesystem::exists(out + ".journal")) resume = true;
  }
  // The journal beside it is OUT.journal: its name must fit too.
  const std::string journal_suffix = ".journal";
  if (const auto name = std::filesystem::path(out).filename().string();
      name.size() + journal_suffix.size() > NAME_MAX) {
    throw InputError("--out " + out + ": a sweep's file name may have at most " +
                     std::to_string(NAME_MAX - journal_suffix.size()) + " bytes (its journal, " +
                     "OUT" + journal_suffix + ", must fit in " + std::to_string(NAME_MAX) +
                     "); this one has " + std::to_string(name.size()));
  }

  const std::vector<std::string> headline(kHeadlineKpis.begin(), kHeadlineKpis.end());
  // Checking every point of a large design takes a while: say how far it is.
  ProgressLine checking(!quiet);
  const SweepSpec spec = load_sweep_file(
      path, headline,
      [&](std::size_t checked, std::size_t points) {
        checking.update(
            static_cast<double>(checked) / static_cast<double>(points),
            "checking point " + std::to_string(checked) + " of " + std::to_string(points));
      },
      overrides);
  checking.finish();
  const auto points = sweep_unit_points(spec);
  SweepLayout layout = layout_of(spec, points);
  if (shards > 1) layout.shard = shard_text;
  const std::vector<std::size_t> assigned =
      shard_points(points.size(), shard, shards, design_group_size(spec));
  const std::size_t runs_per_point =
      spec.strategies.size() * static_cast<std::size_t>(spec.replications);
  const auto note = [&](const std::string& text) {
    if (!quiet) std::cerr << text << '\n';
  };
  note("omnisim sweep: " + path + ", " + design_kind_name(spec.design) + " design, " +
       std::to_string(assigned.size()) + " of " + std::to_string(points.size()) + " points x " +
       std::to_string(spec.replications) + " replications x " +
       std::to_string(spec.strategies.size()) + " strategies");
  // A point runs every strategy of the sweep; the design's corners bound the
  // customers a parameter or [fixed] can ask for.
  for (const double corner : {0.0, std::nextafter(1.0, 0.0)}) {
    const std::vector<double> unit(spec.parameters.size(), corner);
    check_memory_fits(build_model(point_scenario(spec, unit)), spec.strategies.size());
  }
  if (dry_run) {
    std::cout << path << ": valid; " << points.size() << " points, "
              << assigned.size() * runs_per_point << " runs" << (shards > 1 ? " in this shard" : "")
              << '\n';
    try {
      std::cout << estimate_time(spec, assigned.size(), threads) << '\n';
    } catch (const Error& error) {  // the design's centre need not be one of its points
      std::cout << "no time estimate: the pilot run at the design's centre failed: " << error.what()
                << '\n';
    }
    return 0;
  }
  if (slurm && !force && std::filesystem::exists(out) &&
      !std::filesystem::exists(out + ".journal")) {
    // A finished task run again (the array resubmitted for the tasks that
    // failed, a re-queue after the end): its file is whole, so the task
    // succeeds and the merge waiting for the array can run. (Every rank
    // checks, so that all of them stop.)
    const SweepData done = read_sweep_file(out);
    if (done.layout.identity() == layout.identity() && done.layout.shard == layout.shard &&
        done.points_done.size() == assigned.size()) {
      note(out + ": shard " + shard_text + " is already finished; nothing to do");
      return 0;
    }
  }
  if (world.rank() != 0) {
    // Rank 0 keeps the journal and the file, and hands this rank its points.
    const StopOnInterrupt stop;
    serve_sweep_points(points, simulator_evaluator(spec, threads), world, &stop.requested());
    return 0;
  }

  const std::filesystem::path journal_path = out + ".journal";
  const std::string identity = layout.identity() + "\nshard: " + layout.shard;
  // The results file is checked first, so a refused OUT leaves no new
  // journal; beside a stopped sweep's journal it is that sweep's, and the
  // journal says what to do.
  check_output_path(out, force || resume || std::filesystem::exists(journal_path));
  std::optional<SweepJournal> journal;
  journal.emplace(SweepJournal::open(journal_path, identity, layout.values_per_point(),
                                     points.size(),
                                     resume  ? JournalStart::kResume
                                     : force ? JournalStart::kReplace
                                             : JournalStart::kNew));
  if (resume) {
    // Said even with --quiet: points that will run again, records ignored.
    for (const auto& problem : journal->problems())
      std::cerr << journal_path.string() << ": " << problem << '\n';
    note("resuming: " + std::to_string(journal->points().size()) + " points already finished");
  }
  for (const auto& stale : remove_stale_temporaries(out))
    note("removed " + stale.string() + ", left by an interrupted run");

  std::vector<bool> finished(points.size(), false);
  for (const std::size_t point : journal->points()) {
    finished[point] = true;  // resume() refused points past the sweep's
  }
  SweepRun run;
  for (const std::size_t point : assigned) {
    if (!finished[point]) run.points.push_back(point);
  }
  run.finished = [&](std::size_t point, std::span<const double> point_values) {
    if (point_values.size() != layout.values_per_point()) {
      throw ModelError("point " + std::to_string(point) + " gave " +
                       std::to_string(point_values.size()) + " values, expected " +
                       std::to_string(layout.values_per_point()));
    }
    journal->append(point, point_values);
  };
  std::optional<tbb::global_control> allowance;
  if (threads > tbb::info::default_concurrency()) {
    allowance.emplace(tbb::global_control::max_allowed_parallelism,
                      static_cast<std::size_t>(threads));
  }
  const StopOnInterrupt stop;
  run.stop_requested = &stop.requested();
  ProgressLine progress(!quiet);
  run.progress = [&](double fraction, const std::string& current) {
    progress.update(fraction, current);
  };
  // The file, from the journal, point by point: what finished is written
  // whether the sweep ends, stops or fails.
  const auto write_finished = [&] {
    std::map<std::size_t, std::size_t> record_of;
    for (std::size_t i = 0; i < journal->points().size(); ++i)
      record_of[journal->points()[i]] = i;
    write_sweep_file(out, force || resume, layout, journal->points(),
                     [&](std::size_t point) { return journal->values(record_of.at(point)); });
  };
  const auto start = std::chrono::steady_clock::now();
  std::size_t ran = 0;
  std::optional<std::size_t> failed_point;
  run.failed_point = &failed_point;
  try {
    ran = world.size() > 1
              ? run_sweep_points_on_ranks(points, simulator_evaluator(spec, threads), run, world)
              : run_sweep_points(points, simulator_evaluator(spec, threads), run);
  } catch (const Error&) {
    progress.finish();
    // What failed: a point (its values said), or the sweep itself (its journal, say).
    std::string failed = "failed";
    if (failed_point) {
      failed += " at point " + std::to_string(*failed_point) + " (";
      for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
        failed += (i ? ", " : "") + spec.parameters[i].key + " = " +
                  spec.parameters[i].range.value_at(points[*failed_point][i]);
      }
      failed += ")";
    }
    if (journal->points().empty()) {
      // Nothing to keep: no file and no journal, so nothing blocks the next run.
      journal.reset();
      std::filesystem::remove(journal_path);
      note(failed + " before any point finished; nothing written");
      throw;
    }
    write_finished();
    note(failed + "; the " + std::to_string(journal->points().size()) + " points finished are in " +
         out + " (and " + journal_path.string() +
         "); narrow the ranges and start over with --force");
    throw;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.finish();
  write_finished();
  const std::size_t done = journal->points().size();
  if (ran > 0) {
    const auto customers =
        static_cast<double>(build_model(point_scenario(spec, points.front())).simulation.customers);
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.0f",
                  customers * static_cast<double>(ran * runs_per_point) / std::max(seconds, 1e-9));
    note("ran " + std::to_string(ran) + " points in " + std::to_string(std::lround(seconds)) +
         " s (" + rate + " customer-runs/s)");
  }
  // A stop that came after the last point changes nothing: the sweep is done.
  if (done < assigned.size()) {
    note("stopped: " + std::to_string(done) + " of " + std::to_string(assigned.size()) +
         " points finished, written to " + out + "; `omnisim sweep " + path +
         (out != default_out(path).string() ? " --out " + out : "") +
         (shards > 1 ? " --shard " + shard_text : "") + " --resume` runs the rest");
    return 128 + stop.signal_number();
  }
  journal.reset();
  std::filesystem::remove(journal_path);
  note("results written to " + out);
  return 0;
}

int merge_command(const std::vector<std::string>& args) {
  std::string out;
  std::vector<std::string> inputs;
  bool force = false;
  po::options_description options("Options");
  options.add_options()("out", po::value(&out)->value_name("OUT"), "merged file")(
      "inputs", po::value(&inputs)->multitoken()->value_name("SHARD.h5..."), "shard files")(
      "force", po::bool_switch(&force), "replace an existing OUT");
  po::positional_options_description positional;
  positional.add("out", 1).add("inputs", -1);
  po::variables_map values;
  if (!parse(args, options, values, kMergeUsage, &positional)) return 0;
  if (out.empty() || inputs.empty()) {
    throw InputError("merge: expected OUT and one shard file or more (see --help)");
  }
  check_output_path(out, force);
  std::vector<SweepData> shards;
  std::map<std::size_t, std::pair<std::size_t, std::size_t>> source_of;  // point -> (file, row)
  for (std::size_t f = 0; f < inputs.size(); ++f) {
    if (std::filesystem::weakly_canonical(inputs[f]) == std::filesystem::weakly_canonical(out)) {
      throw InputError(inputs[f] + ": is also OUT; merge into a new file");
    }
    shards.push_back(read_sweep_file(inputs[f]));
    const SweepData& data = shards.back();
    if (data.layout.identity() != shards.front().layout.identity()) {
      throw InputError(inputs[f] + ": a file of another sweep than " + inputs.front() +
                       " (its sweep file, scenario, or the omnisim version or build that ran it "
                       "differ)");
    }
    for (std::size_t i = 0; i < data.points_done.size(); ++i) {
      const auto [at, inserted] = source_of.try_emplace(data.points_done[i], f, i);
      if (!inserted) {
        throw InputError(inputs[f] + ": point " + std::to_string(data.points_done[i]) +
                         " is also in " + inputs[at->second.first] + " (the same shard twice?)");
      }
    }
  }
  SweepLayout layout = shards.front().layout;
  layout.shard.clear();
  std::vector<std::size_t> done;
  done.reserve(source_of.size());
  for (const auto& [point, source] : source_of)
    done.push_back(point);
  write_sweep_file(out, force, layout, done, [&](std::size_t point) {
    const auto [file, row] = source_of.at(point);
    return shards[file].values[row];
  });
  std::cerr << "merged " << done.size() << " of " << layout.points << " points into " << out
            << (done.size() < layout.points ? " (some shards are missing or unfinished)" : "")
            << '\n';
  return 0;
}

}  // namespace omnisim::cli
