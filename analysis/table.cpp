#include "analysis/table.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "analysis/headline.hpp"

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

std::string format_interval(const Interval& interval, const std::string& unit, bool sign,
                            int extra_decimals = 0) {
  const double scale = scale_for(unit);
  const int decimals = decimals_for(unit) + extra_decimals;
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
    return options.all_kpis || std::find(kHeadlineKpis.begin(), kHeadlineKpis.end(),
                                         results.kpis[k].name) != kHeadlineKpis.end();
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

std::string pad(const std::string& text, std::size_t width) {
  const std::size_t shown = display_width(text);
  return shown >= width ? text : text + std::string(width - shown, ' ');
}

std::string pad_left(const std::string& text, std::size_t width) {
  const std::size_t shown = display_width(text);
  return shown >= width ? text : std::string(width - shown, ' ') + text;
}

}  // namespace

std::string format_value(double value, const std::string& unit) {
  return format_number(value * scale_for(unit), decimals_for(unit), false);
}

void print_header(std::ostream& out, const Model& model, const ExperimentResults& results) {
  out << "Mean over " << results.replications << " replication"
      << (results.replications == 1 ? "" : "s") << " of " << model.simulation.customers
      << " customers, ± " << model.analysis.confidence * 100.0 << " % confidence half-width"
      << (results.replications < 2 ? " (needs 2+ replications)" : "") << "\n\n";
}

void print_levels(std::ostream& out, const Model& model, const ExperimentResults& results,
                  const Comparison& comparison, const TableOptions& options) {
  print_table(out, model, results, comparison.levels, options, false, comparison.baseline_slot);
  // A mean that does not exist is n/a, and says why (docs/model.md §7).
  if (!model.money.lifetime_undefined.empty()) {
    out << "\nn/a: lifetime KPIs -- " << model.money.lifetime_undefined << '\n';
  }
}

void print_differences(std::ostream& out, const Model& model, const ExperimentResults& results,
                       const Comparison& comparison, const TableOptions& options) {
  print_table(out, model, results, comparison.differences, options, true, comparison.baseline_slot);
}

int strategy_column_width(const Model& model) {
  std::size_t width = 16;
  for (const auto& strategy : model.strategies)
    width = std::max(width, strategy.name.size());
  return static_cast<int>(width);
}

void print_break_even(std::ostream& out, const Model& model, const ExperimentResults& results,
                      const std::vector<BreakEven>& break_evens, std::size_t baseline_slot) {
  const std::string& baseline =
      model.strategies[static_cast<std::size_t>(results.strategies[baseline_slot])].name;
  const auto width = static_cast<std::size_t>(strategy_column_width(model)) + 2;
  out << "Fixed cost at which each strategy's net lifetime value per prospect (" << kBreakEvenKpi
      << ") equals " << baseline << "'s, EUR per customer-year\n\n"
      << pad("strategy", width) << pad_left("as run", 10) << pad_left("break-even", 18) << '\n';
  for (std::size_t s = 0; s < break_evens.size(); ++s) {
    const auto& strategy = model.strategies[static_cast<std::size_t>(results.strategies[s])];
    const BreakEven& row = break_evens[s];
    out << pad(strategy.name, width)
        << pad_left(format_number(row.fixed_cost_eur_per_customer_year, 2, false), 10)
        << pad_left(s == baseline_slot
                        ? "(baseline)"
                        : format_interval(row.break_even_eur_per_customer_year, "EUR", false),
                    18)
        << '\n';
  }
}

