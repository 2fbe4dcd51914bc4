#include "analysis/clv/rfm.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

// Days beyond a million years either way are no date.
constexpr double kDayLimit = 4e8;

}  // namespace

TransactionSummarizer::TransactionSummarizer(const SummaryOptions& options) : options_(options) {}

void TransactionSummarizer::apply(State& s, bool first_row, std::int32_t day, double amount,
                                  double sign) {
  const auto calibration_end = options_.calibration_end_day;
  if (first_row) {
    s.first_day = s.last_day = day;
    return;
  }
  const bool cohort = static_cast<double>(s.first_day) <= calibration_end;
  const bool new_day = day > s.last_day;
  const auto at = static_cast<double>(day);
  if (new_day) s.last_day = day;
  if (day == s.first_day) return;  // the first purchase is not a repeat purchase
  if (at <= calibration_end) {
    if (new_day) {
      s.x += 1;
      s.last_repeat_day = day;
      if (cohort) repeat_by_day_[day] += sign;
    }
    s.repeat_spend += amount;
  } else if (at <= options_.holdout_end_day) {
    if (new_day) {
      s.holdout_x += 1;
      if (cohort) repeat_by_day_[day] += sign;
    }
    s.holdout_spend += amount;
    // Valued as predicted_clv values it: at the end of its time unit, the
    // last (partial) one ending with the holdout.
    const double units =
        std::min(std::ceil((at - calibration_end) / options_.days_per_unit),
                 (options_.holdout_end_day - calibration_end) / options_.days_per_unit);
    s.holdout_discounted_spend +=
        amount * std::exp(-options_.discount_per_day * options_.days_per_unit * units);
  }
}

void TransactionSummarizer::add(std::string_view customer, double day, double amount) {
  if (!(std::abs(day) < kDayLimit)) {
    throw InputError("day " + std::to_string(day) + " is out of range (expected |day| < 4e8)");
  }
  const auto whole_day = static_cast<std::int32_t>(std::floor(day));
  if (second_pass_) {
    const auto found = index_.find(customer);
    if (found != index_.end() && unordered_.count(found->second)) {
      rows_[found->second].emplace_back(whole_day, amount);
    }
    return;
  }
  ++transactions_;
  bool inserted = false;
  const std::uint32_t c = index_of(customer, inserted);
  State& state = states_[c];
  ++state.rows;
  if (!unordered_.empty() && unordered_.count(c)) return;
  if (!inserted && whole_day < state.last_day) {
    unordered_.emplace(c, state.rows - 1);
    return;
  }
  apply(state, inserted, whole_day, amount, 1.0);
}

std::string_view TransactionSummarizer::stored(std::string_view id) {
  constexpr std::size_t kBlock = std::size_t{1} << 20;
  if (arena_.empty() || arena_used_ + id.size() > arena_size_) {
    arena_size_ = std::max(kBlock, id.size());
    arena_.push_back(std::make_unique<char[]>(arena_size_));
    arena_used_ = 0;
  }
  char* at = arena_.back().get() + arena_used_;
  std::copy(id.begin(), id.end(), at);
  arena_used_ += id.size();
  return {at, id.size()};
}

std::uint32_t TransactionSummarizer::index_of(std::string_view customer, bool& inserted) {
  if (has_last_ && customer == names_[last_index_]) return last_index_;
  const auto found = index_.find(customer);
  inserted = found == index_.end();
  if (!inserted) {
    last_index_ = found->second;
  } else {
    if (options_.max_customers != 0 && states_.size() >= options_.max_customers) {
      throw InputError("more than " + std::to_string(options_.max_customers) +
                       " customers, more than this machine's memory holds");
    }
    last_index_ = static_cast<std::uint32_t>(states_.size());
    names_.push_back(stored(customer));
    index_.emplace(names_.back(), last_index_);
    states_.emplace_back();
  }
  has_last_ = true;
  return last_index_;
}

TransactionSummary TransactionSummarizer::finish() {
  for (const auto& [c, prefix] : unordered_) {
    auto& rows = rows_[c];
    // Take back what the rows in order before the first out-of-order one
    // counted, then summarise every row in date order.
    State before;
    for (std::size_t i = 0; i < prefix && i < rows.size(); ++i)
      apply(before, i == 0, rows[i].first, rows[i].second, -1.0);
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    State& state = states_[c];
    state = State{};
    for (std::size_t i = 0; i < rows.size(); ++i)
      apply(state, i == 0, rows[i].first, rows[i].second, 1.0);
  }
  // The index is no longer needed: freed before the summaries are made,
  // and each state as it is read (the deque's blocks go as it empties).
  std::unordered_map<std::string_view, std::uint32_t>().swap(index_);
  TransactionSummary summary;
  summary.transactions = transactions_;
  summary.first_day = std::numeric_limits<std::int64_t>::max();
  std::size_t cohort = 0;
  for (const State& s : states_)
    cohort += static_cast<double>(s.first_day) <= options_.calibration_end_day ? 1 : 0;
  summary.customers.reserve(cohort);
  for (std::size_t c = 0; !states_.empty(); ++c) {
    const State s = states_.front();
    states_.pop_front();
    const auto first = static_cast<double>(s.first_day);
    if (first > options_.calibration_end_day) continue;
    summary.first_day = std::min<std::int64_t>(summary.first_day, s.first_day);
    CustomerSummary out;
    out.customer = std::string(names_[c]);
    out.T = (options_.calibration_end_day - first) / options_.days_per_unit;
    out.x = s.x;
    out.t_x = s.x > 0 ? (s.last_repeat_day - first) / options_.days_per_unit : 0.0;
    out.mean_repeat_spend = s.x > 0 ? s.repeat_spend / s.x : 0.0;
    out.holdout_x = s.holdout_x;
    out.holdout_spend = s.holdout_spend;
    out.holdout_discounted_spend = s.holdout_discounted_spend;
    summary.customers.push_back(std::move(out));
  }
  if (summary.customers.empty()) summary.first_day = 0;
  for (const auto& [day, count] : repeat_by_day_)
    if (count != 0.0) summary.repeat_purchases_by_day.emplace(day, count);
  return summary;
}

TransactionSummary summarize_transactions(const std::vector<Transaction>& transactions,
                                          const SummaryOptions& options) {
  TransactionSummarizer summarizer(options);
  for (const auto& t : transactions)
    summarizer.add(t.customer, t.day, t.amount);
  if (summarizer.needs_second_pass()) {
    summarizer.begin_second_pass();
    for (const auto& t : transactions)
      summarizer.add(t.customer, t.day, t.amount);
  }
  return summarizer.finish();
}

}  // namespace omnisim
