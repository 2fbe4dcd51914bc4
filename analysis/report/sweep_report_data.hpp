#pragma once
// What omnisim report shows of a sweep file: each kept KPI's main effects
// (its mean per strategy over ten equal bins of each parameter's range) and,
// per KPI, the difference of the first two strategies over the two
// parameters that move it most (a 6 x 6 map of bin means), as tidy rows.
// A parameter's influence is the share of the difference's variance
// between its ten bins, less what chance alone would put there
// (epsilon-squared).

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace omnisim {

nlohmann::json sweep_report_data(const std::filesystem::path& sweep_file);

// Where a compare file's verdict flips across a sweep (`omnisim report
// compare.h5 --sweep verdict.h5`): the winner on `objective` at each point
// run (by the mean of its replications), how many points each strategy
// wins, and -- for an objective to maximise -- the compare file's winner
// (the best of `ranked` that the sweep ran) against its best rival at each
// point as `omnisim verdict` reads it (analysis/verdict.hpp): points above
// and below 0, each parameter's effect and break-even value; the points are
// placed on that analysis's two strongest parameters. InputError if the
// sweep kept no such KPI, ran none of `ranked`, or has fewer than two
// strategies or no parameter.
nlohmann::json verdict_flips(const std::filesystem::path& sweep_file, const std::string& objective,
                             bool maximise, const std::vector<std::string>& ranked,
                             double confidence);

}  // namespace omnisim
