#pragma once
// Transactions read from a delimited text file: CSV with a header (as
// `omnisim events` writes them: customer_id, day, amount_eur, with type =
// purchase), or whitespace-separated columns without one (as CDNOW's files
// hold them). Columns are named, or numbered from 1 in a file without a
// header; a customer may be named by several columns (strategy,
// replication, customer_id). Every problem is an InputError naming the
// file, the line and the column.

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/clv/fit.hpp"
#include "analysis/clv/rfm.hpp"

namespace omnisim {

enum class DateFormat {
  kDays,      // a number of days from any origin (omnisim events' `day`)
  kYyyymmdd,  // 19970101
  kIso,       // 1997-01-01, or an ISO 8601 timestamp whose date part is taken
};

struct TransactionColumns {
  bool header = true;
  std::vector<std::string> customer{"customer_id"};  // joined with '/' into one id
  std::string date = "day";
  std::string amount = "amount_eur";
  // Rows kept: every column equal to its value (COLUMN=VALUE).
  std::vector<std::pair<std::string, std::string>> where;
  DateFormat date_format = DateFormat::kDays;
};

// "days", "yyyymmdd", "iso"; InputError otherwise.
DateFormat date_format_named(const std::string& name);
// A date (or day number) as the file's format writes it, in days.
double parse_date(const std::string& text, DateFormat format);

std::vector<Transaction> read_transactions(const std::filesystem::path& path,
                                           const TransactionColumns& columns);

// A recency/frequency table of discrete opportunities, as lifetimes and
// BTYD write it: a CSV whose header names frequency, recency, periods and,
// optionally, weights (customers per row; 1 without the column).
std::vector<OpportunityRow> read_opportunity_table(const std::filesystem::path& path);

}  // namespace omnisim
