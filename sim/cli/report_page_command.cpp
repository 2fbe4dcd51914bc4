// `omnisim report RESULTS.h5`: the results file as one self-contained HTML
// page with charts (analysis/report).

#include <filesystem>
#include <iostream>

#include "analysis/report/report_page.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/io/atomic_file.hpp"

namespace omnisim::cli {

int report_command(const std::vector<std::string>& args) {
  std::string results, out;
  bool force = false, quiet = false;
  po::options_description options("Options");
  options.add_options()("out,o", po::value(&out)->value_name("FILE"),
                        "the HTML page; default: the results file's name with .html")(
      "force", po::bool_switch(&force), "overwrite the page if it exists")(
      "quiet,q", po::bool_switch(&quiet), "no note on stderr")(
      "results", po::value(&results)->value_name("RESULTS.h5"), "the results file");
  po::positional_options_description positional;
  positional.add("results", 1);
  po::variables_map values;
  if (!parse(
          args, options, values,
          "Usage: omnisim report RESULTS.h5 [--out report.html]\n"
          "Writes a results file of run, compare, facts, explain or sweep as one self-contained\n"
          "HTML page with charts: the headline KPIs with 95 % intervals and the paired\n"
          "differences to the baseline, retention curves, revenue, customers and cost over\n"
          "time, channel use, cost to serve and the whale curve (with --customers-table),\n"
          "the explain waterfall and the facts, and the scenario with its provenance; for\n"
          "a sweep file (omnisim sweep), each KPI's main effects and the first two\n"
          "strategies' difference over the two parameters that move it most. The\n"
          "page embeds its data and its charting library (Vega-Lite): it opens from a file,\n"
          "offline.",
          &positional)) {
    return 0;
  }
  if (results.empty()) throw InputError("omnisim report: name a results file (RESULTS.h5)");
  if (!std::filesystem::is_regular_file(results)) {
    throw InputError(results + ": no such results file");
  }
  if (out.empty()) out = std::filesystem::path(results).replace_extension(".html").string();
  std::error_code same_error;
  if (std::filesystem::equivalent(results, out, same_error)) {
    throw InputError("--out " + out + ": that is the results file itself; name another file");
  }
  check_output_path(out, force);
  write_report(results, out, force);
  if (!quiet) std::cerr << "report written to " << out << '\n';
  return 0;
}

}  // namespace omnisim::cli
