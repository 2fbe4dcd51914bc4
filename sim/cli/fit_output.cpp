#include "sim/cli/fit_output.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <span>

#include "sim/core/error.hpp"
#include "sim/core/numbers.hpp"
#include "sim/core/version.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/io/fit_file.hpp"
#include "sim/io/hdf5.hpp"

namespace omnisim::cli {
namespace {

void write_doubles(h5::Group& group, const std::string& name, const std::vector<double>& values) {
  group.write(name, std::span<const double>(values), {values.size()});
}

// FILE.h5, schema 2.0: /predictions, /fits (one row per parameter),
// /fit_warnings, /tracking and /holdout_by_frequency (README "Fitting CLV models").
void write_hdf5(const std::filesystem::path& path, const FitOutput& output) {
  h5::File file = h5::File::create(path);
  h5::Group& root = file.root();
  root.set_attribute("file_type", std::string(kFitFileType));
  root.set_attribute("schema_version", std::span<const std::int64_t>(kFitSchemaVersion));
  root.set_attribute("omnisim_version", std::string(kVersion));
  root.set_attribute("git_sha", std::string(kGitSha));
  root.set_attribute("command", std::string("fit"));
  root.set_attribute("transactions", output.source);
  root.set_attribute("time_unit", output.time_unit);
  h5::Group predictions = root.create_group("predictions");
  predictions.write("customer", output.predictions->ids);
  for (const auto& [name, values] : output.predictions->columns)
    write_doubles(predictions, name, values);

  std::vector<std::string> model, parameter, warning_model, warning;
  std::map<std::string, std::vector<double>> numbers;
  for (const auto& fit : *output.fits) {
    for (std::size_t i = 0; i < fit.names.size(); ++i) {
      model.push_back(fit.model);
      parameter.push_back(fit.names[i]);
      numbers["value"].push_back(fit.values[i]);
      numbers["standard_error"].push_back(fit.standard_errors[i]);
      numbers["log_likelihood"].push_back(fit.log_likelihood);
      numbers["customers"].push_back(static_cast<double>(fit.customers));
      numbers["identified"].push_back(fit.warnings.empty() ? 1.0 : 0.0);
      numbers["condition_number"].push_back(fit.identification.condition_number);
      numbers["weakest_direction"].push_back(i < fit.identification.weakest_direction.size()
                                                 ? fit.identification.weakest_direction[i]
                                                 : std::nan(""));
    }
    for (const auto& text : fit.warnings) {
      warning_model.push_back(fit.model);
      warning.push_back(text);
    }
  }
  h5::Group fits = root.create_group("fits");
  fits.write("model", model);
  fits.write("parameter", parameter);
  for (const auto& [name, values] : numbers)
    write_doubles(fits, name, values);
  h5::Group warnings = root.create_group("fit_warnings");
  warnings.write("model", warning_model);
  warnings.write("warning", warning);

  if (output.tracking != nullptr) {
    h5::Group tracking = root.create_group("tracking");
    tracking.set_attribute("calibration_units", output.tracking->calibration_units);
    write_doubles(tracking, "unit", output.tracking->unit);
    write_doubles(tracking, "actual", output.tracking->actual);
    for (std::size_t m = 0; m < output.tracking_models.size(); ++m)
      write_doubles(tracking, "expected_" + output.tracking_models[m],
                    output.tracking->expected[m]);
  }
  if (output.holdout != nullptr && !output.holdout->frequency.empty()) {
    h5::Group holdout = root.create_group("holdout_by_frequency");
    holdout.write("frequency", output.holdout->frequency);
    write_doubles(holdout, "customers", output.holdout->customers);
    write_doubles(holdout, "actual", output.holdout->actual);
    for (std::size_t m = 0; m < output.tracking_models.size(); ++m)
      write_doubles(holdout, "expected_" + output.tracking_models[m], output.holdout->expected[m]);
  }
  file.close();
}

void write_csv(const std::filesystem::path& path, const std::string& name,
               const PredictionTable& table) {
  std::ofstream out(path);
  out << "customer";
  for (const auto& [column, values] : table.columns)
    out << ',' << column;
  out << '\n';
  // Each number in the fewest digits that read back to the same double.
  std::string line;
  char number[32];
  for (std::size_t i = 0; i < table.ids.size(); ++i) {
    line = csv_field(table.ids[i]);
    for (const auto& [column, values] : table.columns) {
      const auto end = std::to_chars(number, number + sizeof number, values[i]).ptr;
      line.append(1, ',').append(number, end);
    }
    line += '\n';
    out << line;
  }
  out.flush();
  if (!out) throw IoError(name + ": cannot write");
}

}  // namespace

std::string short_name(const std::string& model) {
  if (model == "bg/nbd") return "bgnbd";
  if (model == "mbg/nbd") return "mbgnbd";
  if (model == "pareto/nbd") return "pnbd";
  if (model == "gamma-gamma") return "gg";
  if (model == "bg/bb") return "bgbb";
  return model;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + '"';
}

void print_fit(const FittedModel& fit, double seconds) {
  std::cout << fit.model << " (" << fit.customers << " customers): log-likelihood "
            << significant(fit.log_likelihood, 8) << "  [" << fit.method << ", " << fit.evaluations
            << " evaluations, " << significant(seconds, 2) << " s; condition number "
            << significant(fit.identification.condition_number, 3) << "]\n";
  for (std::size_t i = 0; i < fit.names.size(); ++i) {
    std::printf("  %-6s %12s ± %s\n", fit.names[i].c_str(), significant(fit.values[i], 6).c_str(),
                significant(fit.standard_errors[i], 3).c_str());
  }
  std::fflush(stdout);
  for (const auto& warning : fit.warnings)
    std::cout << "  NOT IDENTIFIED: " << warning << '\n';
}

void write_fit_output(const std::filesystem::path& path, bool force, const FitOutput& output) {
  AtomicFile file(path, force);
  if (path.extension() == ".h5") {
    write_hdf5(file.temporary_path(), output);
  } else {
    write_csv(file.temporary_path(), path.string(), *output.predictions);
  }
  file.commit();
}

}  // namespace omnisim::cli
