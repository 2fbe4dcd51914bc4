#pragma once
// The ground-truth scores as HDF5 groups of a results file (README.md, "CLV
// models and attribution, scored against the truth"): tidy tables of 1-D columns, one
// row per strategy, replication and model (and frequency bin, parameter or
// channel), as pandas reads them.

#include <map>
#include <utility>

#include "analysis/clv/attribution_score.hpp"
#include "analysis/clv/clv_score.hpp"
#include "sim/io/hdf5.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

using ClvScores = std::map<std::pair<int, int>, ClvScore>;  // (strategy, replication)

// /clv_score: attributes calibration_end_day, holdout_end_day,
// days_per_unit, discount_per_day; columns strategy, model (strings),
// replication, customers, log_likelihood, predicted_purchases,
// actual_purchases, purchases_bias, purchases_mae, predicted_clv_eur,
// actual_clv_eur, clv_bias. /clv_score/bins: strategy, model, bin (strings),
// replication, customers, actual_mean, predicted_mean. /clv_score/parameters:
// strategy, model, parameter (strings), replication, value, standard_error
// (Gamma-Gamma's too).
void write_clv_score(h5::Group& root, const Model& model, const ClvScores& scores,
                     const SummaryOptions& options);

// /attribution: columns strategy, channel (strings), conversions (the
// strategy's), first_touch, last_touch, linear, markov, true_incremental
// (conversions, summed over the replications).
void write_attribution(h5::Group& root, const Model& model,
                       const std::vector<StrategyAttribution>& scores);

}  // namespace omnisim
