// `omnisim fit TRANSACTIONS`: buy-till-you-die models fitted to a
// transaction log, with each customer's predictions.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <numeric>
#include <optional>
#include <span>
#include <tuple>

#include <malloc.h>

#include "analysis/clv/fit.hpp"
#include "analysis/clv/predict.hpp"
#include "analysis/clv/tracking.hpp"
#include "analysis/clv/transactions_file.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/fit_output.hpp"
#include "sim/cli/memory.hpp"
#include "sim/cli/options.hpp"
#include "sim/core/error.hpp"
#include "sim/core/parallel_for.hpp"
#include "sim/core/version.hpp"
#include "sim/io/atomic_file.hpp"

namespace omnisim::cli {
namespace {

const char* kFitUsage =
    "Usage: omnisim fit TRANSACTIONS --calibration-end DATE [options]\n"
    "Fits BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma by maximum likelihood to a transaction\n"
    "log, from each customer's repeat purchases (same-day purchases merged), recency\n"
    "and age at the end of calibration, and prints the parameters with standard\n"
    "errors and the log-likelihoods. The file is a CSV with a header (by default as\n"
    "omnisim events writes it: customer_id, day, amount_eur, rows with type =\n"
    "purchase; or as omnisim events --export transactions does: customer_id, date\n"
    "(ISO), amount_eur; with strategy and replication columns, a customer is one per\n"
    "strategy and replication) or, with --no-header, whitespace-separated columns\n"
    "numbered from 1. With --opportunities, a recency/frequency table of discrete\n"
    "opportunities, fitted by BG/BB.\n"
    "CDNOW's sample: omnisim fit CDNOW_sample.txt --no-header --customer 2 --date 3\n"
    "--amount 5 --date-format yyyymmdd --calibration-end 19970930";

struct Options {
  std::string path, calibration_end, holdout_end, predictions;
  std::string customer = "customer_id", date = "day", amount = "amount_eur";
  std::string date_format = "days", time_unit = "weeks";
  std::vector<std::string> where;
  std::string models = "bgnbd,mbgnbd,pnbd,gg";
  bool no_header = false, force = false, opportunities = false;
  double horizon = 52.0;
  double discount_rate_per_year = 0.10;
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t at = text.find(separator); at != std::string::npos;
       start = at + 1, at = text.find(separator, start)) {
    parts.push_back(text.substr(start, at - start));
  }
  parts.push_back(text.substr(start));
  return parts;
}

// The models --models names, in the order they are fitted and printed.
const std::vector<std::string> kModels{"bgnbd", "mbgnbd", "pnbd", "gg"};

std::vector<std::string> chosen_models(const std::string& list) {
  std::vector<std::string> chosen;
  for (const auto& name : split(list, ',')) {
    if (std::find(kModels.begin(), kModels.end(), name) == kModels.end()) {
      throw InputError(
          "--models: expected a comma-separated list of bgnbd, mbgnbd, pnbd and gg, "
          "got \"" +
          name + "\"");
    }
    if (std::find(chosen.begin(), chosen.end(), name) == chosen.end()) chosen.push_back(name);
  }
  return chosen;
}

// A fit that fails (no finite likelihood, degenerate data) is printed as
// not fitted; the other models go on.
std::optional<FittedModel> fit_reported(const std::string& model,
                                        const std::function<FittedModel()>& fit) {
  const auto start = std::chrono::steady_clock::now();
  try {
    FittedModel fitted = fit();
    print_fit(fitted,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return fitted;
  } catch (const ModelError& error) {
    std::cout << model << ": not fitted: " << error.what() << '\n';
  } catch (const InputError& error) {
    std::cout << model << ": not fitted: " << error.problems().front() << '\n';
  }
  return std::nullopt;
}

// Customers with repeat purchases whose spend is zero: left out of
// Gamma-Gamma (a mean spend of 0 has no likelihood), named.
void report_zero_spend(const std::vector<CustomerSummary>& customers) {
  std::vector<std::string> left_out;
  for (const auto& c : customers)
    if (c.x > 0.0 && !gamma_gamma_uses(c)) left_out.push_back(c.customer);
  if (left_out.empty()) return;
  std::cout << "gamma-gamma: " << left_out.size() << " customer"
            << (left_out.size() == 1 ? "" : "s")
            << " whose repeat purchases spent 0 left out (no spend to model): ";
  for (std::size_t i = 0; i < left_out.size() && i < 5; ++i)
    std::cout << (i ? ", " : "") << left_out[i];
  std::cout << (left_out.size() > 5 ? ", ..." : "") << '\n';
}

void print_diagnostics(const TrackingCurve& tracking, const HoldoutByFrequency& holdout,
                       const std::vector<std::string>& models, const std::string& unit) {
  if (tracking.unit.empty() || models.empty()) return;
  std::size_t last_actual = 0;
  for (std::size_t u = 0; u < tracking.unit.size(); ++u)
    if (!std::isnan(tracking.actual[u])) last_actual = u;
  const auto calibration =
      static_cast<std::size_t>(std::min<double>(static_cast<double>(tracking.unit.size()),
                                                std::ceil(tracking.calibration_units)) -
                               1);
  std::printf("\ncumulative repeat purchases (%s since the cohort's first day):\n", unit.c_str());
  std::printf("  %-10s %12s %12s\n", "", ("at " + std::to_string(calibration + 1)).c_str(),
              ("at " + std::to_string(last_actual + 1)).c_str());
  std::printf("  %-10s %12.0f %12.0f\n", "actual", tracking.actual[calibration],
              tracking.actual[last_actual]);
  for (std::size_t m = 0; m < models.size(); ++m) {
    std::printf("  %-10s %12.0f %12.0f\n", models[m].c_str(), tracking.expected[m][calibration],
                tracking.expected[m][last_actual]);
  }
  if (holdout.frequency.empty()) return;
  std::printf("\nmean purchases in the holdout by calibration frequency x:\n  %-10s", "x");
  for (const auto& f : holdout.frequency)
    std::printf(" %7s", f.c_str());
  std::printf("\n  %-10s", "customers");
  for (const double n : holdout.customers)
    std::printf(" %7.0f", n);
  std::printf("\n  %-10s", "actual");
  for (const double v : holdout.actual)
    std::printf(" %7.3f", v);
  for (std::size_t m = 0; m < models.size(); ++m) {
    std::printf("\n  %-10s", models[m].c_str());
    for (const double v : holdout.expected[m])
      std::printf(" %7.3f", v);
  }
  std::printf("\n");
}

// The most customers the machine's memory holds while reading, at about
// 200 bytes each (the id, its hash entry and the running summary), with
// room for the fits.
std::size_t customers_memory_holds() {
  return static_cast<std::size_t>(0.5 * available_memory_bytes() / 200.0);
}

// --opportunities: BG/BB on a recency/frequency table, with each row's
// P(alive) at the next opportunity and expected purchases in the next
// --horizon opportunities.
int fit_opportunities(const Options& o) {
  const std::vector<OpportunityRow> rows = read_opportunity_table(o.path);
  double customers = 0.0;
  for (const auto& row : rows)
    customers += row.count;
  std::cout << o.path << ": " << rows.size() << " rows, " << customers
            << " customers (discrete opportunities)\n\n";
  const auto fitted = fit_reported("bg/bb", [&] { return fit_bg_bb(rows); });
  if (!fitted) throw ModelError(o.path + ": bg/bb could not be fitted (see above)");
  if (o.predictions.empty()) return 0;
  const BgBb model = bg_bb_of(*fitted);
  PredictionTable table;
  std::vector<double> x, t_x, n, count, alive, expected;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    table.ids.push_back(std::to_string(i + 1));
    x.push_back(row.x);
    t_x.push_back(row.t_x);
    n.push_back(row.n);
    count.push_back(row.count);
    alive.push_back(p_alive(model, row.x, row.t_x, row.n));
    expected.push_back(expected_purchases(model, o.horizon, row.x, row.t_x, row.n));
  }
  table.columns = {{"frequency", x},        {"recency", t_x},
                   {"periods", n},          {"weights", count},
                   {"p_alive_bgbb", alive}, {"expected_purchases_bgbb", expected}};
  const std::vector<FittedModel> fits{*fitted};
  FitOutput output;
  output.fits = &fits;
  output.predictions = &table;
  output.source = o.path;
  output.time_unit = "opportunities";
  write_fit_output(o.predictions, o.force, output);
  std::cerr << "predictions written to " << o.predictions << '\n';
  return 0;
}

}  // namespace

