// `omnisim fit TRANSACTIONS`: buy-till-you-die models fitted to a
// transaction log, with each customer's predictions.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <span>

#include "analysis/clv/fit.hpp"
#include "analysis/clv/predict.hpp"
#include "analysis/clv/transactions_file.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/io/hdf5.hpp"

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

std::string fixed(double value, int significant) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*g", significant, value);
  return text;
}

void print_fit(const FittedModel& fit) {
  std::cout << fit.model << " (" << fit.customers << " customers): log-likelihood "
            << fixed(fit.log_likelihood, 8)
            << (fit.converged ? "" : "  NOT IDENTIFIED: a parameter ran to the edge of the search")
            << '\n';
  for (std::size_t i = 0; i < fit.names.size(); ++i) {
    std::printf("  %-6s %12s ± %s\n", fit.names[i].c_str(), fixed(fit.values[i], 6).c_str(),
                fixed(fit.standard_errors[i], 3).c_str());
  }
}

// FILE.h5: /predictions (customer and every CSV column, BG/NBD's and
// Gamma-Gamma's predictions) and /fits (model, parameter, value,
// standard_error, log_likelihood, customers, identified: one row per
// parameter of every model).
void write_fit_file(const std::filesystem::path& path, const std::vector<FittedModel>& fits,
                    const std::vector<std::string>& ids,
                    const std::map<std::string, std::vector<double>>& columns,
                    const std::string& source) {
  h5::File file = h5::File::create(path);
  h5::Group& root = file.root();
  root.set_attribute("file_type", std::string("omnisim-fit"));
  const std::int64_t version[2] = {1, 0};
  root.set_attribute("schema_version", std::span<const std::int64_t>(version));
  root.set_attribute("omnisim_version", std::string(kVersion));
  root.set_attribute("git_sha", std::string(kGitSha));
  root.set_attribute("command", std::string("fit"));
  root.set_attribute("transactions", source);
  h5::Group predictions = root.create_group("predictions");
  predictions.write("customer", ids);
  for (const auto& [name, values] : columns)
    predictions.write(name, std::span<const double>(values), {values.size()});
  std::vector<std::string> model, parameter;
  std::map<std::string, std::vector<double>> numbers;
  for (const auto& fit : fits) {
    for (std::size_t i = 0; i < fit.names.size(); ++i) {
      model.push_back(fit.model);
      parameter.push_back(fit.names[i]);
      numbers["value"].push_back(fit.values[i]);
      numbers["standard_error"].push_back(fit.standard_errors[i]);
      numbers["log_likelihood"].push_back(fit.log_likelihood);
      numbers["customers"].push_back(static_cast<double>(fit.customers));
      numbers["identified"].push_back(fit.converged ? 1.0 : 0.0);
    }
  }
  h5::Group group = root.create_group("fits");
  group.write("model", model);
  group.write("parameter", parameter);
  for (const auto& [name, values] : numbers)
    group.write(name, std::span<const double>(values), {values.size()});
  file.close();
}

}  // namespace

