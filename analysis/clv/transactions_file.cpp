#include "analysis/clv/transactions_file.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

// Lines of a text file, at most kMaxLineBytes each (a file without line
// breaks, such as /dev/zero, is refused rather than read into memory),
// without the line break, a trailing CR or, on line 1, a UTF-8 byte-order mark.
class LineReader {
 public:
  static constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

  LineReader(const std::filesystem::path& path, const char* what)
      : path_(path), file_(std::fopen(path.c_str(), "rb")), buffer_(std::size_t{1} << 16) {
    if (file_ == nullptr) throw InputError(path.string() + ": cannot open the " + what);
  }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;
  ~LineReader() { std::fclose(file_); }

  bool next(std::string_view& line) {
    for (;;) {
      const char* begin = buffer_.data() + start_;
      const std::size_t available = end_ - start_;
      if (const void* newline = std::memchr(begin, '\n', available)) {
        const auto size = static_cast<std::size_t>(static_cast<const char*>(newline) - begin);
        start_ += size + 1;
        return finish(line = std::string_view(begin, size));
      }
      if (available > kMaxLineBytes) {
        throw InputError(path_.string() + ":" + std::to_string(number_ + 1) +
                         ": a line longer than 1 MiB (not a text file of transactions?)");
      }
      if (at_end_) {
        if (available == 0) return false;
        start_ = end_;
        return finish(line = std::string_view(begin, available));
      }
      std::memmove(buffer_.data(), begin, available);
      start_ = 0;
      end_ = available;
      // A line as long as the buffer: twice the room, up to two longest lines.
      if (end_ == buffer_.size()) buffer_.resize(std::min(2 * buffer_.size(), 2 * kMaxLineBytes));
      const std::size_t read = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
      if (std::ferror(file_)) throw IoError(path_.string() + ": cannot read");
      end_ += read;
      at_end_ = read == 0;
    }
  }
  std::size_t number() const { return number_; }

 private:
  bool finish(std::string_view& line) {
    ++number_;
    if (number_ == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return true;
  }

  std::filesystem::path path_;
  std::FILE* file_;
  std::vector<char> buffer_;
  std::size_t start_ = 0, end_ = 0, number_ = 0;
  bool at_end_ = false;
};

// The fields of a line into `fields` (whose strings are reused): split at
// commas (CSV, quotes honoured) or at runs of whitespace.
void split_fields(std::string_view line, bool csv, std::vector<std::string>& fields) {
  std::size_t n = 0;
  const auto next_field = [&]() -> std::string& {
    if (n == fields.size()) fields.emplace_back();
    std::string& field = fields[n++];
    field.clear();
    return field;
  };
  if (!csv) {
    std::size_t at = 0;
    while (at < line.size()) {
      at = line.find_first_not_of(" \t\r", at);
      if (at == std::string_view::npos) break;
      const std::size_t end = std::min(line.find_first_of(" \t\r", at), line.size());
      next_field().assign(line.substr(at, end - at));
      at = end;
    }
    fields.resize(n);
    return;
  }
  std::string* field = &next_field();
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        *field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        *field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      field = &next_field();
    } else if (c != '\r') {
      *field += c;
    }
  }
  fields.resize(n);
}

std::vector<std::string> fields_of(std::string_view line, bool csv) {
  std::vector<std::string> fields;
  split_fields(line, csv, fields);
  return fields;
}

std::optional<double> number_of(const std::string& text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

double days_from_civil(int year, unsigned month, unsigned day_of_month) {
  using namespace std::chrono;
  const year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                            std::chrono::day{day_of_month}};
  if (!date.ok()) throw InputError("not a calendar date");
  return static_cast<double>(sys_days(date).time_since_epoch().count());
}

}  // namespace

DateFormat date_format_named(const std::string& name) {
  if (name == "days") return DateFormat::kDays;
  if (name == "yyyymmdd") return DateFormat::kYyyymmdd;
  if (name == "iso") return DateFormat::kIso;
  throw InputError("--date-format: expected days, yyyymmdd or iso, got \"" + name + "\"");
}

