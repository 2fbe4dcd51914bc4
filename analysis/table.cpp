#include "analysis/table.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace omnisim {
namespace {

int decimals_for(const std::string& unit) {
  if (unit == "points") return 1;
  if (unit == "share") return 1;  // shown in percent
  return 2;
}

double scale_for(const std::string& unit) {
  return unit == "share" ? 100.0 : 1.0;
}

std::string shown_unit(const std::string& unit) {
  return unit == "share" ? "%" : unit;
}

std::string format_number(double value, int decimals, bool sign) {
  if (!std::isfinite(value)) return "n/a";
  std::ostringstream text;
  text << std::fixed << std::setprecision(decimals);
  if (sign && value > 0.0) text << '+';
  text << value;
  return text.str();
}

std::string format_interval(const Interval& interval, const std::string& unit, bool sign) {
  const double scale = scale_for(unit);
  const int decimals = decimals_for(unit);
  std::string cell = format_number(interval.mean * scale, decimals, sign);
  if (std::isfinite(interval.mean) && std::isfinite(interval.half_width)) {
    cell += " ± " + format_number(interval.half_width * scale, decimals, false);
  }
  return cell;
}

// Columns on screen: "±" is two bytes in UTF-8 but one column.
std::size_t display_width(const std::string& text) {
  return text.size() - (text.find("±") != std::string::npos ? 1 : 0);
}

void print_table(std::ostream& out, const Model& model, const ExperimentResults& results,
                 const std::vector<std::vector<Interval>>& cells, const TableOptions& options,
                 bool differences, std::size_t baseline_slot) {
  const std::size_t n_slots = results.strategies.size();
  std::vector<std::vector<std::string>> text(results.kpis.size(),
                                             std::vector<std::string>(n_slots));
  std::size_t label_width = 10;
  std::vector<std::size_t> widths(n_slots);
  for (std::size_t s = 0; s < n_slots; ++s) {
    widths[s] = model.strategies[results.strategies[s]].name.size();
  }
  auto shown = [&](std::size_t k) {
    return options.per_channel || results.kpis[k].group != "per channel";
  };
  for (std::size_t k = 0; k < results.kpis.size(); ++k) {
    if (!shown(k)) continue;
    const auto& kpi = results.kpis[k];
    label_width = std::max(label_width, kpi.name.size() + shown_unit(kpi.unit).size() + 5);
    for (std::size_t s = 0; s < n_slots; ++s) {
      std::string cell;
      if (differences && s == baseline_slot) {
        cell = "(baseline)";
      } else {
        cell = format_interval(cells[k][s], kpi.unit, differences);
        if (differences && cells[k][s].excludes_zero()) cell += " *";
      }
      widths[s] = std::max(widths[s], display_width(cell));
      text[k][s] = std::move(cell);
    }
  }

  out << std::left << std::setw(static_cast<int>(label_width)) << "KPI";
  for (std::size_t s = 0; s < n_slots; ++s) {
    out << "  " << std::right << std::setw(static_cast<int>(widths[s]))
        << model.strategies[results.strategies[s]].name;
  }
  out << '\n';
  std::string group;
  for (std::size_t k = 0; k < results.kpis.size(); ++k) {
    if (!shown(k)) continue;
    const auto& kpi = results.kpis[k];
    if (kpi.group != group) {
      group = kpi.group;
      out << group << '\n';
    }
    const std::string label = "  " + kpi.name + " [" + shown_unit(kpi.unit) + "]";
    out << std::left << std::setw(static_cast<int>(label_width)) << label;
    for (std::size_t s = 0; s < n_slots; ++s) {
      const std::size_t bytes_over = text[k][s].size() - display_width(text[k][s]);
      out << "  " << std::right << std::setw(static_cast<int>(widths[s] + bytes_over))
          << text[k][s];
    }
    out << '\n';
  }
}

}  // namespace

std::string format_value(double value, const std::string& unit) {
  return format_number(value * scale_for(unit), decimals_for(unit), false);
}

void print_levels(std::ostream& out, const Model& model, const ExperimentResults& results,
                  const Comparison& comparison, const TableOptions& options) {
  print_table(out, model, results, comparison.levels, options, false, comparison.baseline_slot);
}

void print_differences(std::ostream& out, const Model& model, const ExperimentResults& results,
                       const Comparison& comparison, const TableOptions& options) {
  print_table(out, model, results, comparison.differences, options, true, comparison.baseline_slot);
}

}  // namespace omnisim
