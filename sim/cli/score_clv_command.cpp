// `omnisim score-clv`: the buy-till-you-die models fitted to the simulated
// purchase log's calibration part and scored on its holdout, per strategy
// (analysis/clv/clv_score.hpp).

#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include "analysis/clv/clv_score.hpp"
#include "analysis/clv/score_file.hpp"
#include "analysis/statistics.hpp"
#include "analysis/table.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/session.hpp"
#include "sim/core/error.hpp"

namespace omnisim::cli {
namespace {

const char* kScoreClvUsage =
    "Usage: omnisim score-clv [options]\n"
    "Simulates every strategy of the scenario, splits each run's purchase log at the\n"
    "calibration's end, fits BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma to the\n"
    "calibration part (the customers whose first purchase falls in it), and compares\n"
    "each model's predictions for the holdout (the rest of the horizon) with what the\n"
    "simulated customers did: purchases per customer and discounted spend (the\n"
    "holdout's true CLV), as a bias (predicted / actual - 1), mean and 95 % interval\n"
    "over the replications. The results file adds /clv_score (with each frequency\n"
    "bin's predicted and actual holdout purchases, and every fitted parameter);\n"
    "omnisim report charts it.";

double discount_per_day(const Model& model) {
  if (model.money.discounting == Discounting::kContinuous)
    return model.money.continuous_discount_per_day;
  return -std::log(model.money.period_discount) / model.time.period_days;
}

void print_scores(const Model& model, const std::vector<int>& strategies, const ClvScores& scores,
                  const SummaryOptions& options) {
  const double confidence = model.analysis.confidence;
  std::printf(
      "\nCLV models against the simulated truth: calibration days 0-%g, holdout to day "
      "%g (%.1f %s); bias = predicted / actual - 1 over the cohort, mean ± %g %% "
      "interval over %d replication%s\n",
      options.calibration_end_day, options.holdout_end_day,
      (options.holdout_end_day - options.calibration_end_day) / options.days_per_unit,
      options.days_per_unit == 7.0 ? "weeks" : "days", confidence * 100.0,
      model.simulation.replications, model.simulation.replications == 1 ? "" : "s");
  const int width = strategy_column_width(model);
  std::printf("%-*s %-11s %9s %10s %18s %10s %18s\n", width, "strategy", "model", "customers",
              "purchases", "purchases bias %", "clv eur", "clv bias %");
  for (const int strategy : strategies) {
    for (std::size_t m = 0; m < std::size(kScoredPurchaseModels); ++m) {
      std::vector<double> customers, actual, purchase_bias, clv, clv_bias;
      for (const auto& [key, score] : scores) {
        if (key.first != strategy) continue;
        const PurchaseModelScore& model_score = score.models[m];
        customers.push_back(static_cast<double>(score.customers));
        actual.push_back(model_score.actual_purchases);
        purchase_bias.push_back(100.0 * model_score.purchases_bias());
        clv.push_back(model_score.actual_clv_eur);
        clv_bias.push_back(100.0 * model_score.clv_bias());
      }
      const auto interval = [&](const std::vector<double>& values) {
        const Interval i = mean_interval(values, confidence);
        char text[40];
        if (std::isnan(i.half_width)) {
          std::snprintf(text, sizeof text, "%+.1f", i.mean);
        } else {
          std::snprintf(text, sizeof text, "%+.1f ± %.1f", i.mean, i.half_width);
        }
        return std::string(text);
      };
      std::printf("%-*s %-11s %9.0f %10.3f %18s %10.2f %18s\n", width,
                  model.strategies[static_cast<std::size_t>(strategy)].name.c_str(),
                  kScoredPurchaseModels[m], mean_interval(customers, confidence).mean,
                  mean_interval(actual, confidence).mean, interval(purchase_bias).c_str(),
                  mean_interval(clv, confidence).mean, interval(clv_bias).c_str());
    }
  }
  std::printf(
      "(purchases: actual holdout purchases per customer; clv eur: actual discounted "
      "holdout spend per customer)\n");
}

}  // namespace

int score_clv_command(const std::vector<std::string>& args) {
  ScenarioOptions scenario_options;
  ExecutionOptions execution;
  std::optional<double> calibration_end_day;
  std::string time_unit = "weeks";
  po::options_description options("Options");
  scenario_options.add_to(options);
  execution.add_to(options, "omnisim-score-clv.h5", false);
  options.add_options()("calibration-end-day", po::value<double>()->value_name("DAY"),
                        "last day of the calibration period; default: half the horizon")(
      "time-unit", po::value(&time_unit)->value_name("UNIT"),
      "the models' time unit, weeks (default) or days");
  po::variables_map values;
  if (!parse(args, options, values, kScoreClvUsage)) return 0;
  scenario_options.read(values);
  execution.read(values);
  if (values.count("calibration-end-day"))
    calibration_end_day = values["calibration-end-day"].as<double>();
  if (time_unit != "weeks" && time_unit != "days") {
    throw InputError("--time-unit: expected weeks or days, got \"" + time_unit + "\"");
  }
  const Model model = build_model(scenario_options.load());
  execution.check(model, model.strategies.size());
  SummaryOptions summary;
  summary.holdout_end_day = model.time.horizon_days;
  summary.calibration_end_day =
      calibration_end_day.value_or(std::floor(model.time.horizon_days / 2.0));
  if (summary.calibration_end_day != std::floor(summary.calibration_end_day) ||
      !(summary.calibration_end_day >= 1.0 &&
        summary.calibration_end_day < summary.holdout_end_day)) {
    throw InputError("--calibration-end-day: expected a day from 1 to before the horizon (" +
                     std::to_string(static_cast<long long>(model.time.horizon_days)) + ")");
  }
  summary.days_per_unit = time_unit == "weeks" ? 7.0 : 1.0;
  summary.discount_per_day = discount_per_day(model);

  std::vector<int> strategies;
  for (std::size_t s = 0; s < model.strategies.size(); ++s)
    strategies.push_back(static_cast<int>(s));
  PurchaseLog purchases;
  std::optional<ClvScores> scores;
  const auto score = [&]() -> const ClvScores& {
    if (!scores) {
      announce(execution, "omnisim score-clv: fitting the models");
      scores.emplace();
      for (auto& [key, run] : purchases.runs()) {
        try {
          (*scores)[key] = score_clv(summarize_purchases(run, summary), summary);
        } catch (const InputError& error) {
          throw InputError(model.strategies[static_cast<std::size_t>(key.first)].name +
                           ", replication " + std::to_string(key.second + 1) + ": " +
                           error.problems().front() + " (more --customers?)");
        }
        run = {};  // its memory back
      }
    }
    return *scores;
  };
  Experiment experiment{model,
                        strategies,
                        execution,
                        "score-clv",
                        scenario_options.source_name(),
                        [&](ResultsFile& file, const ExperimentResults&) {
                          write_clv_score(file.root(), model, score(), summary);
                        },
                        &purchases};
  execute(experiment);
  print_scores(model, strategies, score(), summary);
  announce_outputs(execution);
  return 0;
}

}  // namespace omnisim::cli
