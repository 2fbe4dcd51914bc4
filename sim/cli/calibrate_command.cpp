// `omnisim calibrate`: free scenario parameters fitted to KPI targets.

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "sim/cli/commands.hpp"
#include "sim/cli/memory.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/progress.hpp"
#include "sim/core/error.hpp"
#include "sim/core/names.hpp"
#include "sim/core/numbers.hpp"
#include "sim/experiment/calibration.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim::cli {
namespace {

const char* kCalibrateUsage =
    "Usage: omnisim calibrate --target KPI=VALUE[±TOL]... --free KEY=[LOW,HIGH]... [options]\n"
    "Finds the values of the free parameters (within their ranges) at which one\n"
    "strategy's KPIs (means over the replications) reproduce the targets, by a\n"
    "derivative-free search (NLopt BOBYQA) on common random numbers: every evaluation\n"
    "runs the same customers, so the objective, the sum of squared residuals in\n"
    "tolerances, moves only with the parameters. Prints the fit and its residuals and\n"
    "writes the calibrated scenario as TOML. A tolerance left out is 1 % of the value;\n"
    "+- may stand for ±. Exits with 3 when a target is not reproduced within its\n"
    "tolerance (the scenario is still written).";

std::optional<double> number_in(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ')
    text.remove_suffix(1);
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

CalibrationTarget parse_target(const std::string& text) {
  const auto fail = [&] {
    return InputError("--target " + text +
                      ": expected KPI=VALUE or KPI=VALUE±TOLERANCE, e.g. retention_12m=0.8±0.01");
  };
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) throw fail();
  CalibrationTarget target;
  target.kpi = text.substr(0, equals);
  std::string rest = text.substr(equals + 1);
  std::string tolerance;
  for (const std::string mark : {"±", "+-"}) {
    if (const auto at = rest.find(mark); at != std::string::npos) {
      tolerance = rest.substr(at + mark.size());
      rest = rest.substr(0, at);
      break;
    }
  }
  const auto value = number_in(rest);
  if (!value) throw fail();
  target.value = *value;
  if (tolerance.empty()) {
    target.tolerance = 0.01 * std::abs(*value);
    if (target.tolerance == 0.0) {
      throw InputError("--target " + text + ": a target of 0 needs its tolerance (KPI=0±TOL)");
    }
  } else {
    const auto tol = number_in(tolerance);
    if (!tol || *tol <= 0.0) throw fail();
    target.tolerance = *tol;
  }
  return target;
}

FreeParameter parse_free(const std::string& text) {
  const auto fail = [&] {
    return InputError("--free " + text +
                      ": expected KEY=[LOW,HIGH], e.g. mechanisms.habit.utility=[0.5,3]");
  };
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) throw fail();
  FreeParameter free;
  free.key = text.substr(0, equals);
  std::string range = text.substr(equals + 1);
  if (range.size() < 5 || range.front() != '[' || range.back() != ']') throw fail();
  range = range.substr(1, range.size() - 2);
  const auto comma = range.find(',');
  if (comma == std::string::npos) throw fail();
  const auto low = number_in(std::string_view(range).substr(0, comma));
  const auto high = number_in(std::string_view(range).substr(comma + 1));
  if (!low || !high) throw fail();
  if (!(*low < *high)) {
    throw InputError("--free " + text + ": expected LOW < HIGH");
  }
  free.low = *low;
  free.high = *high;
  return free;
}

std::string shortest(double value) {
  char text[32];
  return std::string(text, std::to_chars(text, text + sizeof text, value).ptr);
}

}  // namespace

