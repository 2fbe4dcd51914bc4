#include "analysis/report/fit_report_data.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "analysis/report/report_data.hpp"
#include "sim/core/error.hpp"
#include "sim/io/fit_file.hpp"
#include "sim/io/hdf5_reader.hpp"

namespace omnisim {
namespace {

using json = nlohmann::json;

// The datasets of `group` named expected_MODEL, as (model, values).
std::vector<std::pair<std::string, std::vector<double>>> expected_series(
    const h5::Reader& file, const std::string& group, const std::vector<std::string>& models,
    std::size_t size) {
  std::vector<std::pair<std::string, std::vector<double>>> series;
  for (const auto& model : models) {
    const std::string name = group + "/expected_" + model;
    if (!file.has(name)) continue;
    std::vector<double> values = file.doubles(name).values;
    if (values.size() != size) {
      throw InputError(file.path().string() + ": " + name + " has " +
                       std::to_string(values.size()) + " values, expected " + std::to_string(size));
    }
    series.emplace_back(model, std::move(values));
  }
  return series;
}

}  // namespace

json fit_report_data(const std::filesystem::path& fit_file) {
  const h5::Reader file(fit_file);
  const std::vector<double> version = file.numbers_attribute("/", "schema_version");
  if (version.size() != 2 || version[0] != static_cast<double>(kFitSchemaVersion[0])) {
    throw InputError(fit_file.string() + ": a fit file of schema " +
                     (version.empty() ? std::string("?") : std::to_string(version[0])) +
                     ".x; this omnisim reports fit files of schema " +
                     std::to_string(kFitSchemaVersion[0]) + ".x (refit with omnisim fit)");
  }
  json out = json::object();
  out["kind"] = "fit";
  out["source"] = fit_file.filename().string();
  out["kpis"] = json::array();
  out["strategies"] = json::array();
  json provenance = json::object();
  for (const char* name : {"transactions", "time_unit", "omnisim_version", "git_sha", "command"})
    if (file.has_attribute("/", name)) provenance[name] = file.string_attribute("/", name);
  out["provenance"] = provenance;
  out["fits"] = table_rows(
      file, "/fits", {"model", "parameter"},
      {"value", "standard_error", "log_likelihood", "customers", "identified", "condition_number"});
  out["fit_warnings"] = table_rows(file, "/fit_warnings", {"model", "warning"}, {});
  // The purchase models the curves may hold, in the order the fit prints them.
  const std::vector<std::string> models{"bgnbd", "mbgnbd", "pnbd"};
  json tracking = json::array();
  if (file.has("/tracking")) {
    const std::vector<double> unit = file.doubles("/tracking/unit").values;
    const std::vector<double> actual = file.doubles("/tracking/actual").values;
    if (actual.size() != unit.size()) {
      throw InputError(fit_file.string() +
                       ": /tracking/actual and /tracking/unit differ in length");
    }
    for (std::size_t u = 0; u < unit.size(); ++u)
      if (std::isfinite(actual[u]))
        tracking.push_back({{"unit", unit[u]}, {"series", "actual"}, {"purchases", actual[u]}});
    for (const auto& [model, values] : expected_series(file, "/tracking", models, unit.size()))
      for (std::size_t u = 0; u < unit.size(); ++u)
        tracking.push_back({{"unit", unit[u]}, {"series", model}, {"purchases", values[u]}});
    const std::vector<double> calibration =
        file.numbers_attribute("/tracking", "calibration_units");
    out["calibration_units"] = calibration.empty() ? 0.0 : calibration.front();
  }
  out["tracking"] = tracking;
  json holdout = json::array();
  if (file.has("/holdout_by_frequency")) {
    const std::vector<std::string> frequency = file.strings("/holdout_by_frequency/frequency");
    const std::vector<double> customers = file.doubles("/holdout_by_frequency/customers").values;
    const std::vector<double> actual = file.doubles("/holdout_by_frequency/actual").values;
    if (customers.size() != frequency.size() || actual.size() != frequency.size()) {
      throw InputError(fit_file.string() + ": /holdout_by_frequency's columns differ in length");
    }
    auto series = expected_series(file, "/holdout_by_frequency", models, frequency.size());
    series.insert(series.begin(), {"actual", actual});
    for (const auto& [name, values] : series)
      for (std::size_t b = 0; b < frequency.size(); ++b)
        if (std::isfinite(values[b]))
          holdout.push_back({{"frequency", frequency[b]},
                             {"series", name},
                             {"purchases", values[b]},
                             {"customers", customers[b]}});
  }
  out["holdout_by_frequency"] = holdout;
  return out;
}

}  // namespace omnisim
