// `omnisim report RESULTS.h5`: the results file as one self-contained HTML
// page with charts (analysis/report).

#include <filesystem>
#include <iostream>
#include <utility>

#include "analysis/report/against.hpp"
#include "analysis/report/report_data.hpp"
#include "analysis/report/report_page.hpp"
#include "analysis/report/sweep_report_data.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/report_inputs.hpp"
#include "sim/io/atomic_file.hpp"

namespace omnisim::cli {

int report_command(const std::vector<std::string>& args) {
  std::string results, out, against, sweep;
  bool force = false, quiet = false;
  po::options_description options("Options");
  options.add_options()("out,o", po::value(&out)->value_name("FILE"),
                        "the HTML page; default: the results file's name with .html")(
      "force", po::bool_switch(&force), "overwrite the page if it exists")(
      "against", po::value(&against)->value_name("BASELINE.h5"),
      "also show what changed from another run, compare, facts or explain file: the scenario "
      "keys that differ, each headline KPI's change and the verdict's (printed too)")(
      "sweep", po::value(&sweep)->value_name("SWEEP.h5"),
      "also show where a compare file's verdict flips across a sweep file that kept the "
      "objective KPI: the winner at each point, and the parameters that decide it")(
      "quiet,q", po::bool_switch(&quiet), "no note on stderr")(
      "results", po::value(&results)->value_name("RESULTS.h5"), "the results file");
  po::positional_options_description positional;
  positional.add("results", 1);
  po::variables_map values;
  if (!parse(args, options, values,
             "Usage: omnisim report RESULTS.h5 [--out report.html] [--against BASELINE.h5]\n"
             "                              [--sweep SWEEP.h5]\n"
             "Writes a results file of run, compare, facts, explain, sweep or fit as one "
             "self-contained\n"
             "HTML page with charts: compare's verdict and break-even fixed costs, the\n"
             "headline KPIs with 95 % intervals and the paired\n"
             "differences to the baseline, retention curves, revenue, customers and cost over\n"
             "time, channel use, cost to serve and the whale curve (with --customers-table),\n"
             "the explain waterfall and the facts, and the scenario with its provenance; for\n"
             "a sweep file (omnisim sweep), each KPI's main effects and the first two\n"
             "strategies' difference over the two parameters that move it most; for a fit\n"
             "file (omnisim fit --predictions FILE.h5), the parameters with their flags, the\n"
             "tracking curve and the holdout purchases by calibration frequency. The\n"
             "page embeds its data and its charting library (Vega-Lite): it opens from a file,\n"
             "offline. --against adds what changed from a baseline run (scenario keys, headline\n"
             "KPIs, verdict); --sweep, where the verdict flips across a sweep.",
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
  for (const auto& [option, file] :
       {std::pair{"--against", against}, std::pair{"--sweep", sweep}}) {
    if (!file.empty() && !std::filesystem::is_regular_file(file))
      throw InputError(std::string(option) + " " + file + ": no such file");
  }
  check_output_path(out, force);
  nlohmann::json data = report_document(results);
  if (data.value("kind", "") == "fit" && (!against.empty() || !sweep.empty())) {
    throw InputError(results + ": a fit file; --against and --sweep compare simulation results");
  }
  if (!against.empty()) {
    const nlohmann::json baseline = report_data(against);
    if (baseline.value("kind", "") == "fit") {
      throw InputError("--against " + against + ": a fit file; --against takes a results file");
    }
    data["against"] = against_data(data, baseline, scenario_key_changes(data, baseline));
    print_against(std::cout, data["against"]);
  }
  if (!sweep.empty()) {
    if (!data.contains("ranking")) {
      throw InputError("--sweep: " + results +
                       " has no verdict (/ranking); --sweep needs a compare file");
    }
    const auto& ranking = data["ranking"];
    std::vector<std::string> ranked;
    for (const auto& row : ranking["rows"])
      ranked.push_back(row["strategy"].get<std::string>());
    data["verdict_flips"] = verdict_flips(sweep, ranking["objective"],
                                          ranking["goal"] == "maximise", ranked, kReportConfidence);
  }
  write_report_page(data, out, force);
  if (!quiet) std::cerr << "report written to " << out << '\n';
  return 0;
}

}  // namespace omnisim::cli