int fit_command(const std::vector<std::string>& args) {
  Options o;
  po::options_description options("Options");
  options.add_options()("transactions", po::value(&o.path)->value_name("FILE"), "transaction log")(
      "calibration-end", po::value(&o.calibration_end)->value_name("DATE"),
      "last day of the calibration period, in the file's date format (required)")(
      "holdout-end", po::value(&o.holdout_end)->value_name("DATE"),
      "last day of the holdout, for the actual purchases the predictions are checked against; "
      "default: none")("no-header", po::bool_switch(&o.no_header),
                       "whitespace-separated columns named by number from 1 (a first line naming "
                       "the columns is recognised and skipped)")(
      "customer", po::value(&o.customer)->value_name("COLUMNS"),
      "the column(s) naming a customer, comma-separated; default customer_id")(
      "date", po::value(&o.date)->value_name("COLUMN"), "the date column; default day")(
      "amount", po::value(&o.amount)->value_name("COLUMN"),
      "the amount column; default amount_eur")(
      "where", po::value(&o.where)->composing()->value_name("COLUMN=VALUE"),
      "keep the rows with this value (repeatable); default type=purchase when the header has a "
      "type column")("date-format", po::value(&o.date_format)->value_name("FORMAT"),
                     "days (a number), yyyymmdd or iso; default days")(
      "time-unit", po::value(&o.time_unit)->value_name("UNIT"), "weeks (default) or days")(
      "models", po::value(&o.models)->value_name("LIST"),
      "the models to fit, comma-separated: bgnbd, mbgnbd, pnbd, gg; default all four")(
      "predictions", po::value(&o.predictions)->value_name("FILE"),
      "write each customer's summary and every fitted model's predictions (P(alive), expected "
      "purchases and CLV over --horizon; Gamma-Gamma's expected spend); FILE.h5 for HDF5, with "
      "the fits, the tracking curve and the holdout by frequency")(
      "horizon", po::value(&o.horizon)->value_name("T"),
      "the predictions' horizon in time units (opportunities with --opportunities); default 52")(
      "discount-rate-per-year", po::value(&o.discount_rate_per_year)->value_name("R"),
      "the CLV's continuous discount rate per year, 0 or more; default 0.10")(
      "force", po::bool_switch(&o.force), "overwrite the predictions file")(
      "opportunities", po::bool_switch(&o.opportunities),
      "the file is a recency/frequency table of discrete opportunities (a CSV with frequency, "
      "recency, periods and optional weights columns, as the BG/BB donations data): fits BG/BB");
  po::positional_options_description positional;
  positional.add("transactions", 1);
  po::variables_map values;
  if (!parse(args, options, values, kFitUsage, &positional)) return 0;
  if (o.path.empty()) throw InputError("fit: expected a TRANSACTIONS file (see --help)");
  if (!(o.horizon > 0.0 && o.horizon <= 1e5)) {
    throw InputError("--horizon: expected a time of more than 0 and at most 100000 units");
  }
  if (!(o.discount_rate_per_year >= 0.0 && o.discount_rate_per_year <= 10.0)) {
    throw InputError("--discount-rate-per-year: expected a rate from 0 to 10 (0.10 is 10 %)");
  }
  if (!o.predictions.empty()) check_output_path(o.predictions, o.force);
  if (o.opportunities) return fit_opportunities(o);
  const std::vector<std::string> models = chosen_models(o.models);
  if (o.calibration_end.empty()) {
    throw InputError("--calibration-end: required, the last day of the calibration period");
  }
  if (o.time_unit != "weeks" && o.time_unit != "days") {
    throw InputError("--time-unit: expected weeks or days, got \"" + o.time_unit + "\"");
  }

  TransactionColumns columns;
  columns.header = !o.no_header;
  columns.customer = split(o.customer, ',');
  columns.date = o.date;
  columns.amount = o.amount;
  columns.date_format = date_format_named(o.date_format);
  for (const auto& condition : o.where) {
    const auto equals = condition.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw InputError("--where " + condition + ": expected COLUMN=VALUE");
    }
    columns.where.emplace_back(condition.substr(0, equals), condition.substr(equals + 1));
  }
  // What omnisim writes, recognised by its header: the events CSV (day,
  // type) and the transactions export (date, ISO); a log of several
  // strategies or replications holds as many customers per id.
  if (columns.header) {
    const std::vector<std::string> header = read_csv_header(o.path);
    const auto has = [&](const char* name) {
      return std::find(header.begin(), header.end(), name) != header.end();
    };
    if (o.where.empty() && has("type")) columns.where.emplace_back("type", "purchase");
    if (!values.count("customer") && has("strategy") && has("replication")) {
      columns.customer = {"strategy", "replication", "customer_id"};
    }
    if (!values.count("date") && !has("day") && has("date")) {
      columns.date = "date";
      if (!values.count("date-format")) {
        o.date_format = "iso";
        columns.date_format = DateFormat::kIso;
      }
    }
  }
  const auto date_of = [&](const std::string& text, const std::string& option) {
    try {
      return parse_date(text, columns.date_format);
    } catch (const InputError& error) {
      throw InputError(option + ": " + error.problems().front() + " (--date-format " +
                       o.date_format + ")");
    }
  };
  SummaryOptions summary_options;
  summary_options.calibration_end_day = date_of(o.calibration_end, "--calibration-end");
  summary_options.holdout_end_day = o.holdout_end.empty() ? summary_options.calibration_end_day
                                                          : date_of(o.holdout_end, "--holdout-end");
  summary_options.days_per_unit = o.time_unit == "weeks" ? 7.0 : 1.0;
  summary_options.max_customers = customers_memory_holds();
  if (summary_options.holdout_end_day < summary_options.calibration_end_day) {
    throw InputError("--holdout-end: before --calibration-end");
  }

  TransactionSummary summary = summarize_transactions_file(o.path, columns, summary_options);
  // Reading freed the index of every customer ever seen (most of its
  // memory); glibc keeps freed blocks for reuse, which the fits' and
  // predictions' larger arrays cannot use: given back to the system.
  ::malloc_trim(0);
  const std::vector<CustomerSummary>& customers = summary.customers;
  if (customers.size() < 2) {
    throw InputError(o.path + ": fewer than two customers bought before --calibration-end");
  }
  double repeats = 0.0;
  for (const auto& c : customers)
    repeats += c.x;
  std::cout << o.path << ": " << summary.transactions << " transactions, " << customers.size()
            << " customers in the cohort, " << repeats
            << " repeat purchases in calibration (time in " << o.time_unit << ")\n\n";
  std::vector<FittedModel> purchase_fits;
  std::optional<FittedModel> spend;
  const auto chosen = [&](const char* name) {
    return std::find(models.begin(), models.end(), name) != models.end();
  };
  const std::vector<std::pair<std::string, FittedModel (*)(const std::vector<CustomerSummary>&)>>
      purchase_models{{"bgnbd", fit_bg_nbd}, {"mbgnbd", fit_mbg_nbd}, {"pnbd", fit_pareto_nbd}};
  for (const auto& [name, fit] : purchase_models) {
    if (!chosen(name.c_str())) continue;
    const auto fitted = fit_reported(name, [&, fit = fit] { return fit(customers); });
    if (fitted) purchase_fits.push_back(*fitted);
  }
  if (chosen("gg")) {
    report_zero_spend(customers);
    spend = fit_reported("gamma-gamma", [&] { return fit_gamma_gamma(customers); });
  }
  std::vector<FittedModel> fits = purchase_fits;
  if (spend) fits.push_back(*spend);
  if (fits.empty()) throw ModelError(o.path + ": no model could be fitted (see above)");

  std::vector<std::string> names(purchase_fits.size());
  std::transform(purchase_fits.begin(), purchase_fits.end(), names.begin(),
                 [](const FittedModel& fit) { return short_name(fit.model); });
  const TrackingCurve tracking = tracking_curve(summary, summary_options, purchase_fits, o.horizon);
  const HoldoutByFrequency holdout =
      holdout_by_frequency(customers, summary_options, purchase_fits);
  print_diagnostics(tracking, holdout, names, o.time_unit);

  if (!o.predictions.empty()) {
    const double units_per_year = o.time_unit == "weeks" ? 365.25 / 7.0 : 365.25;
    const double rate = o.discount_rate_per_year / units_per_year;  // per time unit
    PredictionTable table;
    // Customers with the same (x, t_x, T) expect the same purchases:
    // computed once per distinct summary.
    std::vector<std::uint32_t> order(customers.size());
    std::iota(order.begin(), order.end(), 0u);
    const auto key = [&](std::uint32_t i) {
      return std::tie(customers[i].x, customers[i].t_x, customers[i].T);
    };
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return key(a) < key(b); });
    std::vector<std::uint32_t> distinct(customers.size()), representative;
    for (std::size_t k = 0; k < order.size(); ++k) {
      if (k == 0 || key(order[k - 1]) != key(order[k])) representative.push_back(order[k]);
      distinct[order[k]] = static_cast<std::uint32_t>(representative.size() - 1);
    }
    order = {};
    const auto column = [&](const std::string& name,
                            const std::function<double(const CustomerSummary&)>& value) {
      std::vector<double> once(representative.size());
      parallel_for_indices(once.size(), 256,
                           [&](std::size_t k) { once[k] = value(customers[representative[k]]); });
      std::vector<double> column_values(customers.size());
      for (std::size_t i = 0; i < customers.size(); ++i)
        column_values[i] = once[distinct[i]];
      table.columns.emplace_back(name, std::move(column_values));
    };
    // The spend and the holdout are the customer's own: customers with the
    // same (x, t_x, T) differ in them.
    const auto own_column = [&](const std::string& name,
                                const std::function<double(const CustomerSummary&)>& value) {
      std::vector<double> column_values(customers.size());
      for (std::size_t i = 0; i < customers.size(); ++i)
        column_values[i] = value(customers[i]);
      table.columns.emplace_back(name, std::move(column_values));
    };
    column("x", [](const CustomerSummary& c) { return c.x; });
    column("t_x", [](const CustomerSummary& c) { return c.t_x; });
    column("T", [](const CustomerSummary& c) { return c.T; });
    own_column("mean_repeat_spend", [](const CustomerSummary& c) { return c.mean_repeat_spend; });
    own_column("holdout_x", [](const CustomerSummary& c) { return c.holdout_x; });
    std::vector<double> spend_per_purchase(customers.size());
    if (spend) {
      for (std::size_t i = 0; i < customers.size(); ++i) {
        spend_per_purchase[i] =
            expected_spend(gamma_gamma_of(*spend), customers[i].x, customers[i].mean_repeat_spend);
      }
    }
    for (const auto& fit : purchase_fits) {
      const std::string suffix = "_" + short_name(fit.model);
      column("p_alive" + suffix,
             [&](const CustomerSummary& c) { return predicted_p_alive(fit, c); });
      column("expected_purchases" + suffix,
             [&](const CustomerSummary& c) { return predicted_purchases(fit, o.horizon, c); });
      if (spend) {
        column("clv" + suffix, [&](const CustomerSummary& c) {
          return predicted_discounted_purchases(fit, o.horizon, rate, c);
        });
        auto& clv = table.columns.back().second;
        for (std::size_t i = 0; i < clv.size(); ++i)
          clv[i] *= spend_per_purchase[i];
      }
    }
    if (spend) table.columns.emplace_back("expected_spend", std::move(spend_per_purchase));
    // The ids move to the table: nothing reads them from the summary after this.
    table.ids.reserve(customers.size());
    for (auto& c : summary.customers)
      table.ids.push_back(std::move(c.customer));
    std::vector<CustomerSummary>().swap(summary.customers);  // memory for the writing
    FitOutput output;
    output.fits = &fits;
    output.predictions = &table;
    output.tracking = &tracking;
    output.holdout = &holdout;
    output.tracking_models = names;
    output.source = o.path;
    output.time_unit = o.time_unit;
    write_fit_output(o.predictions, o.force, output);
    std::cerr << "predictions written to " << o.predictions << '\n';
  }
  return 0;
}

}  // namespace omnisim::cli
