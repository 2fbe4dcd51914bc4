#pragma once
// The report as one self-contained HTML page: the page and its script
// (analysis/report/page), the charting library (Vega, Vega-Lite and
// vega-embed, pinned in analysis/report/package-lock.json) with its
// licences, and the data, all inlined: it opens from a file, offline.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace omnisim {

std::string report_html(const nlohmann::json& data);

// The report of the results file `results` written to `html` (atomically;
// an existing file only with `force`). Errors as report_data() and
// AtomicFile give them.
void write_report(const std::filesystem::path& results, const std::filesystem::path& html,
                  bool force);

}  // namespace omnisim
