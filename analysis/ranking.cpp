#include "analysis/ranking.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/core/limits.hpp"
#include "sim/core/names.hpp"
#include "sim/kpi/catalogue.hpp"

namespace omnisim {
namespace {

// What the objective is made of, each as a clause of the reason sentence:
// what the strategy does more (or less) than the one it is compared with.
struct Driver {
  const char* kpi;
  const char* more;  // the clause when the strategy's value is higher, "{}" the amount
  const char* less;
};
constexpr std::array kDrivers{
    Driver{"lost_to_competitors_share", "loses {} points more of its prospects to the competitor",
           "loses {} points fewer of its prospects to the competitor"},
    Driver{"retention_36m", "keeps {} points more of its customers for 36 months",
           "keeps {} points fewer of its customers for 36 months"},
    Driver{"revenue_per_customer_eur", "sells {} EUR more per customer over the horizon",
           "sells {} EUR less per customer over the horizon"},
    Driver{"cost_to_serve_per_customer_eur",
           "spends {} EUR more per customer to serve them (fixed cost included)",
           "spends {} EUR less per customer to serve them (fixed cost included)"},
};
// A clause is worth a strategist's attention when its difference is clear
// (the interval excludes 0) and at least this share of the larger value.
constexpr double kMaterialShare = 0.02;
constexpr std::size_t kMaxClauses = 3;

std::size_t kpi_slot(const ExperimentResults& results, const std::string& name) {
  for (std::size_t k = 0; k < results.kpis.size(); ++k) {
    if (results.kpis[k].name == name) return k;
  }
  return results.kpis.size();
}

// Decimals that the interval supports: two significant digits of the
// half-width, the mean to the same place.
int decimals_of(const Interval& interval, double scale) {
  const double half_width = std::abs(interval.half_width * scale);
  if (!std::isfinite(half_width) || half_width <= 0.0) return 2;
  return std::clamp(1 - static_cast<int>(std::floor(std::log10(half_width))), 0, 4);
}

std::string format_estimate(const Interval& interval, const std::string& unit, bool sign) {
  const double scale = unit == "share" ? 100.0 : 1.0;
  if (!std::isfinite(interval.mean)) return "n/a";
  const int decimals = decimals_of(interval, scale);
  std::ostringstream text;
  text << std::fixed << std::setprecision(decimals);
  if (sign && interval.mean * scale > 0.0) text << '+';
  text << interval.mean * scale;
  if (std::isfinite(interval.half_width)) text << " ± " << interval.half_width * scale;
  text << (unit == "share" ? " %" : unit == "EUR" ? " EUR" : "");
  return text.str();
}

std::string with_amount(const char* clause, double amount) {
  std::ostringstream number;
  number << std::fixed << std::setprecision(amount >= 10.0 ? 0 : 1) << amount;
  std::string text = clause;
  text.replace(text.find("{}"), 2, number.str());
  return text;
}

// "it sells 57 EUR less per customer over the horizon, keeps ..." -- what
// `slot` does differently from `other`, the clearest differences first.
std::string clauses(const Model& model, const ExperimentResults& results, std::size_t slot,
                    std::size_t other, double confidence) {
  struct Clause {
    double weight;
    std::string text;
  };
  std::vector<Clause> found;
  for (const auto& driver : kDrivers) {
    const std::size_t k = kpi_slot(results, driver.kpi);
    if (k == results.kpis.size()) continue;
    const std::vector<double> mine = results.kpi_column(slot, k);
    const std::vector<double> theirs = results.kpi_column(other, k);
    const Interval difference = paired_difference(mine, theirs, confidence);
    const double larger = std::max(std::abs(mean_interval(mine, confidence).mean),
                                   std::abs(mean_interval(theirs, confidence).mean));
    if (!difference.excludes_zero() || !(larger > 0.0)) continue;
    const double weight = std::abs(difference.mean) / larger;
    if (weight < kMaterialShare) continue;
    const double scale = results.kpis[k].unit == "share" ? 100.0 : 1.0;
    found.push_back({weight, with_amount(difference.mean > 0.0 ? driver.more : driver.less,
                                         std::abs(difference.mean) * scale)});
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const Clause& a, const Clause& b) { return a.weight > b.weight; });
  if (found.size() > kMaxClauses) found.resize(kMaxClauses);
  const auto fixed_cost = [&](std::size_t s) {
    return model.strategies[static_cast<std::size_t>(results.strategies[s])]
               .fixed_cost_eur_per_day *
           kDaysPerYear;
  };
  std::string text;
  for (std::size_t i = 0; i < found.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == found.size() ? " and " : ", ") + found[i].text;
  }
  if (std::abs(fixed_cost(slot) - fixed_cost(other)) > 1e-9) {
    std::ostringstream cost;
    cost << std::fixed << std::setprecision(0) << "costs " << fixed_cost(slot)
         << " EUR per customer-year to run against " << fixed_cost(other);
    text += (text.empty() ? "" : "; it ") + cost.str();
  }
  return text.empty() ? "no component of it differs clearly at this precision" : "it " + text;
}

