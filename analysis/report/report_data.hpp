#pragma once
// What omnisim report shows, read from a results file (run, compare, facts
// or explain) into one JSON document that the page embeds: tidy rows
// (one value per row, as Vega-Lite reads them) of the headline KPIs with
// their 95 % intervals and paired differences to the baseline, the time
// series, the retention curves, channel use, cost to serve, the whale curve,
// the facts, the explain waterfall, and the provenance.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/headline.hpp"
#include "sim/io/hdf5_reader.hpp"

namespace omnisim {

// The level of every interval the page shows.
inline constexpr double kReportConfidence = 0.95;

// InputError if the file is not an omnisim results file of a major schema
// version this omnisim reads; IoError if it cannot be read.
// Also a sweep file (analysis/report/sweep_report_data.hpp) or a fit file
// (fit_report_data.hpp).
nlohmann::json report_data(const std::filesystem::path& results);

// Columns of a group of 1-D datasets (/facts, /break_even) as rows: one
// object per row with the named text and number columns (InputError if
// their lengths differ).
nlohmann::json table_rows(const h5::Reader& file, const std::string& group,
                          const std::vector<std::string>& text_columns,
                          const std::vector<std::string>& number_columns);

// A KPI's name as a chart label: "clv_lifetime_eur" -> "clv lifetime".
std::string kpi_label(std::string name);

}  // namespace omnisim
