#pragma once
// Terminal tables of a comparison: KPI rows, strategy columns.

#include <ostream>

#include "analysis/comparison.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

struct TableOptions {
  bool per_channel = false;  // include the per-channel KPI group
};

void print_levels(std::ostream& out, const Model& model, const ExperimentResults& results,
                  const Comparison& comparison, const TableOptions& options);
void print_differences(std::ostream& out, const Model& model, const ExperimentResults& results,
                       const Comparison& comparison, const TableOptions& options);

// A value in the KPI's unit: shares as percentages, money with 2 decimals.
std::string format_value(double value, const std::string& unit);

}  // namespace omnisim