const std::string& name_of(const Model& model, const ExperimentResults& results, std::size_t slot) {
  return model.strategies[static_cast<std::size_t>(results.strategies[slot])].name;
}

}  // namespace

void check_objective(const Model& model) {
  const KpiCatalogue catalogue(model);
  if (catalogue.index_of(model.analysis.objective) >= 0) return;
  std::vector<std::string> names;
  for (const auto& definition : catalogue.definitions())
    names.push_back(definition.name);
  throw InputError("analysis.objective: no KPI \"" + model.analysis.objective + "\"" +
                   did_you_mean(model.analysis.objective, names) +
                   " (omnisim compare --all-kpis lists them)");
}

Ranking rank_strategies(const Model& model, const ExperimentResults& results, double confidence) {
  const std::size_t k = kpi_slot(results, model.analysis.objective);
  if (k == results.kpis.size()) check_objective(model);
  if (k == results.kpis.size()) {
    throw ModelError("rank_strategies: the results hold no KPI " + model.analysis.objective);
  }
  Ranking ranking{model.analysis.objective,
                  results.kpis[k].unit,
                  results.kpis[k].description,
                  model.analysis.objective_goal,
                  {}};
  const bool maximise = ranking.goal == ObjectiveGoal::kMaximise;
  std::vector<Interval> values;
  for (std::size_t s = 0; s < results.strategies.size(); ++s)
    values.push_back(mean_interval(results.kpi_column(s, k), confidence));
  std::vector<std::size_t> order(results.strategies.size());
  for (std::size_t s = 0; s < order.size(); ++s)
    order[s] = s;
  // A strategy whose objective is n/a ranks last; equal means keep the
  // scenario's order.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double x = values[a].mean, y = values[b].mean;
    if (!std::isfinite(x) || !std::isfinite(y)) return std::isfinite(x) && !std::isfinite(y);
    return maximise ? x > y : x < y;
  });
  const std::size_t best = order.front();
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const std::size_t slot = order[rank];
    RankedStrategy entry;
    entry.slot = slot;
    entry.value = values[slot];
    const std::size_t other = rank == 0 ? (order.size() > 1 ? order[1] : slot) : best;
    entry.to_best =
        paired_difference(results.kpi_column(slot, k), results.kpi_column(other, k), confidence);
    if (other == slot) {
      entry.reason = "the only strategy compared";
    } else {
      entry.tied_with_best =
          std::isfinite(entry.to_best.half_width) && !entry.to_best.excludes_zero();
      entry.reason = clauses(model, results, slot, other, confidence);
    }
    ranking.ranked.push_back(std::move(entry));
  }
  return ranking;
}