// The number that `size` characters of `text` from `at` spell in decimal
// digits, and nothing else: "-1" and "1e3" are numbers, not a month or a year.
std::optional<long> digits(const std::string& text, std::size_t at, std::size_t size) {
  if (at + size > text.size()) return std::nullopt;
  long value = 0;
  for (std::size_t i = at; i < at + size; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = 10 * value + (text[i] - '0');
  }
  return value;
}

double parse_date(const std::string& text, DateFormat format) {
  const auto fail = [&](const char* expected) {
    return InputError("\"" + text + "\" is not " + expected);
  };
  switch (format) {
    case DateFormat::kDays:
      if (const auto value = number_of(text)) return *value;
      throw fail("a number of days");
    case DateFormat::kYyyymmdd: {
      // Eight digits, nothing else: "199e0101" is a number (1.99e103) too.
      const auto value = digits(text, 0, 8);
      if (!value || text.size() != 8) throw fail("a date YYYYMMDD");
      const long n = *value;
      try {
        return days_from_civil(static_cast<int>(n / 10000), static_cast<unsigned>(n / 100 % 100),
                               static_cast<unsigned>(n % 100));
      } catch (const InputError&) {
        throw fail("a date YYYYMMDD");
      }
    }
    case DateFormat::kIso: {
      // YYYY-MM-DD, alone or followed by a time (T or a space).
      if (text.size() < 10 || text[4] != '-' || text[7] != '-' ||
          (text.size() > 10 && text[10] != 'T' && text[10] != ' '))
        throw fail("an ISO date YYYY-MM-DD");
      const auto y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
      if (!y || !m || !d) throw fail("an ISO date YYYY-MM-DD");
      try {
        return days_from_civil(static_cast<int>(*y), static_cast<unsigned>(*m),
                               static_cast<unsigned>(*d));
      } catch (const InputError&) {
        throw fail("an ISO date YYYY-MM-DD");
      }
    }
  }
  throw fail("a date");
}

std::vector<std::string> read_csv_header(const std::filesystem::path& path) {
  LineReader lines(path, "transactions file");
  std::string_view line;
  if (!lines.next(line)) throw InputError(path.string() + ": empty, expected a header line");
  return fields_of(line, true);
}

TransactionSummary summarize_transactions_file(const std::filesystem::path& path,
                                               const TransactionColumns& columns,
                                               const SummaryOptions& options) {
  const bool csv = columns.header;
  // Column positions: from the header's names, or the numbers given.
  std::vector<std::string> header;
  if (columns.header) header = read_csv_header(path);
  const auto position = [&](const std::string& name, const std::string& option) -> std::size_t {
    if (columns.header) {
      const auto found = std::find(header.begin(), header.end(), name);
      if (found == header.end()) {
        throw InputError(path.string() + ":1: " + option + ": no column \"" + name +
                         "\" in the header");
      }
      return static_cast<std::size_t>(found - header.begin());
    }
    const auto number = number_of(name);
    if (!number || *number < 1 || *number > 1000 || *number != std::floor(*number)) {
      throw InputError(option +
                       ": a file without a header names its columns by number from 1, "
                       "got \"" +
                       name + "\"");
    }
    return static_cast<std::size_t>(*number) - 1;
  };
  std::vector<std::size_t> customer;
  for (const auto& name : columns.customer)
    customer.push_back(position(name, "--customer"));
  const std::size_t date = position(columns.date, "--date");
  const std::size_t amount = position(columns.amount, "--amount");
  std::vector<std::pair<std::size_t, std::string>> where;
  for (const auto& [name, value] : columns.where)
    where.emplace_back(position(name, "--where"), value);
  std::size_t needed = std::max(date, amount);
  for (const std::size_t c : customer)
    needed = std::max(needed, c);
  for (const auto& [c, value] : where)
    needed = std::max(needed, c);

  TransactionSummarizer summarizer(options);
  std::size_t kept = 0;
  std::string id;
  const auto pass = [&] {
    LineReader lines(path, "transactions file");
    std::string_view line;
    std::vector<std::string> fields;
    if (columns.header) lines.next(line);
    while (lines.next(line)) {
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      split_fields(line, csv, fields);
      const std::string where_line = path.string() + ":" + std::to_string(lines.number()) + ": ";
      const auto fail = [&](const std::string& problem) {
        return InputError(where_line + problem);
      };
      if (fields.size() <= needed) {
        throw fail("expected at least " + std::to_string(needed + 1) + " columns, found " +
                   std::to_string(fields.size()));
      }
      if (!std::all_of(where.begin(), where.end(), [&](const auto& condition) {
            return fields[condition.first] == condition.second;
          })) {
        continue;
      }
      double day = 0.0;
      try {
        day = parse_date(fields[date], columns.date_format);
      } catch (const InputError& error) {
        // A whitespace file's first line may name its columns: a header.
        if (!csv && lines.number() == 1 && !number_of(fields[amount])) continue;
        throw fail("--date column: " + error.problems().front());
      }
      const auto value = number_of(fields[amount]);
      if (!value) throw fail("--amount column: \"" + fields[amount] + "\" is not a number");
      if (*value < 0.0) {
        throw fail("--amount column: " + fields[amount] +
                   " is negative (expected an amount of 0 or more; refunds are not purchases)");
      }
      id.clear();
      for (std::size_t i = 0; i < customer.size(); ++i)
        id.append(i ? "/" : "").append(fields[customer[i]]);
      try {
        summarizer.add(id, day, *value);
      } catch (const InputError& error) {
        throw fail(error.problems().front());
      }
      ++kept;
    }
  };
  pass();
  if (kept == 0) throw InputError(path.string() + ": no transaction (after the --where filters)");
  if (summarizer.needs_second_pass()) {
    summarizer.begin_second_pass();
    pass();
  }
  return summarizer.finish();
}

