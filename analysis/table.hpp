#pragma once
// Terminal tables of a comparison: KPI rows, strategy columns.

#include <ostream>

#include "analysis/break_even.hpp"
#include "analysis/comparison.hpp"
#include "analysis/explain.hpp"
#include "analysis/facts.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

struct TableOptions {
  bool all_kpis = false;  // the whole catalogue; else the headline (analysis/headline.hpp)
};

// What the table's means are over: replications, customers, the interval.
void print_header(std::ostream& out, const Model& model, const ExperimentResults& results);

void print_levels(std::ostream& out, const Model& model, const ExperimentResults& results,
                  const Comparison& comparison, const TableOptions& options);
void print_differences(std::ostream& out, const Model& model, const ExperimentResults& results,
                       const Comparison& comparison, const TableOptions& options);

// Each strategy's fixed cost as run and the one at which its net lifetime
// CLV equals the baseline's.
void print_break_even(std::ostream& out, const Model& model, const ExperimentResults& results,
                      const std::vector<BreakEven>& break_evens, std::size_t baseline_slot);

// Wide enough for the "strategy" heading and every strategy's name, at
// least 16 characters, so columns after it line up.
int strategy_column_width(const Model& model);

// A value in the KPI's unit: shares as percentages, money with 2 decimals.
std::string format_value(double value, const std::string& unit);

// The facts by kind (in-sample, validation, input), one row each: target,
// simulated mean ± half-width, tolerance, verdict, and a count per kind;
// then why the model misses the facts it fails (from the run's figures), and
// the claims it does not model.
void print_facts(std::ostream& out, const std::vector<FactCheck>& checks);

// One block per KPI: total, structural part, each mechanism's part with a
// bar, and the interaction residual.
void print_waterfalls(std::ostream& out, const std::vector<Waterfall>& waterfalls);

}  // namespace omnisim
