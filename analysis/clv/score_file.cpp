#include "analysis/clv/score_file.hpp"

#include <string>
#include <vector>

namespace omnisim {
namespace {

// Columns filled row by row, written at the end.
struct Columns {
  std::map<std::string, std::vector<std::string>> text;
  std::map<std::string, std::vector<double>> numbers;
  void write(h5::Group& group) const {
    for (const auto& [name, values] : text)
      group.write(name, values);
    for (const auto& [name, values] : numbers)
      group.write(name, std::span<const double>(values), {values.size()});
  }
};

std::string bin_label(int bin) {
  return bin == kFrequencyBins - 1 ? std::to_string(bin) + "+" : std::to_string(bin);
}

}  // namespace

void write_clv_score(h5::Group& root, const Model& model, const ClvScores& scores,
                     const SummaryOptions& options) {
  h5::Group group = root.create_group("clv_score");
  group.set_attribute("calibration_end_day", options.calibration_end_day);
  group.set_attribute("holdout_end_day", options.holdout_end_day);
  group.set_attribute("days_per_unit", options.days_per_unit);
  group.set_attribute("discount_per_day", options.discount_per_day);
  Columns rows, bins, parameters;
  for (const auto& [key, score] : scores) {
    const std::string& strategy = model.strategies[static_cast<std::size_t>(key.first)].name;
    const auto replication = static_cast<double>(key.second);
    const auto add_parameters = [&](const FittedModel& fit) {
      for (std::size_t i = 0; i < fit.names.size(); ++i) {
        parameters.text["strategy"].push_back(strategy);
        parameters.text["model"].push_back(fit.model);
        parameters.text["parameter"].push_back(fit.names[i]);
        parameters.numbers["replication"].push_back(replication);
        parameters.numbers["value"].push_back(fit.values[i]);
        parameters.numbers["standard_error"].push_back(fit.standard_errors[i]);
      }
    };
    add_parameters(score.spend);
    for (const auto& m : score.models) {
      add_parameters(m.fit);
      rows.text["strategy"].push_back(strategy);
      rows.text["model"].push_back(m.fit.model);
      rows.numbers["replication"].push_back(replication);
      rows.numbers["customers"].push_back(static_cast<double>(score.customers));
      rows.numbers["log_likelihood"].push_back(m.fit.log_likelihood);
      rows.numbers["predicted_purchases"].push_back(m.predicted_purchases);
      rows.numbers["actual_purchases"].push_back(m.actual_purchases);
      rows.numbers["purchases_bias"].push_back(m.purchases_bias());
      rows.numbers["purchases_mae"].push_back(m.purchases_mae);
      rows.numbers["predicted_clv_eur"].push_back(m.predicted_clv_eur);
      rows.numbers["actual_clv_eur"].push_back(m.actual_clv_eur);
      rows.numbers["clv_bias"].push_back(m.clv_bias());
      for (int bin = 0; bin < kFrequencyBins; ++bin) {
        const auto b = static_cast<std::size_t>(bin);
        bins.text["strategy"].push_back(strategy);
        bins.text["model"].push_back(m.fit.model);
        bins.text["bin"].push_back(bin_label(bin));
        bins.numbers["replication"].push_back(replication);
        bins.numbers["customers"].push_back(score.bin_customers[b]);
        bins.numbers["actual_mean"].push_back(score.bin_actual[b]);
        bins.numbers["predicted_mean"].push_back(m.bin_predicted[b]);
      }
    }
  }
  rows.write(group);
  h5::Group bins_group = group.create_group("bins");
  bins.write(bins_group);
  h5::Group parameters_group = group.create_group("parameters");
  parameters.write(parameters_group);
}

void write_attribution(h5::Group& root, const Model& model,
                       const std::vector<StrategyAttribution>& scores) {
  h5::Group group = root.create_group("attribution");
  Columns rows;
  for (const auto& score : scores) {
    for (const auto& channel : score.channels) {
      rows.text["strategy"].push_back(
          model.strategies[static_cast<std::size_t>(score.strategy)].name);
      rows.text["channel"].push_back(channel.channel);
      rows.numbers["conversions"].push_back(score.conversions);
      rows.numbers["first_touch"].push_back(channel.first_touch);
      rows.numbers["last_touch"].push_back(channel.last_touch);
      rows.numbers["linear"].push_back(channel.linear);
      rows.numbers["markov"].push_back(channel.markov);
      rows.numbers["true_incremental"].push_back(channel.true_incremental);
    }
  }
  rows.write(group);
}

}  // namespace omnisim