void explain_reasons(Ranking& ranking, const Model& model, const ExperimentResults& results,
                     const std::string& target, const std::string& baseline,
                     const Waterfall& objective) {
  if (ranking.ranked.size() != 2) return;
  // The terms of target - baseline, largest first: the structural part,
  // each mechanism's, and one at a time's interaction.
  std::vector<std::pair<std::string, Interval>> terms = objective.parts;
  terms.emplace_back("the structural part (every listed mechanism off)", objective.structural);
  if (objective.interaction) terms.emplace_back("their interaction", *objective.interaction);
  std::stable_sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
    return std::abs(a.second.mean) > std::abs(b.second.mean);
  });
  terms.resize(std::min<std::size_t>(terms.size(), 3));
  std::string sentence = "explain puts " + target + " - " + baseline + " at " +
                         format_estimate(objective.total, ranking.unit, true) + ", most of it ";
  for (std::size_t i = 0; i < terms.size(); ++i) {
    sentence += (i == 0                  ? ""
                 : i + 1 == terms.size() ? " and "
                                         : ", ") +
                terms[i].first + " (" + format_estimate(terms[i].second, ranking.unit, true) + ")";
  }
  // The target's entry carries the sentence; the baseline's points to it.
  for (auto& entry : ranking.ranked) {
    entry.reason = name_of(model, results, entry.slot) == target
                       ? sentence
                       : "the terms of " + target + "'s line, with the opposite sign";
  }
}

void print_ranking(std::ostream& out, const Model& model, const ExperimentResults& results,
                   const Ranking& ranking) {
  const auto& ranked = ranking.ranked;
  if (ranked.empty()) return;
  const std::string& best = name_of(model, results, ranked.front().slot);
  std::vector<std::string> tied;
  for (const auto& entry : ranked) {
    if (entry.tied_with_best && &entry != &ranked.front())
      tied.push_back(name_of(model, results, entry.slot));
  }
  out << "Verdict: " << best << " ranks first on " << ranking.objective << " ("
      << (ranking.goal == ObjectiveGoal::kMaximise ? "higher" : "lower") << " is better)";
  if (!tied.empty()) {
    out << ", statistically tied with ";
    for (std::size_t i = 0; i < tied.size(); ++i)
      out << (i == 0 ? "" : i + 1 == tied.size() ? " and " : ", ") << tied[i];
    out << " (their difference's interval includes 0)";
  }
  out << ".\n" << ranking.objective << ": " << ranking.description << ".\n\n";
  std::size_t width = 8;
  for (const auto& entry : ranked)
    width = std::max(width, name_of(model, results, entry.slot).size());
  out << "rank  " << std::left << std::setw(static_cast<int>(width + 2)) << "strategy"
      << std::setw(22) << "value"
      << "difference to the best\n";
  for (std::size_t rank = 0; rank < ranked.size(); ++rank) {
    const auto& entry = ranked[rank];
    std::string difference =
        rank == 0 ? "(best)" : format_estimate(entry.to_best, ranking.unit, true);
    if (entry.tied_with_best) difference += "  tied";
    out << std::left << std::setw(6) << rank + 1 << std::setw(static_cast<int>(width + 2))
        << name_of(model, results, entry.slot) << std::setw(22)
        << format_estimate(entry.value, ranking.unit, false) << difference << '\n';
  }
  out << '\n';
  for (std::size_t rank = 0; rank < ranked.size(); ++rank) {
    const auto& entry = ranked[rank];
    const std::string& name = name_of(model, results, entry.slot);
    if (ranked.size() == 1) {
      out << "  " << name << ": " << entry.reason << ".\n";
    } else if (rank == 0) {
      const Interval lead{std::abs(entry.to_best.mean), entry.to_best.half_width, entry.to_best.n};
      const std::string& runner_up = name_of(model, results, ranked[1].slot);
      if (entry.to_best.excludes_zero()) {
        out << "  " << name << " leads " << runner_up << " by "
            << format_estimate(lead, ranking.unit, false);
      } else {
        out << "  " << name << " is tied with " << runner_up << " ("
            << format_estimate(lead, ranking.unit, false) << " ahead)";
      }
      out << ": " << entry.reason << ".\n";
    } else {
      out << "  " << name << (entry.tied_with_best ? " is tied with " : " trails ") << best << " ("
          << format_estimate(entry.to_best, ranking.unit, true) << "): " << entry.reason << ".\n";
    }
  }
  out << "\nHorizon CLV counts the simulated years; lifetime CLV adds what the customers alive "
         "at the horizon are still worth\n(simulated on until the discounted rest is "
         "negligible). Net values charge acquisition to customers won during the\nhorizon; the "
         "day-0 base's acquisition is sunk (*_incl_base_cac_eur include it). Per prospect "
         "divides by the\nwhole market the firm could win, so a strategy that wins fewer "
         "customers is not flattered.\n";
}

}  // namespace omnisim