void print_facts(std::ostream& out, const std::vector<FactCheck>& checks) {
  // In-sample facts, validations and restated inputs apart, each counted.
  const std::array<std::pair<FactKind, const char*>, 3> kinds{
      {{FactKind::kInSample, "In-sample: the built-in scenario was calibrated to these"},
       {FactKind::kValidation, "Validation: no calibration touched these"},
       {FactKind::kInput, "Inputs: these restate a scenario input and prove nothing"}}};
  std::vector<std::string> counts;
  for (const auto& [kind, heading] : kinds) {
    out << heading << "\n\n"
        << pad("fact", 30) << pad("strategy", 14) << pad_left("target", 9)
        << pad_left("simulated", 18) << pad_left("tolerance", 11) << "  result\n";
    int passed = 0, available = 0, inconclusive = 0, failed = 0;
    for (const auto& check : checks) {
      if (check.fact.kind != kind) continue;
      const std::string& unit = check.unit;
      const std::string shown_tolerance =
          "±" + format_value(check.fact.tolerance, unit) + (unit == "share" ? " pt" : "");
      std::string simulated = "n/a", verdict = "not available";
      if (check.available) {
        ++available;
        simulated = format_interval(check.simulated, unit, false);
        switch (check.verdict) {
          case Verdict::kPass:
            ++passed;
            verdict = "pass";
            break;
          case Verdict::kInconclusive:
            ++inconclusive;
            verdict = check.simulated.half_width > check.fact.tolerance
                          ? "inconclusive (interval wider than the tolerance)"
                          : "inconclusive (interval across the tolerance's edge)";
            break;
          default:
            ++failed;
            verdict = check.conflict_note.empty() ? "FAIL" : "FAIL (see why below)";
        }
      } else if (check.fact.variant != FactVariant::kNone) {
        verdict = "not run (omnisim facts runs its counterfactual)";
      }
      out << pad(check.fact.id, 30) << pad(check.fact.strategy, 14)
          << pad_left(format_value(check.fact.target, unit) + (unit == "share" ? " %" : ""), 9)
          << pad_left(simulated + (unit == "share" ? " %" : ""), 18)
          << pad_left(check.available ? shown_tolerance : "", 11) << "  " << verdict << '\n';
    }
    std::string count = std::string(fact_kind_name(kind)) + ": " + std::to_string(passed) + " of " +
                        std::to_string(available) + " pass";
    if (failed > 0) count += ", " + std::to_string(failed) + " fail";
    if (inconclusive > 0) count += ", " + std::to_string(inconclusive) + " inconclusive";
    counts.push_back(count);
    out << '\n';
  }
  for (std::size_t i = 0; i < counts.size(); ++i)
    out << (i == 0 ? "" : "; ") << counts[i];
  out << ".\n";
  bool heading = false;
  for (const auto& check : checks) {
    if (check.conflict_note.empty()) continue;
    if (!heading) out << "\nWhy the model misses these (from this run's figures):\n";
    heading = true;
    out << "- " << check.fact.id << " (" << check.fact.source << "): " << check.conflict_note
        << '\n';
  }
  out << "\nNot modelled (claims of the sources the model does not cover):\n";
  for (const auto& claim : unmodelled_claims()) {
    out << "- " << claim.id << ": " << claim.claim << " (" << claim.source << ") -- "
        << claim.reason << '\n';
  }
}

void print_waterfalls(std::ostream& out, const std::vector<Waterfall>& waterfalls) {
  constexpr int kBarWidth = 24;
  for (const auto& waterfall : waterfalls) {
    const std::string& unit = waterfall.unit;
    double largest = std::abs(waterfall.total.mean);
    largest = std::max(largest, std::abs(waterfall.structural.mean));
    if (waterfall.interaction) largest = std::max(largest, std::abs(waterfall.interaction->mean));
    for (const auto& [name, part] : waterfall.parts)
      largest = std::max(largest, std::abs(part.mean));
    for (const auto& [name, sum] : waterfall.groups)
      largest = std::max(largest, std::abs(sum.mean));
    auto row = [&](const std::string& label, const Interval& value) {
      std::string bar;
      if (std::isfinite(value.mean) && largest > 0.0) {
        const int length =
            static_cast<int>(std::lround(std::abs(value.mean) / largest * kBarWidth));
        for (int i = 0; i < length; ++i)
          bar += value.mean >= 0.0 ? "+" : "-";
      }
      // One more decimal than the KPI table, so the printed terms add up to
      // the printed total to within the last digit.
      std::string cell = format_interval(value, unit, true, 1);
      cell += value.excludes_zero() ? " *" : "  ";
      out << "  " << pad(label, 31) << pad_left(cell, 20) << "  " << bar << '\n';
    };
    out << waterfall.kpi << " [" << shown_unit(unit) << "]\n";
    row("structural (listed ones off)", waterfall.structural);
    for (const auto& [name, part] : waterfall.parts)
      row(name, part);
    if (waterfall.interaction) row("interaction", *waterfall.interaction);
    row("= total difference", waterfall.total);
    // The parts by what they credit: integration (linkage and bridges),
    // contact discipline (the contact policy), the other mechanisms.
    if (waterfall.parts.size() > 1) {
      for (const auto& [group, sum] : waterfall.groups)
        row("  of which " + group, sum);
    }
    out << '\n';
  }
}

}  // namespace omnisim