int calibrate_command(const std::vector<std::string>& args) {
  ScenarioOptions scenario_options;
  std::vector<std::string> target_texts, free_texts;
  std::string strategy, out = "calibrated.toml";
  int threads = 0, max_evaluations = 200;
  bool force = false, quiet = false;
  po::options_description options("Options");
  scenario_options.add_to(options);
  options.add_options()("target", po::value(&target_texts)->composing()->value_name("KPI=V±T"),
                        "a KPI to reproduce, with its tolerance (repeatable)")(
      "free", po::value(&free_texts)->composing()->value_name("KEY=[LO,HI]"),
      "a scenario key to fit, within its range (repeatable)")(
      "strategy", po::value(&strategy)->value_name("NAME"),
      "the strategy whose KPIs are the targets'; default: the scenario's analysis.baseline")(
      "max-evaluations", po::value(&max_evaluations)->value_name("N"),
      "most simulations of the scenario; default 200")(
      "out,o", po::value(&out)->value_name("FILE"),
      "the calibrated scenario (TOML); default calibrated.toml")("force", po::bool_switch(&force),
                                                                 "overwrite FILE if it exists")(
      "threads,j", po::value(&threads)->value_name("N"), "worker threads (0: every core)")(
      "quiet,q", po::bool_switch(&quiet), "no progress line on stderr");
  po::variables_map values;
  if (!parse(args, options, values, kCalibrateUsage)) return 0;
  scenario_options.read(values);
  check_threads(threads);
  if (max_evaluations < 2) throw InputError("--max-evaluations: expected 2 or more");
  CalibrationRequest request;
  for (const auto& text : target_texts)
    request.targets.push_back(parse_target(text));
  for (const auto& text : free_texts)
    request.free.push_back(parse_free(text));
  if (request.targets.empty()) throw InputError("--target: give one target or more (see --help)");
  if (request.free.empty()) throw InputError("--free: give one parameter or more (see --help)");
  check_output_path(out, force);

  const Scenario base = scenario_options.load();
  const Model model = build_model(base);
  check_memory_fits(model, 1);  // an evaluation runs one strategy
  request.scenario_text = emit_scenario(base);
  request.scenario_name = scenario_options.source_name();
  request.strategy =
      strategy.empty() ? model.strategies[model.analysis.baseline_strategy].name : strategy;
  if (model.strategy_index(request.strategy) < 0) {
    throw InputError("--strategy: " + unknown_name("strategy", "strategies", request.strategy,
                                                   model.strategy_names()));
  }
  request.threads = threads;
  request.max_evaluations = max_evaluations;
  ProgressLine progress(!quiet);
  request.progress = [&](int evaluation, double best) {
    progress.update(
        static_cast<double>(evaluation) / max_evaluations,
        "evaluation " + std::to_string(evaluation) + ", best objective " + significant(best, 3));
  };
  if (!quiet) {
    std::cerr << "omnisim calibrate: " << request.scenario_name << ", " << request.strategy << ", "
              << model.simulation.customers << " customers x " << model.simulation.replications
              << " replications per evaluation, seed " << model.simulation.seed
              << " (common random numbers)\n";
  }
  const CalibrationResult result = calibrate(request);
  progress.finish();

  std::cout << "Calibrated " << request.free.size() << " parameter"
            << (request.free.size() == 1 ? "" : "s") << " to " << request.targets.size()
            << " target" << (request.targets.size() == 1 ? "" : "s") << " of " << request.strategy
            << " in " << result.evaluations << " evaluations (stopped: " << result.stopped_because
            << ")\n\n";
  std::size_t width = 9;
  for (const auto& free : request.free)
    width = std::max(width, free.key.size());
  for (const auto& target : request.targets)
    width = std::max(width, target.kpi.size());
  std::printf("  %-*s  %14s  %12s  %s\n", static_cast<int>(width), "parameter", "value",
              "± std. error", "range");
  for (std::size_t i = 0; i < request.free.size(); ++i) {
    const double error = result.standard_errors[i];
    std::printf("  %-*s  %14s  %12s  [%s, %s]\n", static_cast<int>(width),
                request.free[i].key.c_str(), significant(result.values[i], 6).c_str(),
                std::isnan(error) ? "n/a" : significant(error, 2).c_str(),
                shortest(request.free[i].low).c_str(), shortest(request.free[i].high).c_str());
  }
  std::cout << "\n  (standard errors from the objective's curvature at the optimum, with the\n"
               "  tolerances as the targets' standard errors; n/a: the targets do not pin the\n"
               "  parameter down)\n";
  std::printf("\n  %-*s  %20s  %14s  %s\n", static_cast<int>(width), "target", "value ± tolerance",
              "simulated", "residual / tolerance");
  for (std::size_t t = 0; t < request.targets.size(); ++t) {
    const auto& target = request.targets[t];
    const double residual = (result.simulated[t] - target.value) / target.tolerance;
    std::printf("  %-*s  %20s  %14s  %+.2f%s\n", static_cast<int>(width), target.kpi.c_str(),
                (significant(target.value, 6) + " ± " + significant(target.tolerance, 3)).c_str(),
                significant(result.simulated[t], 6).c_str(), residual,
                std::abs(residual) <= 1.0 ? "" : "  (outside)");
  }
  std::printf("\n%s (objective %s)\n",
              result.within_tolerance ? "Every target is reproduced within its tolerance"
                                      : "Some targets are NOT reproduced within their tolerance",
              significant(result.objective, 4).c_str());
  std::cout.flush();

  AtomicFile file(out, force);
  {
    std::ofstream text(file.temporary_path());
    text << "# Calibrated by omnisim calibrate from " << request.scenario_name << ":\n";
    for (const auto& assignment : free_overrides(request.free, result.values))
      text << "#   " << assignment << '\n';
    text << emit_scenario(result.scenario);
    text.flush();
    if (!text) throw IoError(out + ": cannot write");
  }
  file.commit();
  if (!quiet) std::cerr << "calibrated scenario written to " << out << '\n';
  return result.within_tolerance ? 0 : 3;
}

}  // namespace omnisim::cli
