#include "analysis/sensitivity_table.hpp"

#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "sim/core/numbers.hpp"

namespace omnisim {
namespace {

// Below this R^2 a linear fit explains too little for SRC to be read as
// shares of the variance (Saltelli et al. 2008 use 0.7).
constexpr double kLinearEnough = 0.7;

std::string shortest(double value) {
  if (std::isnan(value)) return "nan";
  char text[32];
  return std::string(text, std::to_chars(text, text + sizeof text, value).ptr);
}

}  // namespace

SensitivityTable sensitivity_table(const SweepSensitivity& result,
                                   const std::vector<std::string>& parameters,
                                   const std::string& output, const std::string& design,
                                   const BootstrapOptions& options) {
  SensitivityTable table;
  table.output = output;
  table.design = design;
  table.confidence = options.confidence;
  table.resamples = options.resamples;
  const auto add = [&](const char* index, std::size_t p, const IndexEstimate& value) {
    table.rows.push_back({index, parameters[p], "", value.estimate, value.half_width});
  };
  switch (result.method) {
    case SweepSensitivity::Method::kSobol:
      table.method = "sobol";
      table.units = result.indices.base_points;
      table.variance = result.indices.variance;
      for (std::size_t p = 0; p < parameters.size(); ++p) {
        add("S1", p, result.indices.first[p]);
        add("ST", p, result.indices.total[p]);
      }
      for (const SecondOrderIndex& pair : result.indices.second) {
        table.rows.push_back({"S2", parameters[pair.i], parameters[pair.j], pair.estimate.estimate,
                              pair.estimate.half_width});
      }
      table.warnings = sobol_warnings(result.indices, parameters);
      break;
    case SweepSensitivity::Method::kMorris:
      table.method = "morris";
      table.units = result.effects.trajectories;
      table.variance = kNaN;
      for (std::size_t p = 0; p < parameters.size(); ++p) {
        add("mu_star", p, result.effects.mu_star[p]);
        add("mu", p, {result.effects.mu[p], kNaN});
        add("sigma", p, {result.effects.sigma[p], kNaN});
      }
      break;
    case SweepSensitivity::Method::kRegression:
      table.method = "regression";
      table.units = result.regression.points;
      table.variance = result.regression.r_squared;
      for (std::size_t p = 0; p < parameters.size(); ++p) {
        add("SRC", p, result.regression.src[p]);
        add("PRCC", p, result.regression.prcc[p]);
      }
      if (result.regression.r_squared < kLinearEnough) {
        table.warnings.push_back(
            "R^2 = " + significant(result.regression.r_squared, 2) +
            ": a linear fit explains little of the output, so SRC^2 are not shares of its "
            "variance; PRCC (monotone effects) still rank the parameters, or run a saltelli "
            "design for Sobol' indices");
      }
      break;
  }
  return table;
}

void write_sensitivity_csv(std::ostream& out, const SensitivityTable& table) {
  out << "index,parameter,other,estimate,half_width\n";
  for (const SensitivityRow& row : table.rows) {
    out << row.index << ',' << row.parameter << ',' << row.other << ',' << shortest(row.estimate)
        << ',' << shortest(row.half_width) << '\n';
  }
}

void write_sensitivity_json(std::ostream& out, const SensitivityTable& table) {
  const auto number = [](double value) {
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
  };
  nlohmann::json json{{"output", table.output},       {"method", table.method},
                      {"design", table.design},       {"confidence", table.confidence},
                      {"resamples", table.resamples}, {"units", table.units},
                      {"warnings", table.warnings}};
  if (table.method == "sobol") json["variance"] = number(table.variance);
  if (table.method == "regression") json["r_squared"] = number(table.variance);
  nlohmann::json& indices = json["indices"] = nlohmann::json::array();
  for (const SensitivityRow& row : table.rows) {
    indices.push_back(
        {{"index", row.index},
         {"parameter", row.parameter},
         {"other", row.other.empty() ? nlohmann::json(nullptr) : nlohmann::json(row.other)},
         {"estimate", number(row.estimate)},
         {"half_width", number(row.half_width)}});
  }
  out << json.dump(2) << '\n';
}

}  // namespace omnisim
