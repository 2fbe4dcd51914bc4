#include "analysis/report/sweep_report_data.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "analysis/report/report_data.hpp"
#include "analysis/sensitivity_table.hpp"
#include "analysis/sweep_analysis.hpp"
#include "analysis/verdict.hpp"
#include "sim/core/error.hpp"
#include "sim/io/sweep_file.hpp"

namespace omnisim {
namespace {

using json = nlohmann::json;

constexpr std::size_t kEffectBins = 10;
constexpr std::size_t kMapBins = 6;

std::size_t bin_of(double unit, std::size_t bins) {
  return std::min(bins - 1,
                  static_cast<std::size_t>(std::max(0.0, unit) * static_cast<double>(bins)));
}

// A number for JSON: NaN and infinities become null.
json number(double value) {
  return std::isfinite(value) ? json(value) : json();
}

// The share of `y`'s variance between the bins of parameter `p` (finite
// values only): how much of the output the parameter alone moves.
double correlation_ratio(const SweepLayout& layout, const std::vector<double>& y, std::size_t p) {
  const std::size_t k = layout.parameters.size();
  std::vector<double> sum(kEffectBins, 0.0);
  std::vector<std::size_t> count(kEffectBins, 0);
  double total = 0.0;
  std::size_t n = 0;
  for (std::size_t point = 0; point < layout.points; ++point) {
    if (!std::isfinite(y[point])) continue;
    const std::size_t bin = bin_of(layout.unit[point * k + p], kEffectBins);
    sum[bin] += y[point];
    ++count[bin];
    total += y[point];
    ++n;
  }
  std::size_t occupied = 0;
  for (const std::size_t c : count)
    occupied += c > 0 ? 1 : 0;
  if (n <= occupied) return 0.0;
  const double mean = total / static_cast<double>(n);
  double between = 0.0, all = 0.0;
  for (std::size_t b = 0; b < kEffectBins; ++b) {
    if (count[b] == 0) continue;
    const double bin_mean = sum[b] / static_cast<double>(count[b]);
    between += static_cast<double>(count[b]) * (bin_mean - mean) * (bin_mean - mean);
  }
  for (std::size_t point = 0; point < layout.points; ++point) {
    if (std::isfinite(y[point])) all += (y[point] - mean) * (y[point] - mean);
  }
  if (!(all > 0.0)) return 0.0;
  // Epsilon-squared: the between-bin share less what bins of a parameter
  // with no effect would show by chance, (bins - 1) x the within-bin mean
  // square; with a few points per bin the plain ratio is far from 0 for a
  // parameter that does nothing.
  const double within_mean_square = (all - between) / static_cast<double>(n - occupied);
  return std::max(0.0, (between - static_cast<double>(occupied - 1) * within_mean_square) / all);
}

// A key's last name ("linkage" of "strategies.omnichannel.linkage"): a
// pair's label, which two whole keys would make too long for the chart.
std::string last_name(const std::string& key) {
  const auto dot = key.rfind('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

// Resamples of the report's sensitivity intervals: fewer than `omnisim
// sensitivity`'s 1,000, so that a report of many KPIs stays quick.
constexpr std::size_t kReportResamples = 200;

// Each KPI's sensitivity indices -- of the first strategy's level and, with
// two strategies or more, of the first two's paired difference -- by the
// method the design allows, with 95 % intervals (omnisim sensitivity's
// numbers, at kReportResamples); an output the method cannot analyse (a
// constant one, too few points) is left out. Morris's mu and sigma have no
// interval and are not charted (mu* is).
void add_sensitivity(const SweepData& data, const std::string& kpi, json& rows) {
  const SweepLayout& layout = data.layout;
  std::vector<SweepOutput> outputs{{kpi, layout.strategies.front(), ""}};
  if (layout.strategies.size() >= 2)
    outputs.push_back({kpi, layout.strategies[0], layout.strategies[1]});
  const BootstrapOptions options{0.95, kReportResamples, 1};
  for (const SweepOutput& output : outputs) {
    SensitivityTable table;
    try {
      table = sensitivity_table(sweep_sensitivity(data, output, options), layout.parameters,
                                output.label(), layout.design, options);
    } catch (const InputError&) {
      continue;
    }
    for (const SensitivityRow& row : table.rows) {
      if (row.index == "mu" || row.index == "sigma" || !std::isfinite(row.estimate)) continue;
      rows.push_back(
          {{"kpi", kpi},
           {"output", table.output},
           {"method", table.method},
           {"index", row.index},
           {"parameter", row.other.empty()
                             ? row.parameter
                             : last_name(row.parameter) + " × " + last_name(row.other)},
           {"key", row.other.empty() ? row.parameter : row.parameter + " × " + row.other},
           {"estimate", row.estimate},
           {"low", std::isfinite(row.half_width) ? json(row.estimate - row.half_width) : json()},
           {"high", std::isfinite(row.half_width) ? json(row.estimate + row.half_width) : json()}});
    }
  }
}

void add_main_effects(const SweepData& data, const std::string& kpi, json& rows) {
  const SweepLayout& layout = data.layout;
  const std::size_t k = layout.parameters.size();
  for (const auto& strategy : layout.strategies) {
    const std::vector<double> y = point_outputs(data, {kpi, strategy, ""});
    for (std::size_t p = 0; p < k; ++p) {
      std::vector<double> sum(kEffectBins, 0.0), value_sum(kEffectBins, 0.0);
      std::vector<std::size_t> count(kEffectBins, 0);
      for (std::size_t point = 0; point < layout.points; ++point) {
        if (!std::isfinite(y[point])) continue;
        const std::size_t bin = bin_of(layout.unit[point * k + p], kEffectBins);
        sum[bin] += y[point];
        value_sum[bin] += layout.value[point * k + p];
        ++count[bin];
      }
      for (std::size_t b = 0; b < kEffectBins; ++b) {
        if (count[b] == 0) continue;
        const auto n = static_cast<double>(count[b]);
        rows.push_back({{"kpi", kpi},
                        {"strategy", strategy},
                        {"parameter", layout.parameters[p]},
                        {"value", number(value_sum[b] / n)},
                        {"mean", number(sum[b] / n)},
                        {"points", count[b]}});
      }
    }
  }
}

json difference_map(const SweepData& data, const std::string& kpi) {
  const SweepLayout& layout = data.layout;
  const std::size_t k = layout.parameters.size();
  const std::vector<double> y =
      point_outputs(data, {kpi, layout.strategies[0], layout.strategies[1]});
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<double> influence(k);
  for (std::size_t p = 0; p < k; ++p)
    influence[p] = correlation_ratio(layout, y, p);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return influence[a] > influence[b]; });
  json map = {{"kpi", kpi}, {"cells", json::array()}};
  map["x"] = layout.parameters[order[0]];
  map["x_influence"] = influence[order[0]];
  const bool two = k >= 2;
  map["y"] = two ? json(layout.parameters[order[1]]) : json();
  map["y_influence"] = two ? json(influence[order[1]]) : json();
  std::vector<double> sum(kMapBins * kMapBins, 0.0), x_sum(sum), y_sum(sum);
  std::vector<std::size_t> count(sum.size(), 0);
  for (std::size_t point = 0; point < layout.points; ++point) {
    if (!std::isfinite(y[point])) continue;
    const std::size_t bx = bin_of(layout.unit[point * k + order[0]], kMapBins);
    const std::size_t by = two ? bin_of(layout.unit[point * k + order[1]], kMapBins) : 0;
    const std::size_t cell = by * kMapBins + bx;
    sum[cell] += y[point];
    x_sum[cell] += layout.value[point * k + order[0]];
    y_sum[cell] += two ? layout.value[point * k + order[1]] : 0.0;
    ++count[cell];
  }
  // Each bin's label: the range of values its points took.
  const auto bin_labels = [&](std::size_t p) {
    std::vector<double> low(kMapBins, std::numeric_limits<double>::infinity()),
        high(kMapBins, -std::numeric_limits<double>::infinity());
    for (std::size_t point = 0; point < layout.points; ++point) {
      const std::size_t bin = bin_of(layout.unit[point * k + p], kMapBins);
      low[bin] = std::min(low[bin], layout.value[point * k + p]);
      high[bin] = std::max(high[bin], layout.value[point * k + p]);
    }
    std::vector<std::string> labels;
    for (std::size_t b = 0; b < kMapBins; ++b) {
      char text[64];
      if (low[b] > high[b]) {
        std::snprintf(text, sizeof text, "bin %zu", b + 1);
      } else if (low[b] == high[b]) {
        std::snprintf(text, sizeof text, "%.4g", low[b]);
      } else {
        std::snprintf(text, sizeof text, "%.3g to %.3g", low[b], high[b]);
      }
      labels.emplace_back(text);
    }
    return labels;
  };
  const std::vector<std::string> x_labels = bin_labels(order[0]);
  const std::vector<std::string> y_labels =
      two ? bin_labels(order[1]) : std::vector<std::string>(kMapBins, "");
  for (std::size_t cell = 0; cell < sum.size(); ++cell) {
    if (count[cell] == 0) continue;
    const auto n = static_cast<double>(count[cell]);
    // Bin edges in unit coordinates, so the cells tile the map.
    map["cells"].push_back({{"x_bin", cell % kMapBins},
                            {"y_bin", cell / kMapBins},
                            {"x_label", x_labels[cell % kMapBins]},
                            {"y_label", y_labels[cell / kMapBins]},
                            {"x_value", number(x_sum[cell] / n)},
                            {"y_value", number(y_sum[cell] / n)},
                            {"difference", number(sum[cell] / n)},
                            {"points", count[cell]}});
  }
  return map;
}

}  // namespace

nlohmann::json verdict_flips(const std::filesystem::path& sweep_file, const std::string& objective,
                             bool maximise, const std::vector<std::string>& ranked,
                             double confidence) {
  const SweepData data = read_sweep_file(sweep_file);
  const SweepLayout& layout = data.layout;
  const auto swept = [&layout](const std::string& strategy) {
    return std::find(layout.strategies.begin(), layout.strategies.end(), strategy) !=
           layout.strategies.end();
  };
  const auto first = std::find_if(ranked.begin(), ranked.end(), swept);
  if (first == ranked.end()) {
    throw InputError(sweep_file.string() + ": the sweep ran none of the compare file's strategies");
  }
  const std::string& winner = *first;
  if (std::find(layout.kpis.begin(), layout.kpis.end(), objective) == layout.kpis.end()) {
    throw InputError(sweep_file.string() + ": the sweep kept no KPI " + objective +
                     " (the compare file's objective); add it to the sweep file's kpis");
  }
  if (layout.strategies.size() < 2 || layout.parameters.empty()) {
    throw InputError(sweep_file.string() +
                     ": a verdict needs a sweep of two strategies or more over one parameter or "
                     "more");
  }
  const std::size_t strategies = layout.strategies.size(), k = layout.parameters.size();
  std::vector<std::vector<double>> value;  // [strategy][point]
  for (const auto& strategy : layout.strategies)
    value.push_back(point_outputs(data, {objective, strategy, ""}));
  // Each point's winner by its mean (none where no strategy has a value).
  std::vector<std::size_t> point_winner(layout.points, strategies);
  std::vector<std::size_t> wins(strategies, 0);
  for (std::size_t point = 0; point < layout.points; ++point) {
    std::size_t& best = point_winner[point];
    for (std::size_t s = 0; s < strategies; ++s) {
      const double v = value[s][point];
      if (!std::isfinite(v)) continue;
      if (best == strategies || (maximise ? v > value[best][point] : v < value[best][point]))
        best = s;
    }
    if (best != strategies) ++wins[best];
  }
  // The winner against its best rival at each point, paired over the
  // point's replications (analysis/verdict.hpp): the best rival is the one
  // with the highest mean, so only for an objective to maximise.
  json contrast;
  std::array<std::size_t, 2> strongest{0, k >= 2 ? std::size_t{1} : std::size_t{0}};
  if (maximise) {
    Contrast rival{winner, {}, winner + " - best rival"};
    for (const auto& strategy : layout.strategies)
      if (strategy != winner) rival.against.push_back(strategy);
    const ContrastVerdict verdict = contrast_verdict(data, objective, rival, confidence);
    strongest = verdict.strongest;
    json parameters = json::array();
    for (const ParameterEffect& effect : verdict.parameters) {
      parameters.push_back({{"parameter", effect.parameter},
                            {"low", effect.low},
                            {"high", effect.high},
                            {"effect", number(effect.effect)},
                            {"break_even", number(effect.break_even)}});
    }
    contrast = {{"label", rival.label},
                {"points", verdict.points},
                {"above", verdict.above},
                {"below", verdict.below},
                {"parameters", parameters}};
  }
  const bool two = k >= 2;
  json points = json::array();
  for (std::size_t point = 0; point < layout.points; ++point) {
    if (point_winner[point] == strategies) continue;
    points.push_back({{"point", point},
                      {"x", layout.value[point * k + strongest[0]]},
                      {"y", two ? json(layout.value[point * k + strongest[1]]) : json()},
                      {"winner", layout.strategies[point_winner[point]]}});
  }
  json counts = json::array();
  for (std::size_t s = 0; s < strategies; ++s)
    counts.push_back({{"strategy", layout.strategies[s]}, {"points", wins[s]}});
  return {{"source", sweep_file.filename().string()},
          {"objective", objective},
          {"winner", winner},
          {"winner_is_first", first == ranked.begin()},
          {"x", layout.parameters[strongest[0]]},
          {"y", two ? json(layout.parameters[strongest[1]]) : json()},
          {"points", points},
          {"wins", counts},
          {"contrast", contrast}};
}

nlohmann::json sweep_report_data(const std::filesystem::path& sweep_file) {
  const SweepData data = read_sweep_file(sweep_file);
  const SweepLayout& layout = data.layout;
  json out = json::object();
  out["kind"] = "sweep";
  out["source"] = sweep_file.filename().string();
  out["provenance"] = {{"file_type", kSweepFileType},
                       {"design", layout.design},
                       {"points", layout.points},
                       {"points_done", data.points_done.size()},
                       {"replications", layout.replications},
                       {"seed", layout.seed},
                       {"design_seed", layout.design_seed},
                       {"shard", layout.shard}};
  out["sweep"] = layout.sweep_text;
  out["scenario"] = layout.scenario_text;
  out["strategies"] = layout.strategies;
  out["parameters"] = layout.parameters;
  json kpis = json::array();
  for (std::size_t k = 0; k < layout.kpis.size(); ++k)
    kpis.push_back({{"kpi", layout.kpis[k]},
                    {"label", kpi_label(layout.kpis[k])},
                    {"unit", layout.kpi_units[k]}});
  out["kpis"] = kpis;
  json effects = json::array(), maps = json::array(), sensitivity = json::array();
  for (const auto& kpi : layout.kpis) {
    add_main_effects(data, kpi, effects);
    add_sensitivity(data, kpi, sensitivity);
    if (layout.strategies.size() >= 2 && !layout.parameters.empty())
      maps.push_back(difference_map(data, kpi));
  }
  out["main_effects"] = effects;
  out["difference_maps"] = maps;
  out["sensitivity"] = sensitivity;
  out["map_bins"] = kMapBins;
  return out;
}

}  // namespace omnisim
