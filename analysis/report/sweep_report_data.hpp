#pragma once
// What omnisim report shows of a sweep file: each kept KPI's main effects
// (its mean per strategy over ten equal bins of each parameter's range) and,
// per KPI, the difference of the first two strategies over the two
// parameters that move it most (a 6 x 6 map of bin means), as tidy rows.
// A parameter's influence is the share of the difference's variance
// between its ten bins, less what chance alone would put there
// (epsilon-squared).

#include <filesystem>

#include <nlohmann/json.hpp>

namespace omnisim {

nlohmann::json sweep_report_data(const std::filesystem::path& sweep_file);

}  // namespace omnisim
