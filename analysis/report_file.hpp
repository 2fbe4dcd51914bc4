#pragma once
// The facts table and the mechanism decomposition, as HDF5 groups of a
// results file (see README.md, "Reading the results").

#include <vector>

#include "analysis/break_even.hpp"
#include "analysis/explain.hpp"
#include "analysis/facts.hpp"
#include "analysis/ranking.hpp"
#include "sim/io/hdf5.hpp"

namespace omnisim {

// /facts: id, claim, source, strategy, kpi, conflict (strings); target,
// tolerance, simulated, half_width (float64, NaN when unavailable); pass
// (1 pass, 0 fail, -1 unavailable).
void write_facts(h5::Group& root, const std::vector<FactCheck>& checks);

// /ranking: compare's verdict, best first (analysis/ranking.hpp): strategy,
// the objective's mean and half-width, the paired difference to the best
// (the best's: to the runner-up) and its half-width, tied (1 or 0), reason.
void write_ranking(h5::Group& root, const Model& model, const ExperimentResults& results,
                   const Ranking& ranking);

// /break_even: attributes baseline, kpi; strategy [S] (strings);
// fixed_cost_eur_per_customer_year, break_even_eur_per_customer_year,
// half_width [S] (float64; the baseline's break-even is its own cost).
void write_break_even(h5::Group& root, const Model& model, const ExperimentResults& results,
                      const std::vector<BreakEven>& break_evens, std::size_t baseline_slot);

// /explain: attributes target, baseline, method ("shapley" or
// "one-at-a-time"); kpi [K]; term [T] = "total", "structural", each
// mechanism, and "interaction" for one at a time; mean and half_width [K, T].
void write_explain(h5::Group& root, const std::vector<Waterfall>& waterfalls,
                   const std::string& target, const std::string& baseline, Attribution method);

}  // namespace omnisim
