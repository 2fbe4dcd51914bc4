// `omnisim summarize`, `omnisim sensitivity` and `omnisim verdict`: what a
// sweep file says.

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "analysis/sensitivity_table.hpp"
#include "analysis/sweep_analysis.hpp"
#include "analysis/sweep_export.hpp"
#include "analysis/verdict.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/core/error.hpp"
#include "sim/experiment/design.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/load.hpp"

namespace omnisim::cli {
namespace {

const char* kSummarizeUsage =
    "Usage: omnisim summarize RESULTS.h5 [options]\n"
    "Summarises a sweep file: for one KPI, each point's mean ± confidence half-width\n"
    "per strategy and the paired difference of the first two strategies (* marks an\n"
    "interval that excludes 0), then where in the space each strategy's KPI is the\n"
    "higher: the share of points in the low, middle and high third of each\n"
    "parameter's range (higher is better for CLV, worse for a cost).\n"
    "--csv writes every run as one tidy table; --export the SALib and EMA Workbench\n"
    "layouts.";

const char* kSensitivityUsage =
    "Usage: omnisim sensitivity RESULTS.h5 --kpi NAME [options]\n"
    "Global sensitivity of one output of a sweep to its parameters: Sobol' first-order\n"
    "and total indices for a saltelli design (Saltelli 2010 and Jansen estimators; and\n"
    "second-order ones with second_order = true), Morris mu*, mu and sigma for a morris\n"
    "design (per the parameter's whole range), standardised regression coefficients\n"
    "and partial rank correlations for any other design (lhs, random, sobol, grid),\n"
    "with bootstrap confidence half-widths; warnings on stderr when the indices cannot\n"
    "be trusted (too few points, S1 > ST, far outside [0, 1], a constant output, a\n"
    "poor linear fit). The output is each point's mean over its replications of the\n"
    "KPI for one strategy, or of the paired difference of two.";

const char* kVerdictUsage =
    "Usage: omnisim verdict RESULTS.h5 [options]\n"
    "Where the verdict flips: over a sweep's points, the sign of the target strategy\n"
    "(default omnichannel) minus each other strategy of the sweep that opens several\n"
    "channels, and minus the best of its single-channel strategies at each point, on\n"
    "one KPI (default clv_lifetime_net_per_prospect_eur: the firm's net lifetime\n"
    "value per prospect). For each contrast: at how many points it is above or\n"
    "below 0 (paired intervals over the replications), a plane fitted over the\n"
    "parameters' ranges -- each parameter's effect across its range and the value at\n"
    "which the contrast crosses 0, the others at the centres of their ranges -- the\n"
    "share of points above 0 by third of each range, and the region the two\n"
    "strongest parameters draw. Break-even regions, not point rankings.";

std::string format(double value, int decimals) {
  if (std::isnan(value)) return "n/a";
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// Decimals that show a value of this size to about four significant digits.
int decimals_for(double magnitude) {
  if (!(magnitude > 0.0) || !std::isfinite(magnitude)) return 2;
  return std::clamp(3 - static_cast<int>(std::floor(std::log10(magnitude))), 0, 6);
}

std::string fixed_point_or_scientific(double value) {
  char text[48];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

std::string short_name(const std::string& key) {
  const auto dot = key.rfind('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

SweepData read_sweep(const std::string& path) {
  if (path.empty()) throw InputError("expected a sweep results file RESULTS.h5 (see --help)");
  if (!std::filesystem::is_regular_file(path)) {
    // A sweep stopped (Ctrl-C, a kill, the end of a Slurm allocation) before
    // it wrote its file has its finished points in the journal beside it.
    if (std::filesystem::exists(path + ".journal")) {
      throw InputError(path + ": no such file yet: the sweep stopped before writing it, and " +
                       path + ".journal holds its finished points; run omnisim sweep SWEEP.toml " +
                       "--out " + path + " --resume to run the rest and write it");
    }
    throw InputError(path + ": no such file");
  }
  return read_sweep_file(path);
}

void print_which_is_higher(const SweepData& data, const std::vector<PointSummary>& summaries) {
  const SweepLayout& layout = data.layout;
  if (layout.strategies.size() < 2) return;
  const std::string& a = layout.strategies[0];
  const std::string& b = layout.strategies[1];
  std::size_t a_higher = 0, b_higher = 0;
  const std::size_t k = layout.parameters.size();
  // higher[p][third][0: a, 1: b], points[p][third]
  std::vector<std::array<std::array<std::size_t, 2>, 3>> higher(k);
  std::vector<std::array<std::size_t, 3>> points(k);
  for (const auto& summary : summaries) {
    const bool a_is_higher = summary.difference.excludes_zero() && summary.difference.mean > 0;
    const bool b_is_higher = summary.difference.excludes_zero() && summary.difference.mean < 0;
    a_higher += a_is_higher ? 1 : 0;
    b_higher += b_is_higher ? 1 : 0;
    for (std::size_t p = 0; p < k; ++p) {
      const double u = layout.unit[summary.point * k + p];
      const auto third = std::min<std::size_t>(2, static_cast<std::size_t>(u * 3.0));
      ++points[p][third];
      higher[p][third][0] += a_is_higher ? 1 : 0;
      higher[p][third][1] += b_is_higher ? 1 : 0;
    }
  }
  const std::size_t n = summaries.size();
  std::cout << "\nWhich is higher (the difference's interval excludes 0): " << a << " at "
            << a_higher << " of " << n << " points, " << b << " at " << b_higher << ", neither at "
            << n - a_higher - b_higher << ".\n\nShare of points where " << a
            << " is higher, by third of each parameter's range (" << b << " higher in brackets):\n";
  std::size_t width = 10;
  for (const auto& name : layout.parameters)
    width = std::max(width, name.size());
  std::printf("  %-*s  %-16s  %-16s  %s\n", static_cast<int>(width), "parameter", "low", "middle",
              "high");
  for (std::size_t p = 0; p < k; ++p) {
    std::printf("  %-*s", static_cast<int>(width), layout.parameters[p].c_str());
    for (std::size_t third = 0; third < 3; ++third) {
      const auto count = static_cast<double>(std::max<std::size_t>(points[p][third], 1));
      char cell[40];
      std::snprintf(cell, sizeof cell, "%3.0f %% (%3.0f %%)",
                    100.0 * static_cast<double>(higher[p][third][0]) / count,
                    100.0 * static_cast<double>(higher[p][third][1]) / count);
      std::printf(third < 2 ? "  %-16s" : "  %s", cell);
    }
    std::printf("\n");
  }
}

}  // namespace

int summarize_command(const std::vector<std::string>& args) {
  std::string path, kpi, csv, export_dir;
  double confidence = 0.95;
  std::size_t rows = 20;
  bool force = false;
  po::options_description options("Options");
  options.add_options()("results", po::value(&path)->value_name("RESULTS.h5"), "sweep file")(
      "kpi", po::value(&kpi)->value_name("NAME"), "the KPI summarised; default: the first kept")(
      "confidence", po::value(&confidence)->value_name("LEVEL"),
      "confidence level of the intervals; default 0.95")("rows", po::value(&rows)->value_name("N"),
                                                         "points listed (0: all); default 20")(
      "csv", po::value(&csv)->value_name("FILE"),
      "write every run as one tidy CSV table (a row per point, replication and strategy)")(
      "export", po::value(&export_dir)->value_name("DIR"),
      "write the SALib (problem.json, X.txt, Y_*.txt) and EMA Workbench (experiments.csv, "
      "outcomes.csv) layouts into DIR")("force", po::bool_switch(&force),
                                        "overwrite existing output files");
  po::positional_options_description positional;
  positional.add("results", 1);
  po::variables_map values;
  if (!parse(args, options, values, kSummarizeUsage, &positional)) return 0;
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw InputError("--confidence: expected a level between 0 and 1, e.g. 0.95");
  }
  if (!csv.empty()) check_output_path(csv, force);
  const SweepData data = read_sweep(path);
  const SweepLayout& layout = data.layout;
  if (kpi.empty()) kpi = layout.kpis.front();
  const auto summaries =
      naming_option("--kpi", [&] { return summarize_points(data, kpi, confidence); });
  const auto kpi_index = static_cast<std::size_t>(
      std::find(layout.kpis.begin(), layout.kpis.end(), kpi) - layout.kpis.begin());

  std::cout << path << ": " << layout.design << " design, " << data.points_done.size() << " of "
            << layout.points << " points x " << layout.replications << " replications"
            << (layout.shard.empty() ? "" : ", shard " + layout.shard) << "\n"
            << kpi << " [" << layout.kpi_units[kpi_index] << "], mean ± "
            << format(100 * confidence, 0) << " % half-width over replications\n\n";
  double magnitude = 0.0;
  for (const auto& summary : summaries)
    for (const auto& level : summary.levels)
      if (std::isfinite(level.mean)) magnitude = std::max(magnitude, std::abs(level.mean));
  const int decimals = decimals_for(magnitude);
  const std::size_t k = layout.parameters.size();
  std::printf("%6s", "point");
  for (const auto& name : layout.parameters)
    std::printf("  %12.12s", short_name(name).c_str());
  for (const auto& strategy : layout.strategies)
    std::printf("  %20.20s", strategy.c_str());
  if (layout.strategies.size() >= 2) {
    std::printf("  %24s", (layout.strategies[0] + " - " + layout.strategies[1]).c_str());
  }
  std::printf("\n");
  const std::size_t shown = rows == 0 ? summaries.size() : std::min(rows, summaries.size());
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& summary = summaries[i];
    std::printf("%6zu", summary.point);
    for (std::size_t p = 0; p < k; ++p) {
      const double value = layout.value[summary.point * k + p];
      std::printf("  %12s", format(value, decimals_for(std::abs(value))).c_str());
    }
    for (const auto& level : summary.levels) {
      std::printf(
          "  %20s",
          (format(level.mean, decimals) + " ± " + format(level.half_width, decimals)).c_str());
    }
    if (layout.strategies.size() >= 2) {
      const Interval& d = summary.difference;
      std::string cell = d.mean > 0 ? "+" : "";
      cell += format(d.mean, decimals) + " ± " + format(d.half_width, decimals);
      cell += d.excludes_zero() ? " *" : "  ";
      std::printf("  %24s", cell.c_str());
    }
    std::printf("\n");
  }
  if (shown < summaries.size()) {
    std::printf("  ... %zu more points (--rows 0 lists them all; --csv writes every run)\n",
                summaries.size() - shown);
  }
  if (k > 0) {
    std::printf("\nparameters:");
    for (const auto& name : layout.parameters)
      std::printf(" %s = %s;", short_name(name).c_str(), name.c_str());
    std::printf("\n");
  }
  if (layout.replications < 2) {
    std::printf(
        "\nOne replication per point: no intervals, so no point counts as higher (set "
        "replications = 2 or more in the sweep file).\n");
  }
  print_which_is_higher(data, summaries);
  std::cout.flush();
  if (!csv.empty()) {
    write_tidy_csv(data, csv, force);
    std::cerr << "tidy table written to " << csv << '\n';
  }
  if (!export_dir.empty()) {
    write_sensitivity_layouts(data, export_dir, force);
    std::cerr << "SALib and EMA Workbench layouts written to " << export_dir << '\n';
  }
  return 0;
}

int sensitivity_command(const std::vector<std::string>& args) {
  std::string path, kpi, strategy, difference, csv_path, json_path;
  bool force = false;
  BootstrapOptions bootstrap;
  std::int64_t resamples = 1000;
  po::options_description options("Options");
  options.add_options()("results", po::value(&path)->value_name("RESULTS.h5"), "sweep file")(
      "kpi", po::value(&kpi)->value_name("NAME"), "the KPI (required)")(
      "strategy", po::value(&strategy)->value_name("NAME"),
      "the strategy whose KPI is analysed; default: the sweep's first")(
      "strategy-difference", po::value(&difference)->value_name("A,B"),
      "analyse the paired difference A - B instead")(
      "confidence", po::value(&bootstrap.confidence)->value_name("LEVEL"),
      "confidence level of the intervals; default 0.95")(
      "resamples", po::value(&resamples)->value_name("N"), "bootstrap resamples; default 1000")(
      "csv", po::value(&csv_path)->value_name("FILE"),
      "also write the indices as CSV: index,parameter,other,estimate,half_width")(
      "json", po::value(&json_path)->value_name("FILE"),
      "also write the indices, the design and the warnings as JSON")(
      "force", po::bool_switch(&force), "replace the --csv/--json files if they exist");
  po::positional_options_description positional;
  positional.add("results", 1);
  po::variables_map values;
  if (!parse(args, options, values, kSensitivityUsage, &positional)) return 0;
  if (kpi.empty()) throw InputError("--kpi: name the KPI to analyse (see --help)");
  if (!strategy.empty() && !difference.empty()) {
    throw InputError("--strategy and --strategy-difference: give one or the other");
  }
  if (!(bootstrap.confidence > 0.0 && bootstrap.confidence < 1.0)) {
    throw InputError("--confidence: expected a level between 0 and 1, e.g. 0.95");
  }
  if (resamples < 2 || resamples > 1'000'000) {
    throw InputError("--resamples: expected 2 to 1,000,000");
  }
  bootstrap.resamples = static_cast<std::size_t>(resamples);
  const SweepData data = read_sweep(path);
  SweepOutput output{kpi, strategy.empty() ? data.layout.strategies.front() : strategy, ""};
  if (!difference.empty()) {
    const auto comma = difference.find(',');
    if (comma == std::string::npos || comma == 0 || comma + 1 == difference.size()) {
      throw InputError("--strategy-difference: expected A,B (e.g. omnichannel,multichannel)");
    }
    output.strategy = difference.substr(0, comma);
    output.minus = difference.substr(comma + 1);
  }
  const SweepSensitivity result = sweep_sensitivity(data, output, bootstrap);
  const SweepLayout& layout = data.layout;
  const SensitivityTable table =
      sensitivity_table(result, layout.parameters, output.label(), layout.design, bootstrap);
  if (!csv_path.empty()) {
    write_atomically(csv_path, force,
                     [&](std::ostream& out) { write_sensitivity_csv(out, table); });
  }
  if (!json_path.empty()) {
    write_atomically(json_path, force,
                     [&](std::ostream& out) { write_sensitivity_json(out, table); });
  }
  std::size_t width = 10;
  for (const auto& name : layout.parameters)
    width = std::max(width, name.size());
  const std::string level = format(100 * bootstrap.confidence, 0) + " %";
  const auto with_interval = [](const IndexEstimate& value, int decimals) {
    return format(value.estimate, decimals) + " ± " + format(value.half_width, decimals);
  };
  switch (result.method) {
    case SweepSensitivity::Method::kSobol: {
      const std::size_t group =
          saltelli_group_size(layout.parameters.size(), layout.second_order != 0);
      std::cout << "Sobol' indices of " << output.label() << "\n(saltelli design, "
                << result.indices.base_points << " base points of " << layout.points / group
                << ", output variance " << fixed_point_or_scientific(result.indices.variance)
                << ", ± " << level << " bootstrap half-width over " << bootstrap.resamples
                << " resamples)\n\n";
      std::printf("  %-*s  %18s  %18s\n", static_cast<int>(width), "parameter", "first order",
                  "total");
      for (std::size_t p = 0; p < layout.parameters.size(); ++p) {
        std::printf("  %-*s  %18s  %18s\n", static_cast<int>(width), layout.parameters[p].c_str(),
                    with_interval(result.indices.first[p], 3).c_str(),
                    with_interval(result.indices.total[p], 3).c_str());
      }
      if (!result.indices.second.empty()) {
        std::cout << "\nSecond order (the share of the variance of the pair's interaction)\n\n";
        for (const SecondOrderIndex& pair : result.indices.second) {
          const std::string names = layout.parameters[pair.i] + " x " + layout.parameters[pair.j];
          std::printf("  %-*s  %18s\n", static_cast<int>(2 * width + 3), names.c_str(),
                      with_interval(pair.estimate, 3).c_str());
        }
      }
      break;
    }
    case SweepSensitivity::Method::kMorris: {
      std::cout << "Morris elementary effects of " << output.label() << "\n(morris design, "
                << result.effects.trajectories << " trajectories, per the parameter's whole "
                << "range; mu* ± " << level << " bootstrap half-width)\n\n";
      double magnitude = 0.0;
      for (const auto& star : result.effects.mu_star)
        magnitude = std::max(magnitude, star.estimate);
      const int decimals = decimals_for(magnitude);
      std::printf("  %-*s  %22s  %12s  %12s\n", static_cast<int>(width), "parameter", "mu*", "mu",
                  "sigma");
      for (std::size_t p = 0; p < layout.parameters.size(); ++p) {
        std::printf("  %-*s  %22s  %12s  %12s\n", static_cast<int>(width),
                    layout.parameters[p].c_str(),
                    with_interval(result.effects.mu_star[p], decimals).c_str(),
                    format(result.effects.mu[p], decimals).c_str(),
                    format(result.effects.sigma[p], decimals).c_str());
      }
      break;
    }
    case SweepSensitivity::Method::kRegression:
      std::cout << "Regression indices of " << output.label() << "\n(" << layout.design
                << " design, " << result.regression.points << " points; R^2 of the linear fit "
                << format(result.regression.r_squared, 3) << "; ± " << level
                << " bootstrap half-width over " << bootstrap.resamples << " resamples)\n"
                << "SRC: standardised regression coefficient (SRC^2 is the share of the variance "
                   "when R^2 is near 1);\nPRCC: partial rank correlation (monotone effects)\n\n";
      std::printf("  %-*s  %18s  %18s\n", static_cast<int>(width), "parameter", "SRC", "PRCC");
      for (std::size_t p = 0; p < layout.parameters.size(); ++p) {
        std::printf("  %-*s  %18s  %18s\n", static_cast<int>(width), layout.parameters[p].c_str(),
                    with_interval(result.regression.src[p], 3).c_str(),
                    with_interval(result.regression.prcc[p], 3).c_str());
      }
      break;
  }
  for (const std::string& warning : table.warnings)
    std::cerr << "omnisim: warning: " << warning << '\n';
  return 0;
}

}  // namespace omnisim::cli

namespace omnisim::cli {
namespace {

// The sweep's strategies that open one channel, by the base scenario.
std::vector<std::string> single_channel_strategies(const SweepLayout& layout) {
  const Model model = build_model(load_scenario(layout.scenario_text, "the sweep's scenario", {}));
  std::vector<std::string> names;
  for (const auto& name : layout.strategies) {
    const int index = model.strategy_index(name);
    if (index < 0) continue;
    const ChannelMask open = model.strategies[static_cast<std::size_t>(index)].open;
    if (std::popcount(static_cast<unsigned>(open)) == 1) names.push_back(name);
  }
  return names;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

void print_verdict(const ContrastVerdict& verdict, const std::string& unit, double confidence) {
  const Contrast& contrast = verdict.contrast;
  const int decimals = decimals_for(std::abs(verdict.centre));
  std::cout << "\n"
            << contrast.label << " (" << join_names(contrast.against) << ")\n"
            << "  above 0 at " << verdict.above << " of " << verdict.points << " points, below at "
            << verdict.below << ", undecided at " << verdict.points - verdict.above - verdict.below
            << " (" << format(100 * confidence, 0) << " % paired intervals)\n"
            << "  fitted at the centre of every range: " << format(verdict.centre, decimals) << ' '
            << unit << " (plane over the ranges, R² " << format(verdict.r_squared, 2) << ")\n\n";
  std::size_t width = 9;
  for (const auto& effect : verdict.parameters)
    width = std::max(width, effect.parameter.size());
  std::printf("  %-*s  %-20s  %12s  %14s  %s\n", static_cast<int>(width), "parameter", "range",
              "effect", "crosses 0 at", "above 0 by third (below)");
  for (const auto& effect : verdict.parameters) {
    const std::string range = format(effect.low, decimals_for(std::abs(effect.low))) + " .. " +
                              format(effect.high, decimals_for(std::abs(effect.high)));
    const std::string crossing =
        std::isnan(effect.break_even)
            ? (verdict.centre >= 0.0 ? "never: above" : "never: below")
            : format(effect.break_even, decimals_for(std::abs(effect.break_even)));
    std::string thirds;
    for (std::size_t t = 0; t < 3; ++t) {
      char cell[32];
      std::snprintf(cell, sizeof cell, "%3.0f%% (%3.0f%%)", 100.0 * effect.above[t],
                    100.0 * effect.below[t]);
      thirds += (t == 0 ? "" : "  ") + std::string(cell);
    }
    std::printf("  %-*s  %-20s  %+12.*f  %14s  %s\n", static_cast<int>(width),
                effect.parameter.c_str(), range.c_str(), decimals, effect.effect, crossing.c_str(),
                thirds.c_str());
  }
  const auto& first = verdict.parameters[verdict.strongest[0]];
  const auto& second = verdict.parameters[verdict.strongest[1]];
  std::cout << "\n  share of points above 0 by third of " << first.parameter << " (rows, low to "
            << "high) and " << second.parameter << " (columns):\n";
  for (std::size_t a = 0; a < 3; ++a) {
    std::cout << "   ";
    for (std::size_t c = 0; c < 3; ++c) {
      const double share = verdict.region_above[a][c];
      char cell[16];
      if (std::isnan(share)) {
        std::snprintf(cell, sizeof cell, "%6s", "-");
      } else {
        std::snprintf(cell, sizeof cell, "%5.0f%%", 100.0 * share);
      }
      std::cout << ' ' << cell;
    }
    std::cout << '\n';
  }
}

}  // namespace

int verdict_command(const std::vector<std::string>& args) {
  std::string path, kpi = "clv_lifetime_net_per_prospect_eur", target = "omnichannel";
  std::vector<std::string> against;
  double confidence = 0.95;
  po::options_description options("Options");
  options.add_options()("results", po::value(&path)->value_name("RESULTS.h5"), "sweep file")(
      "kpi", po::value(&kpi)->value_name("NAME"),
      "the KPI compared; default clv_lifetime_net_per_prospect_eur")(
      "target", po::value(&target)->value_name("NAME"), "the strategy judged; default omnichannel")(
      "against", po::value(&against)->multitoken()->value_name("NAME..."),
      "one contrast against the best of these strategies at each point, instead of the "
      "default contrasts")("confidence", po::value(&confidence)->value_name("LEVEL"),
                           "confidence level of the per-point intervals; default 0.95");
  po::positional_options_description positional;
  positional.add("results", 1);
  po::variables_map values;
  if (!parse(args, options, values, kVerdictUsage, &positional)) return 0;
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw InputError("--confidence: expected a level between 0 and 1, e.g. 0.95");
  }
  const SweepData data = read_sweep(path);
  const SweepLayout& layout = data.layout;
  const auto kpi_at = std::find(layout.kpis.begin(), layout.kpis.end(), kpi);
  if (kpi_at == layout.kpis.end()) {
    throw InputError("--kpi: the sweep did not keep \"" + kpi +
                     "\" (it kept: " + join_names(layout.kpis) + ")");
  }
  if (std::find(layout.strategies.begin(), layout.strategies.end(), target) ==
      layout.strategies.end()) {
    throw InputError("--target: the sweep did not run \"" + target +
                     "\" (it ran: " + join_names(layout.strategies) + ")");
  }
  std::vector<Contrast> contrasts;
  if (!against.empty()) {
    contrasts.push_back({target, against, target + " - best of the given"});
  } else {
    const std::vector<std::string> single = single_channel_strategies(layout);
    for (const auto& name : layout.strategies) {
      if (name == target || std::find(single.begin(), single.end(), name) != single.end()) {
        continue;
      }
      contrasts.push_back({target, {name}, target + " - " + name});
    }
    if (!single.empty()) contrasts.push_back({target, single, target + " - best single channel"});
  }
  if (contrasts.empty()) throw InputError("the sweep ran no strategy to compare the target with");
  const std::string unit = layout.kpi_units[static_cast<std::size_t>(kpi_at - layout.kpis.begin())];
  std::cout << path << ": " << layout.design << " design, " << data.points_done.size() << " of "
            << layout.points << " points x " << layout.replications << " replications; " << kpi
            << " [" << unit << "]\n"
            << "effect: the fitted change from the low to the high end of the range, the others "
               "fixed;\ncrosses 0 at: where the fitted contrast changes sign, the others at the "
               "centres of their ranges\n";
  for (const auto& contrast : contrasts) {
    const ContrastVerdict verdict = naming_option(
        "--against", [&] { return contrast_verdict(data, kpi, contrast, confidence); });
    print_verdict(verdict, unit, confidence);
  }
  return 0;
}

}  // namespace omnisim::cli
