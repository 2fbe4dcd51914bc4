#pragma once
// What omnisim report shows of a fit file (`omnisim fit --predictions
// FILE.h5`): every model's parameters with their standard errors and
// identification flags, the cumulative repeat-purchases tracking curve
// (actual and each model's), and the holdout purchases by calibration
// frequency, as tidy rows.

#include <filesystem>

#include <nlohmann/json.hpp>

namespace omnisim {

nlohmann::json fit_report_data(const std::filesystem::path& fit_file);

}  // namespace omnisim
