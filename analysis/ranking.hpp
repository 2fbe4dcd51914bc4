#pragma once
// compare's verdict: the strategies ranked on the scenario's objective
// (analysis.objective, by default the firm's net lifetime value per
// prospect), each one's paired difference to the best, "statistically tied"
// where that interval includes 0, and one plain sentence on why, from the
// KPIs the objective is made of.

#include <ostream>
#include <string>
#include <vector>

#include "analysis/explain.hpp"
#include "analysis/statistics.hpp"
#include "sim/kpi/results.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

struct RankedStrategy {
  std::size_t slot = 0;         // in the results
  Interval value{};             // the objective
  Interval to_best{};           // paired difference to the best; the best's to the runner-up
  bool tied_with_best = false;  // to_best's interval includes 0 (the best: tied with the next)
  std::string reason;           // one sentence: what makes the difference
};

struct Ranking {
  std::string objective;  // KPI name
  std::string unit;
  std::string description;
  ObjectiveGoal goal = ObjectiveGoal::kMaximise;
  std::vector<RankedStrategy> ranked;  // best first
};

// InputError naming analysis.objective (and the closest KPI) when the
// catalogue has no such KPI: checked before a run, not after it.
void check_objective(const Model& model);

// Needs two or more strategies and replications for intervals (with one,
// nothing is "tied": the intervals are n/a).
Ranking rank_strategies(const Model& model, const ExperimentResults& results, double confidence);

// explain's verdict: the reasons of its two strategies (target and
// baseline, ranked on the objective) from the objective's waterfall -- the
// terms that carry most of the difference, largest first -- instead of the
// KPIs the objective is made of.
void explain_reasons(Ranking& ranking, const Model& model, const ExperimentResults& results,
                     const std::string& target, const std::string& baseline,
                     const Waterfall& objective);

// The verdict first, then the ranking table, then two lines on the
// conventions behind the money KPIs.
void print_ranking(std::ostream& out, const Model& model, const ExperimentResults& results,
                   const Ranking& ranking);

}  // namespace omnisim
