#include "analysis/report/report_page.hpp"

#include <fstream>
#include <string_view>

#include "sim/core/error.hpp"
#include "sim/io/atomic_file.hpp"

namespace omnisim {

// Compiled in by CMake (omnisim_embed_text, analysis/CMakeLists.txt).
std::string_view report_page_html();
std::string_view report_page_js();
std::string_view report_vega_js();
std::string_view report_vega_lite_js();
std::string_view report_vega_embed_js();
std::string_view report_licences_text();

namespace {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A script inlined in the page must not close its own element early.
std::string script(std::string_view code, std::string_view what) {
  if (code.find("</script") != std::string_view::npos) {
    throw ModelError(std::string(what) + " contains </script and cannot be inlined");
  }
  std::string out = "<script>";
  out += code;
  out += "</script>";
  return out;
}

// Replaces the next placeholder after `from` and moves `from` past what it
// put in, so that inlined content is never searched for a marker.
void fill(std::string& page, std::size_t& from, std::string_view marker,
          const std::string& content) {
  const std::string placeholder = "<!-- OMNISIM:" + std::string(marker) + " -->";
  const std::size_t at = page.find(placeholder, from);
  if (at == std::string::npos) throw ModelError("report page: no placeholder " + placeholder);
  page.replace(at, placeholder.size(), content);
  from = at + content.size();
}

}  // namespace

std::string report_html(const nlohmann::json& data) {
  // JSON inside a <script> element: "</" only occurs in strings, where
  // "<\/" means the same; NaN and infinities become null.
  std::string json = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  for (std::size_t at = json.find("</"); at != std::string::npos; at = json.find("</", at + 3))
    json.replace(at, 2, "<\\/");
  std::string page(report_page_html());
  std::size_t from = 0;  // the placeholders, in document order
  fill(page, from, "VEGA", script(report_vega_js(), "vega.min.js"));
  fill(page, from, "VEGA_LITE", script(report_vega_lite_js(), "vega-lite.min.js"));
  fill(page, from, "VEGA_EMBED", script(report_vega_embed_js(), "vega-embed.min.js"));
  fill(page, from, "LICENCES", escape_html(report_licences_text()));
  fill(page, from, "DATA", json);
  fill(page, from, "REPORT_JS", script(report_page_js(), "report.js"));
  return page;
}

void write_report_page(const nlohmann::json& data, const std::filesystem::path& html, bool force) {
  const std::string page = report_html(data);
  AtomicFile file(html, force);
  std::ofstream out(file.temporary_path(), std::ios::binary);
  out.write(page.data(), static_cast<std::streamsize>(page.size()));
  out.close();
  if (!out) throw IoError(html.string() + ": cannot write the report (disk full?)");
  file.commit();
}

}  // namespace omnisim
