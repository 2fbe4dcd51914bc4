#pragma once
// From a transaction log to the summary the buy-till-you-die models read,
// per customer: frequency x (repeat purchases, purchases on the same day
// merged into one), recency t_x (the last repeat purchase's time from the
// first purchase), T (the first purchase's time to the end of
// calibration) and the mean spend of the repeat purchases, in a chosen time
// unit (weeks for CDNOW), plus the purchases in a holdout period after it.
//
// The summary streams: memory grows with the customers, not with the
// transactions. A customer whose rows come in date order (as a log sorted
// by time or by customer and date) is summarised as its rows arrive; one
// whose rows do not is summarised again from its rows alone in a second
// pass (TransactionSummarizer::needs_second_pass).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace omnisim {

struct Transaction {
  std::string customer;
  double day = 0.0;  // days from any fixed origin; purchases with the same floor(day) merge
  double amount = 0.0;
};

struct CustomerSummary {
  std::string customer;
  double x = 0.0;                  // repeat purchases in calibration
  double t_x = 0.0;                // time of the last of them from the first purchase
  double T = 0.0;                  // time from the first purchase to the end of calibration
  double mean_repeat_spend = 0.0;  // of the repeat purchases (0 if x = 0)
  double holdout_x = 0.0;          // purchases after calibration, to the holdout's end
  double holdout_spend = 0.0;
  // The holdout purchases' spend, each discounted to the end of calibration
  // from the end of the time unit it falls in (SummaryOptions::discount_per_day).
  double holdout_discounted_spend = 0.0;
};

struct SummaryOptions {
  double calibration_end_day = 0.0;  // inclusive: a purchase on this day is in calibration
  double holdout_end_day = 0.0;      // inclusive; equal to calibration_end_day for no holdout
  double days_per_unit = 7.0;        // 7: weeks
  double discount_per_day = 0.0;     // continuous, for holdout_discounted_spend
  // InputError beyond this many distinct customers (0: no limit): what the
  // caller's memory holds.
  std::size_t max_customers = 0;
};

// The cohort's summaries, with what the tracking curve needs.
struct TransactionSummary {
  std::vector<CustomerSummary> customers;  // the cohort, in order of first appearance
  std::size_t transactions = 0;            // rows summarised
  // The cohort's repeat purchases (same-day merged) by day, to the holdout's
  // end: the actual cumulative tracking curve.
  std::map<std::int64_t, double> repeat_purchases_by_day;
  std::int64_t first_day = 0;  // of the cohort's earliest first purchase
};

class TransactionSummarizer {
 public:
  explicit TransactionSummarizer(const SummaryOptions& options);

  // One row (in the second pass, only the rows of the customers it needs).
  void add(std::string_view customer, double day, double amount);
  // True if some customer's rows were not in date order: add every row
  // again, after begin_second_pass(), then finish().
  bool needs_second_pass() const { return !unordered_.empty() && !second_pass_; }
  void begin_second_pass() { second_pass_ = true; }
  // Customers whose first purchase falls after the calibration are left
  // out (they are not in the cohort).
  TransactionSummary finish();

 private:
  // About 48 bytes a customer: days as 32-bit integers (a range of
  // +-4e8 days, checked), counts as 32-bit.
  struct State {
    std::int32_t first_day = 0, last_day = 0, last_repeat_day = 0;
    std::uint32_t x = 0, holdout_x = 0;
    std::uint32_t rows = 0;  // seen in pass 1, for a customer found out of order
    double repeat_spend = 0.0, holdout_spend = 0.0, holdout_discounted_spend = 0.0;
  };
  // A row of a customer whose rows are in order so far, into its state;
  // `sign` -1 takes a day back out of the tracking counts.
  void apply(State& state, bool first_row, std::int32_t day, double amount, double sign);

  std::uint32_t index_of(std::string_view customer, bool& inserted);

  // A copy of `id` in the arena, whose blocks never move.
  std::string_view stored(std::string_view id);

  SummaryOptions options_;
  // The ids' text, packed in blocks of 1 MiB (no string object and heap
  // block per customer), viewed by names_ and the index.
  std::vector<std::unique_ptr<char[]>> arena_;
  std::size_t arena_used_ = 0, arena_size_ = 0;
  std::deque<std::string_view> names_;
  std::unordered_map<std::string_view, std::uint32_t> index_;
  std::deque<State> states_;  // a deque: growing never copies it
  // The last row's customer: a log sorted by customer needs no lookup.
  std::uint32_t last_index_ = 0;
  bool has_last_ = false;
  // Customers out of order: the rows seen before the first out-of-order
  // one (to take back their tracking counts), then every row, in pass 2.
  std::unordered_map<std::uint32_t, std::size_t> unordered_;
  std::unordered_map<std::uint32_t, std::vector<std::pair<std::int32_t, double>>> rows_;
  std::map<std::int64_t, double> repeat_by_day_;
  std::size_t transactions_ = 0;
  bool second_pass_ = false;
};

// The summary of transactions already in memory.
TransactionSummary summarize_transactions(const std::vector<Transaction>& transactions,
                                          const SummaryOptions& options);

}  // namespace omnisim
