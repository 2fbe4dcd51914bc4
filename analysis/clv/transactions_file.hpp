#pragma once
// Transactions read from a delimited text file: CSV with a header (as
// `omnisim events` writes them: customer_id, day, amount_eur, with type =
// purchase), or whitespace-separated columns numbered from 1 (as CDNOW's
// files hold them; a first line naming the columns, as CDNOW_master.txt's
// does, is recognised and skipped). A customer may be named by several
// columns (strategy, replication, customer_id). Lines are at most 1 MiB; a
// UTF-8 byte-order mark is skipped; amounts are numbers of 0 or more. Every
// problem is an InputError naming the file, the line and the column.

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
  bool header = true;  // false: whitespace-separated, columns numbered from 1
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

// The header of a CSV file, as its fields.
std::vector<std::string> read_csv_header(const std::filesystem::path& path);

// The file's transactions summarised as they are read (rfm.hpp); read
// twice if some customer's rows are not in date order.
TransactionSummary summarize_transactions_file(const std::filesystem::path& path,
                                               const TransactionColumns& columns,
                                               const SummaryOptions& options);

// A recency/frequency table of discrete opportunities, as lifetimes and
// BTYD write it: a CSV whose header names frequency, recency, periods and,
// optionally, weights (customers per row; 1 without the column).
std::vector<OpportunityRow> read_opportunity_table(const std::filesystem::path& path);

}  // namespace omnisim
