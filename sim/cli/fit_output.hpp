#pragma once
// What `omnisim fit` prints and writes: each fit with its identification
// flags, and the predictions file (CSV, or HDF5 with the fits, the tracking
// curve and the holdout-by-frequency table).

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "analysis/clv/fit.hpp"
#include "analysis/clv/tracking.hpp"

namespace omnisim::cli {

// The short name a model goes by in --models and in column names.
std::string short_name(const std::string& model);

void print_fit(const FittedModel& fit, double seconds);

// One table of the predictions file: named columns of numbers per row.
struct PredictionTable {
  std::vector<std::string> ids;  // customers (or opportunity rows)
  std::vector<std::pair<std::string, std::vector<double>>> columns;
};

// A CSV field, quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text);

struct FitOutput {
  const std::vector<FittedModel>* fits = nullptr;
  const PredictionTable* predictions = nullptr;
  const TrackingCurve* tracking = nullptr;  // may be null (BG/BB)
  const HoldoutByFrequency* holdout = nullptr;
  std::vector<std::string> tracking_models;  // short names, as tracking->expected
  std::string source;                        // the transactions file
  std::string time_unit;
};

// FILE.csv: the predictions; FILE.h5: everything. Atomic.
void write_fit_output(const std::filesystem::path& path, bool force, const FitOutput& output);

}  // namespace omnisim::cli