std::vector<OpportunityRow> read_opportunity_table(const std::filesystem::path& path) {
  LineReader lines(path, "opportunity table");
  std::string_view line;
  if (!lines.next(line)) throw InputError(path.string() + ": empty, expected a header line");
  const std::vector<std::string> header = fields_of(line, true);
  const auto column = [&](const std::string& name, bool required) -> std::optional<std::size_t> {
    const auto at = std::find(header.begin(), header.end(), name);
    if (at != header.end()) return static_cast<std::size_t>(at - header.begin());
    if (required) {
      throw InputError(path.string() + ":1: no column \"" + name +
                       "\" (expected frequency, recency, periods and optionally weights)");
    }
    return std::nullopt;
  };
  const std::size_t x = *column("frequency", true), t_x = *column("recency", true),
                    n = *column("periods", true);
  const std::optional<std::size_t> weights = column("weights", false);
  std::vector<OpportunityRow> rows;
  while (lines.next(line)) {
    if (line.empty()) continue;
    const std::vector<std::string> fields = fields_of(line, true);
    const std::string where = path.string() + ":" + std::to_string(lines.number()) + ": ";
    const auto number_at = [&](std::size_t index, const char* name) {
      if (index >= fields.size()) {
        throw InputError(where + "expected " + std::to_string(header.size()) + " fields");
      }
      const auto value = number_of(fields[index]);
      if (!value || *value < 0.0 || *value != std::floor(*value)) {
        throw InputError(where + name + ": \"" + fields[index] +
                         "\" is not a whole number of 0 or more");
      }
      return *value;
    };
    OpportunityRow row;
    row.x = number_at(x, "frequency");
    row.t_x = number_at(t_x, "recency");
    row.n = number_at(n, "periods");
    row.count = weights ? number_at(*weights, "weights") : 1.0;
    if (row.x > row.t_x || row.t_x > row.n || (row.x > 0.0) != (row.t_x > 0.0) || row.n > 10000.0) {
      throw InputError(where +
                       "expected 0 <= frequency <= recency <= periods <= 10000, recency 0 "
                       "exactly when frequency is 0");
    }
    rows.push_back(row);
  }
  if (rows.empty()) throw InputError(path.string() + ": no rows after the header");
  return rows;
}

}  // namespace omnisim
