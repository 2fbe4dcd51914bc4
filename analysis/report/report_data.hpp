#pragma once
// What omnisim report shows, read from a results file (run, compare, facts
// or explain) into one JSON document that the page embeds: tidy rows
// (one value per row, as Vega-Lite reads them) of the headline KPIs with
// their 95 % intervals and paired differences to the baseline, the time
// series, the retention curves, channel use, cost to serve, the whale curve,
// the facts, the explain waterfall, and the provenance.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/headline.hpp"

namespace omnisim {

// The level of every interval the page shows.
inline constexpr double kReportConfidence = 0.95;

// InputError if the file is not an omnisim results file of a major schema
// version this omnisim reads; IoError if it cannot be read.
// Also a sweep file (analysis/report/sweep_report_data.hpp).
nlohmann::json report_data(const std::filesystem::path& results);

// A KPI's name as a chart label: "clv_lifetime_eur" -> "clv lifetime".
std::string kpi_label(std::string name);

}  // namespace omnisim