int fit_command(const std::vector<std::string>& args) {
  Options o;
  po::options_description options("Options");
  options.add_options()("transactions", po::value(&o.path)->value_name("FILE"), "transaction log")(
      "calibration-end", po::value(&o.calibration_end)->value_name("DATE"),
      "last day of the calibration period, in the file's date format (required)")(
      "holdout-end", po::value(&o.holdout_end)->value_name("DATE"),
      "last day of the holdout, for the predictions' actual purchases; default: none")(
      "no-header", po::bool_switch(&o.no_header),
      "whitespace-separated columns without a header, named by number from 1")(
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
      "predictions", po::value(&o.predictions)->value_name("FILE"),
      "write each customer's summary and BG/NBD predictions (P(alive), expected purchases and "
      "spend, CLV over --horizon); FILE.h5 for HDF5 (with every model's parameters in /fits)")(
      "horizon", po::value(&o.horizon)->value_name("T"),
      "the predictions' horizon in time units; default 52")(
      "discount-rate-per-year", po::value(&o.discount_rate_per_year)->value_name("R"),
      "the CLV's continuous discount rate per year; default 0.10")(
      "force", po::bool_switch(&o.force), "overwrite the predictions file")(
      "opportunities", po::bool_switch(&o.opportunities),
      "the file is a recency/frequency table of discrete opportunities (a CSV with frequency, "
      "recency, periods and optional weights columns, as the BG/BB donations data): fits BG/BB");
  po::positional_options_description positional;
  positional.add("transactions", 1);
  po::variables_map values;
  if (!parse(args, options, values, kFitUsage, &positional)) return 0;
  if (o.path.empty()) throw InputError("fit: expected a TRANSACTIONS file (see --help)");
  if (o.opportunities) {
    const std::vector<OpportunityRow> rows = read_opportunity_table(o.path);
    double customers = 0.0;
    for (const auto& row : rows)
      customers += row.count;
    std::cout << o.path << ": " << rows.size() << " rows, " << customers
              << " customers (discrete opportunities)\n\n";
    print_fit(fit_bg_bb(rows));
    return 0;
  }
  if (o.calibration_end.empty()) {
    throw InputError("--calibration-end: required, the last day of the calibration period");
  }
  if (o.time_unit != "weeks" && o.time_unit != "days") {
    throw InputError("--time-unit: expected weeks or days, got \"" + o.time_unit + "\"");
  }
  if (!(o.horizon > 0.0)) throw InputError("--horizon: expected a positive time");
  if (!o.predictions.empty()) check_output_path(o.predictions, o.force);

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
    std::ifstream in(o.path);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::vector<std::string> header = split(line, ',');
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
  if (summary_options.holdout_end_day < summary_options.calibration_end_day) {
    throw InputError("--holdout-end: before --calibration-end");
  }

  const std::vector<Transaction> transactions = read_transactions(o.path, columns);
  const std::vector<CustomerSummary> customers =
      summarize_transactions(transactions, summary_options);
  if (customers.size() < 2) {
    throw InputError(o.path + ": fewer than two customers bought before --calibration-end");
  }
  double repeats = 0.0;
  for (const auto& c : customers)
    repeats += c.x;
  std::cout << o.path << ": " << transactions.size() << " transactions, " << customers.size()
            << " customers in the cohort, " << repeats
            << " repeat purchases in calibration (time in " << o.time_unit << ")\n\n";
  std::vector<FittedModel> fits{fit_bg_nbd(customers), fit_mbg_nbd(customers),
                                fit_pareto_nbd(customers)};
  const FittedModel bg = fits.front();  // a copy: fits grows below
  for (const auto& fit : fits)
    print_fit(fit);
  std::optional<FittedModel> spend;
  try {
    spend = fit_gamma_gamma(customers);
    print_fit(*spend);
    fits.push_back(*spend);
  } catch (const InputError& error) {
    std::cout << "gamma-gamma: not fitted: " << error.problems().front() << '\n';
  }

  if (!o.predictions.empty()) {
    const double units_per_year = o.time_unit == "weeks" ? 365.25 / 7.0 : 365.25;
    const double rate = o.discount_rate_per_year / units_per_year;  // per time unit
    std::vector<std::string> ids;
    std::map<std::string, std::vector<double>> values_of;  // the numeric columns, by name
    for (const auto& c : customers) {
      ids.push_back(c.customer);
      values_of["x"].push_back(c.x);
      values_of["t_x"].push_back(c.t_x);
      values_of["T"].push_back(c.T);
      values_of["mean_repeat_spend"].push_back(c.mean_repeat_spend);
      values_of["holdout_x"].push_back(c.holdout_x);
      values_of["p_alive"].push_back(predicted_p_alive(bg, c));
      values_of["expected_purchases"].push_back(predicted_purchases(bg, o.horizon, c));
      values_of["expected_spend"].push_back(
          spend ? expected_spend(gamma_gamma_of(*spend), c.x, c.mean_repeat_spend) : std::nan(""));
      values_of["clv"].push_back(spend ? predicted_clv(bg, *spend, o.horizon, rate, c)
                                       : std::nan(""));
    }
    const std::vector<std::string> order{"x",
                                         "t_x",
                                         "T",
                                         "mean_repeat_spend",
                                         "holdout_x",
                                         "p_alive",
                                         "expected_purchases",
                                         "expected_spend",
                                         "clv"};
    AtomicFile file(o.predictions, o.force);
    if (std::filesystem::path(o.predictions).extension() == ".h5") {
      write_fit_file(file.temporary_path(), fits, ids, values_of, o.path);
    } else {
      std::ofstream out(file.temporary_path());
      out << "customer";
      for (const auto& name : order)
        out << ',' << name;
      out << '\n';
      for (std::size_t i = 0; i < ids.size(); ++i) {
        out << ids[i];
        for (const auto& name : order)
          out << ',' << values_of[name][i];
        out << '\n';
      }
      out.flush();
      if (!out) throw IoError(o.predictions + ": cannot write");
    }
    file.commit();
    std::cerr << "predictions written to " << o.predictions << '\n';
  }
  return 0;
}

}  // namespace omnisim::cli
