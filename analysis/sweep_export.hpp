#pragma once
// A sweep file in the layouts other tools read (each file written under a
// temporary name and renamed into place):
//  - a tidy CSV: one row per point, replication and strategy, with the
//    parameters' values and the KPIs as columns (pandas.read_csv, R);
//  - SALib's: problem.json (num_vars, names, and the declared bounds and
//    dists: unif, logunif, norm with [mean, sd]; a level's index),
//    X.txt (the design's values, numpy.loadtxt) and one Y file per KPI and
//    strategy and per KPI difference of the first two strategies (each
//    point's mean over replications, nan where it did not run), for
//    SALib.analyze.sobol / morris;
//  - EMA Workbench's: experiments.csv (the parameters, then scenario =
//    point, policy = strategy, model) and outcomes.csv (the KPIs' means over
//    replications), one row each per point and strategy.

#include <filesystem>

#include "sim/io/sweep_file.hpp"

namespace omnisim {

void write_tidy_csv(const SweepData& data, const std::filesystem::path& path, bool force);

// Into `directory` (created if missing): the SALib and EMA Workbench files.
void write_sensitivity_layouts(const SweepData& data, const std::filesystem::path& directory,
                               bool force);

}  // namespace omnisim
