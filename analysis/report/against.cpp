#include "analysis/report/against.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <utility>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

using json = nlohmann::json;

double number(const json& value) {
  return value.is_number() ? value.get<double>() : std::nan("");
}

json finite(double value) {
  return std::isfinite(value) ? json(value) : json();
}

std::vector<std::string> ranked(const json& data) {
  std::vector<std::string> order;
  if (!data.contains("ranking")) return order;
  for (const auto& row : data["ranking"]["rows"])
    order.push_back(row["strategy"].get<std::string>());
  return order;
}

std::string format(double value) {
  if (!std::isfinite(value)) return "n/a";
  char text[48];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

}  // namespace

json against_data(const json& edited, const json& baseline, const json& changes) {
  for (const json* data : {&edited, &baseline}) {
    if (data->value("kind", "") == "sweep") {
      throw InputError((*data)["source"].get<std::string>() +
                       ": a sweep file; --against compares two run, compare, facts or explain "
                       "files");
    }
  }
  const std::string source = baseline["source"];
  json out = {{"source", source}, {"changes", changes}, {"kpis", json::array()}};
  // Strategies both files hold, in the edited file's order.
  const std::vector<std::string> before_strategies = baseline["strategies"];
  const std::vector<std::string> after_strategies = edited["strategies"];
  std::vector<std::string> common;
  for (const std::string& s : after_strategies) {
    if (std::find(before_strategies.begin(), before_strategies.end(), s) != before_strategies.end())
      common.push_back(s);
  }
  if (common.empty()) {
    throw InputError(edited["source"].get<std::string>() + " and " + source +
                     " share no strategy: nothing to compare");
  }
  out["strategies"] = common;
  std::map<std::pair<std::string, std::string>, const json*> before_rows;
  for (const json& row : baseline["summary"])
    before_rows[{row["strategy"], row["kpi"]}] = &row;
  for (const json& row : edited["summary"]) {
    const std::string kpi = row["kpi"], strategy = row["strategy"];
    const bool headline = std::find(edited["headline"].begin(), edited["headline"].end(), kpi) !=
                          edited["headline"].end();
    const auto before = before_rows.find({strategy, kpi});
    if (!headline || before == before_rows.end()) continue;
    const double a = number((*before->second)["mean"]), b = number(row["mean"]);
    const double ha = number((*before->second)["half_width"]), hb = number(row["half_width"]);
    const double change = b - a, half_width = std::hypot(ha, hb);
    out["kpis"].push_back({{"kpi", kpi},
                           {"strategy", strategy},
                           {"before", finite(a)},
                           {"before_half_width", finite(ha)},
                           {"after", finite(b)},
                           {"after_half_width", finite(hb)},
                           {"change", finite(change)},
                           {"change_half_width", finite(half_width)},
                           {"beyond", std::isfinite(change) && std::isfinite(half_width) &&
                                          std::abs(change) > half_width}});
  }
  const std::vector<std::string> before_order = ranked(baseline), after_order = ranked(edited);
  if (!before_order.empty() && !after_order.empty()) {
    out["verdict"] = {{"objective", edited["ranking"]["objective"]},
                      {"before_objective", baseline["ranking"]["objective"]},
                      {"before", before_order},
                      {"after", after_order},
                      {"first_changed", before_order.front() != after_order.front()},
                      {"order_changed", before_order != after_order}};
  }
  return out;
}

void print_against(std::ostream& out, const json& against) {
  const auto& changes = against["changes"];
  out << "Against " << against["source"].get<std::string>() << ": " << changes.size()
      << " scenario key" << (changes.size() == 1 ? "" : "s") << " changed\n";
  for (const auto& change : changes) {
    const std::string before = change["before"], after = change["after"];
    out << "  " << change["key"].get<std::string>() << ": "
        << (before.empty() ? "(absent)" : before) << " -> " << (after.empty() ? "(absent)" : after)
        << '\n';
  }
  if (against.contains("verdict")) {
    const auto& v = against["verdict"];
    const std::string first = v["after"][0], was = v["before"][0];
    out << "Verdict on " << v["objective"].get<std::string>() << ": ";
    if (v["first_changed"].get<bool>()) {
      out << "changed -- " << first << " first, was " << was << '\n';
    } else {
      out << "unchanged -- " << first << " first"
          << (v["order_changed"].get<bool>() ? " (the order behind it changed)" : "") << '\n';
    }
  }
  std::size_t moved = 0;
  for (const auto& row : against["kpis"])
    moved += row["beyond"].get<bool>() ? 1 : 0;
  out << "Headline KPIs that moved beyond their 95 % intervals: " << moved << " of "
      << against["kpis"].size() << '\n';
  for (const auto& row : against["kpis"]) {
    if (!row["beyond"].get<bool>()) continue;
    out << "  " << row["strategy"].get<std::string>() << ' ' << row["kpi"].get<std::string>()
        << ": " << format(number(row["before"])) << " -> " << format(number(row["after"])) << " ("
        << (number(row["change"]) > 0 ? "+" : "") << format(number(row["change"])) << " ± "
        << format(number(row["change_half_width"])) << ")\n";
  }
}

}  // namespace omnisim
