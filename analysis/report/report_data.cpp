#include "analysis/report/report_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/report/fit_report_data.hpp"
#include "analysis/report/sweep_report_data.hpp"
#include "analysis/statistics.hpp"
#include "sim/core/error.hpp"
#include "sim/io/fit_file.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/io/results_file.hpp"
#include "sim/io/sweep_file.hpp"
#include "sim/kpi/catalogue.hpp"

namespace omnisim {
namespace {

using nlohmann::json;

// A float64 dataset [strategy, replication, rest...] and its values across
// replications for one strategy and one index of the rest, its shape
// checked against the file's own counts before anything is indexed.
struct Cube {
  Cube(const h5::Reader& file, const std::string& dataset, std::size_t n_strategies,
       std::size_t n_inner)
      : data(file.doubles(dataset)) {
    std::size_t size = data.shape.empty() ? 0 : 1;
    for (const auto extent : data.shape)
      size *= static_cast<std::size_t>(extent);
    inner = 1;
    for (std::size_t axis = 2; axis < data.shape.size(); ++axis)
      inner *= static_cast<std::size_t>(data.shape[axis]);
    if (data.shape.size() < 2 || data.shape[0] != n_strategies || inner != n_inner ||
        data.values.size() != size) {
      std::string shape;
      for (const auto extent : data.shape)
        shape += (shape.empty() ? "" : ", ") + std::to_string(extent);
      throw InputError(file.path().string() + ": " + dataset + " has shape [" + shape +
                       "], expected [" + std::to_string(n_strategies) +
                       " strategies, replications, " + std::to_string(n_inner) + " values]");
    }
  }
  std::size_t strategies() const { return data.shape[0]; }
  std::size_t replications() const { return data.shape[1]; }
  std::vector<double> across(std::size_t strategy, std::size_t index) const {
    std::vector<double> values(replications());
    for (std::size_t r = 0; r < values.size(); ++r)
      values[r] = data.values[(strategy * replications() + r) * inner + index];
    return values;
  }
  h5::Doubles data;
  std::size_t inner = 1;
};

json interval_fields(json row, const Interval& interval) {
  row["mean"] = interval.mean;
  row["half_width"] = interval.half_width;
  row["low"] = interval.low();
  row["high"] = interval.high();
  return row;
}

void check_results_file(const h5::Reader& file) {
  const std::string name = file.path().string();
  if (!file.has_attribute("/", "file_type")) {
    throw InputError(name + ": not an omnisim file (no file_type attribute)");
  }
  const std::string type = file.string_attribute("/", "file_type");
  if (type != kResultsFileType) {
    throw InputError(name + ": an " + type +
                     " file; omnisim report reads the results files of run, compare, facts, "
                     "explain, sweep and fit (file_type " +
                     kResultsFileType + ")");
  }
  const std::vector<double> version = file.numbers_attribute("/", "schema_version");
  if (version.size() != 2 || version[0] != static_cast<double>(kSchemaVersion[0])) {
    const std::string written = version.size() == 2
                                    ? std::to_string(static_cast<long long>(version[0])) + "." +
                                          std::to_string(static_cast<long long>(version[1]))
                                    : "unknown";
    throw InputError(name + ": results schema " + written + "; this omnisim reads schema " +
                     std::to_string(kSchemaVersion[0]) +
                     ".x (a newer omnisim wrote the file: report it with that one)");
  }
}

json provenance(const h5::Reader& file) {
  json out = json::object();
  for (const char* name : {"file_type", "omnisim_version", "git_sha", "date", "command"})
    out[name] = file.string_attribute("/", name);
  for (const char* name : {"seed", "threads", "customers", "replications"}) {
    const std::vector<double> values = file.numbers_attribute("/", name);
    out[name] = values.empty() ? json() : json(values.front());
  }
  const std::vector<double> version = file.numbers_attribute("/", "schema_version");
  out["schema_version"] = json::array({version.at(0), version.at(1)});
  return out;
}

// The strategy every other is compared with, when the file names one.
std::string baseline_of(const h5::Reader& file) {
  if (file.has_attribute("/break_even", "baseline"))
    return file.string_attribute("/break_even", "baseline");
  if (file.has_attribute("/explain", "baseline"))
    return file.string_attribute("/explain", "baseline");
  return "";
}

}  // namespace

// "clv_lifetime_net_eur" -> "clv lifetime net": the unit goes on the axis.
std::string kpi_label(std::string name) {
  for (const std::string suffix : {"_eur"}) {
    if (name.size() > suffix.size() && name.ends_with(suffix))
      name.resize(name.size() - suffix.size());
  }
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

namespace {

void add_kpis(const h5::Reader& file, const std::vector<std::string>& strategies,
              const std::string& baseline, json& out) {
  const std::vector<std::string> names = file.strings("/kpi/kpi");
  const std::vector<std::string> units = file.strings("/kpi/unit");
  const std::vector<std::string> groups = file.strings("/kpi/group");
  const std::vector<std::string> descriptions = file.strings("/kpi/description");
  for (const auto& [column, size] :
       {std::pair{"unit", units.size()}, std::pair{"group", groups.size()},
        std::pair{"description", descriptions.size()}}) {
    if (size != names.size()) {
      throw InputError(file.path().string() + ": /kpi/" + column + " has " + std::to_string(size) +
                       " entries for " + std::to_string(names.size()) + " KPIs");
    }
  }
  json kpis = json::array();
  for (std::size_t k = 0; k < names.size(); ++k) {
    kpis.push_back({{"kpi", names[k]},
                    {"label", kpi_label(names[k])},
                    {"unit", units[k]},
                    {"group", groups[k]},
                    {"better", to_string(kpi_better(names[k]))},
                    {"description", descriptions[k]}});
  }
  out["kpis"] = kpis;
  const Cube values(file, "/kpi/values", strategies.size(), names.size());
  const auto base = std::find(strategies.begin(), strategies.end(), baseline);
  json summary = json::array(), differences = json::array();
  for (std::size_t s = 0; s < values.strategies(); ++s) {
    for (std::size_t k = 0; k < names.size(); ++k) {
      const std::vector<double> sample = values.across(s, k);
      summary.push_back(interval_fields({{"strategy", strategies.at(s)}, {"kpi", names[k]}},
                                        mean_interval(sample, kReportConfidence)));
      if (base == strategies.end() || strategies.at(s) == baseline) continue;
      const auto b = static_cast<std::size_t>(base - strategies.begin());
      differences.push_back(
          interval_fields({{"strategy", strategies.at(s)}, {"kpi", names[k]}},
                          paired_difference(sample, values.across(b, k), kReportConfidence)));
    }
  }
  out["summary"] = summary;
  out["differences"] = differences;
}

void add_timeseries(const h5::Reader& file, const std::vector<std::string>& strategies, json& out) {
  const h5::Doubles end_days = file.doubles("/timeseries/period_end_day");
  json rows = json::array();
  for (const char* series : {"active_customers", "revenue_eur", "cost_eur", "orders", "contacts",
                             "acquisitions", "acquisition_cost_eur"}) {
    const std::string path = std::string("/timeseries/") + series;
    if (!file.has(path)) continue;
    const Cube cube(file, path, strategies.size(), end_days.values.size());
    for (std::size_t s = 0; s < cube.strategies(); ++s) {
      for (std::size_t p = 0; p < cube.inner; ++p) {
        rows.push_back(interval_fields({{"strategy", strategies.at(s)},
                                        {"series", series},
                                        {"period_end_day", end_days.values.at(p)}},
                                       mean_interval(cube.across(s, p), kReportConfidence)));
      }
    }
  }
  out["timeseries"] = rows;
}

void add_retention(const h5::Reader& file, const std::vector<std::string>& strategies, json& out) {
  const h5::Doubles months = file.doubles("/retention/month");
  const Cube alive(file, "/retention/alive_share", strategies.size(), months.values.size());
  json rows = json::array();
  for (std::size_t s = 0; s < alive.strategies(); ++s) {
    for (std::size_t m = 0; m < alive.inner; ++m) {
      const Interval interval = mean_interval(alive.across(s, m), kReportConfidence);
      if (!std::isfinite(interval.mean)) continue;  // no customer observable that long
      rows.push_back(interval_fields(
          {{"strategy", strategies.at(s)}, {"month", months.values.at(m)}}, interval));
    }
  }
  out["retention"] = rows;
}

void add_explain(const h5::Reader& file, json& out) {
  const std::vector<std::string> kpis = file.strings("/explain/kpi");
  const std::vector<std::string> terms = file.strings("/explain/term");
  const h5::Doubles mean = file.doubles("/explain/mean");
  const h5::Doubles half_width = file.doubles("/explain/half_width");
  for (const auto& [name, values] :
       {std::pair{"mean", &mean.values}, std::pair{"half_width", &half_width.values}}) {
    if (values->size() != kpis.size() * terms.size()) {
      throw InputError(file.path().string() + ": /explain/" + name + " has " +
                       std::to_string(values->size()) + " values, not one per KPI and term (" +
                       std::to_string(kpis.size() * terms.size()) + ")");
    }
  }
  json rows = json::array();
  for (std::size_t k = 0; k < kpis.size(); ++k) {
    for (std::size_t t = 0; t < terms.size(); ++t) {
      const std::size_t i = k * terms.size() + t;
      rows.push_back({{"kpi", kpis[k]},
                      {"term", terms[t]},
                      {"order", t},
                      {"mean", mean.values[i]},
                      {"half_width", half_width.values[i]}});
    }
  }
  out["explain"] = {{"target", file.string_attribute("/explain", "target")},
                    {"baseline", file.string_attribute("/explain", "baseline")},
                    {"method", file.string_attribute("/explain", "method")},
                    {"rows", rows}};
}

// Cumulative horizon CLV by customer rank, most profitable first, per
// strategy (customers of every replication together), at 101 points.
void add_whale_curve(const h5::Reader& file, json& out) {
  const std::vector<std::string> names = file.strings_attribute("/customers", "strategy_names");
  const std::vector<double> strategy = file.field("/customers", "strategy");
  const std::vector<double> acquisition = file.field("/customers", "acquisition");
  const std::vector<double> clv = file.field("/customers", "clv_eur");
  if (strategy.size() != clv.size() || acquisition.size() != clv.size()) {
    throw InputError(file.path().string() + ": /customers has columns of different lengths");
  }
  json rows = json::array();
  for (std::size_t s = 0; s < names.size(); ++s) {
    std::vector<double> values;
    for (std::size_t i = 0; i < clv.size(); ++i) {
      // Paid prospects lost to detractors (2) or to a competitor (3) never
      // became customers.
      if (strategy[i] == static_cast<double>(s) && acquisition[i] < 2.0) values.push_back(clv[i]);
    }
    if (values.empty()) continue;
    std::sort(values.begin(), values.end(), std::greater<>());
    double total = 0.0;
    for (double value : values)
      total += value;
    constexpr int kPoints = 100;
    double cumulative = 0.0;
    std::size_t taken = 0;
    for (int point = 0; point <= kPoints; ++point) {
      const auto upto = static_cast<std::size_t>(
          std::llround(static_cast<double>(values.size()) * point / kPoints));
      for (; taken < upto; ++taken)
        cumulative += values[taken];
      rows.push_back({{"strategy", names[s]},
                      {"customer_share", static_cast<double>(point) / kPoints},
                      {"profit_share", total != 0.0 ? cumulative / total : 0.0}});
    }
  }
  out["whale"] = rows;
}

}  // namespace

json table_rows(const h5::Reader& file, const std::string& group,
                const std::vector<std::string>& text_columns,
                const std::vector<std::string>& number_columns) {
  std::vector<std::vector<std::string>> texts;
  std::vector<std::vector<double>> numbers;
  std::size_t n = 0;
  bool first = true;
  const auto same_length = [&](const std::string& column, std::size_t size) {
    if (first) n = size;
    first = false;
    if (size != n) {
      throw InputError(file.path().string() + ": " + group + "/" + column + " has " +
                       std::to_string(size) + " entries where the other columns have " +
                       std::to_string(n));
    }
  };
  for (const auto& column : text_columns) {
    texts.push_back(file.strings(group + "/" + column));
    same_length(column, texts.back().size());
  }
  for (const auto& column : number_columns) {
    numbers.push_back(file.doubles(group + "/" + column).values);
    same_length(column, numbers.back().size());
  }
  json rows = json::array();
  for (std::size_t i = 0; i < n; ++i) {
    json row = json::object();
    for (std::size_t c = 0; c < texts.size(); ++c)
      row[text_columns[c]] = texts[c][i];
    for (std::size_t c = 0; c < numbers.size(); ++c)
      row[number_columns[c]] = numbers[c][i];
    rows.push_back(row);
  }
  return rows;
}

nlohmann::json report_data(const std::filesystem::path& results) {
  const h5::Reader file(results);
  if (file.has_attribute("/", "file_type") &&
      file.string_attribute("/", "file_type") == kSweepFileType) {
    return sweep_report_data(results);
  }
  if (file.has_attribute("/", "file_type") &&
      file.string_attribute("/", "file_type") == kFitFileType) {
    return fit_report_data(results);
  }
  check_results_file(file);
  json out = json::object();
  out["source"] = results.filename().string();
  out["provenance"] = provenance(file);
  out["scenario"] = file.string_attribute("/", "scenario");
  const std::vector<std::string> strategies = file.strings("/kpi/strategy");
  const std::string baseline = baseline_of(file);
  out["strategies"] = strategies;
  out["baseline"] = baseline;
  out["headline"] = json::array();
  for (const char* kpi : kHeadlineKpis)
    out["headline"].push_back(kpi);
  out["headline_charts"] = kHeadlineCharts;
  add_kpis(file, strategies, baseline, out);
  add_timeseries(file, strategies, out);
  add_retention(file, strategies, out);
  out["facts"] = json::array();
  out["not_modelled"] = json::array();
  if (file.has("/facts")) {
    // Files before schema 1.4 carry no kind and no list of claims not modelled.
    std::vector<std::string> texts{"id",  "claim",    "source", "strategy",
                                   "kpi", "conflict", "verdict"};
    if (file.has("/facts/kind")) texts.emplace_back("kind");
    out["facts"] = table_rows(file, "/facts", texts,
                              {"target", "tolerance", "simulated", "half_width", "pass"});
    if (file.has("/facts/not_modelled")) {
      out["not_modelled"] =
          table_rows(file, "/facts/not_modelled", {"id", "claim", "source", "reason"}, {});
    }
  }
  out["break_even"] = file.has("/break_even")
                          ? table_rows(file, "/break_even", {"strategy"},
                                       {"fixed_cost_eur_per_customer_year",
                                        "break_even_eur_per_customer_year", "half_width"})
                          : json::array();
  if (file.has("/ranking")) {
    out["ranking"] = {{"objective", file.string_attribute("/ranking", "objective")},
                      {"unit", file.string_attribute("/ranking", "unit")},
                      {"description", file.string_attribute("/ranking", "description")},
                      {"goal", file.string_attribute("/ranking", "goal")},
                      {"rows", table_rows(file, "/ranking", {"strategy", "reason"},
                                          {"value", "value_half_width", "to_best",
                                           "to_best_half_width", "tied"})}};
  }
  if (file.has("/explain")) add_explain(file, out);
  // omnisim score-clv and omnisim attribute (README.md, "CLV models and
  // attribution, scored against the truth"): per replication, which the page averages.
  out["clv_score"] = file.has("/clv_score")
                         ? table_rows(file, "/clv_score", {"strategy", "model"},
                                      {"replication", "customers", "purchases_bias", "clv_bias",
                                       "predicted_purchases", "actual_purchases",
                                       "predicted_clv_eur", "actual_clv_eur"})
                         : json::array();
  out["clv_bins"] = file.has("/clv_score/bins")
                        ? table_rows(file, "/clv_score/bins", {"strategy", "model", "bin"},
                                     {"replication", "customers", "actual_mean", "predicted_mean"})
                        : json::array();
  out["attribution"] = file.has("/attribution")
                           ? table_rows(file, "/attribution", {"strategy", "channel"},
                                        {"conversions", "first_touch", "last_touch", "linear",
                                         "markov", "true_incremental"})
                           : json::array();
  out["whale"] = json::array();
  if (file.has("/customers")) add_whale_curve(file, out);
  return out;
}

}  // namespace omnisim
