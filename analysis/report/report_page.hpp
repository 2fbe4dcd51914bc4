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

// The page of report data (report_data(), with the parts a command adds:
// the strategies' labels, "against", "verdict_flips") written to `html`
// (atomically; an existing file only with `force`). Errors as AtomicFile
// gives them.
void write_report_page(const nlohmann::json& data, const std::filesystem::path& html, bool force);

}  // namespace omnisim
