// libFuzzer target over the transactions reader (summarize_transactions_file, as
// `omnisim fit` and `omnisim score-clv` read a CSV or CDNOW-style file). The
// first input byte picks how the file is read -- as `omnisim events` writes
// a CSV (header, customer_id, day, amount_eur, type = purchase), CDNOW's
// whitespace columns (no header; customer 1, date 3 as yyyymmdd, amount 5),
// or a header naming several customer columns and ISO dates -- and the rest
// is the file. reader_check.hpp says what counts as a finding.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "analysis/clv/transactions_file.hpp"
#include "tests/fuzz/reader_check.hpp"

namespace {

omnisim::TransactionColumns columns_for(std::uint8_t choice) {
  omnisim::TransactionColumns columns;
  switch (choice % 3) {
    case 0:
      columns.where.emplace_back("type", "purchase");
      break;
    case 1:
      columns.header = false;
      columns.customer.assign(1, "1");
      // Moved in, not assigned from a literal: gcc 12 -O3 warns (-Wrestrict)
      // about its own inlined std::string::assign (PR 105329).
      columns.date = std::string("3");
      columns.amount = std::string("5");
      columns.date_format = omnisim::DateFormat::kYyyymmdd;
      break;
    default:
      columns.customer.assign({std::string("strategy"), "replication", "customer_id"});
      columns.date = std::string("date");
      columns.date_format = omnisim::DateFormat::kIso;
      break;
  }
  return columns;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const omnisim::fuzz::ScratchDirectory scratch;
  const auto path = scratch.write(
      "transactions.csv", std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  omnisim::fuzz::check_read(path.string(), [&] {
    omnisim::SummaryOptions options;
    options.calibration_end_day = 1e5;  // every day of the omnisim and ISO inputs
    options.holdout_end_day = 1e5;
    options.max_customers = 100000;
    omnisim::summarize_transactions_file(path, columns_for(data[0]), options);
  });
  return 0;
}
