#pragma once
// `omnisim report EDITED.h5 --against BASELINE.h5`: what changed between two
// runs -- the scenario's keys and values, each headline KPI per strategy
// both ran, and the verdict -- for the page (the "against" part of the
// report's data) and for the terminal.

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace omnisim {

// From two report_data() documents of run, compare, facts or explain files
// and the keys their scenarios differ in ({key, before, after} rows, which
// the command finds: analysis does not read scenarios).
// InputError if either is a sweep file or they share no strategy.
// A KPI's change carries the half-width of the difference of two
// independent means, sqrt(a^2 + b^2): conservative when both runs drew the
// same customers (the same seed), so "beyond" (the change exceeds it) errs
// towards "no change".
nlohmann::json against_data(const nlohmann::json& edited, const nlohmann::json& baseline,
                            const nlohmann::json& changes);

// The changed keys, the verdict before and after, and the headline KPIs
// that moved beyond their intervals.
void print_against(std::ostream& out, const nlohmann::json& against);

}  // namespace omnisim
