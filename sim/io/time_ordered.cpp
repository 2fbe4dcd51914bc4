#include "sim/io/time_ordered.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <limits>

#include "sim/core/error.hpp"
#include "sim/core/parallel_for.hpp"

namespace omnisim {

namespace {

bool earlier(const Event& a, const Event& b) {
  return a.day < b.day;
}

// std::stable_sort by day, faster: a stable scatter into buckets of equal
// width in day (the bucket is monotone in the day, so the buckets are in
// order), then a stable sort of each bucket -- a handful of events, in cache,
// by insertion -- the buckets in parallel in the caller's task arena.
void stable_sort_by_day(std::vector<Event>& events, std::vector<Event>& scratch) {
  if (events.size() < 2) return;
  const auto [lowest, highest] = std::minmax_element(events.begin(), events.end(), earlier);
  const double low_day = lowest->day, span_days = highest->day - low_day;
  if (!(span_days > 0.0)) return;  // one day: already in order
  constexpr std::size_t kEventsPerBucket = 8, kMaxBuckets = std::size_t{1} << 17;
  constexpr std::ptrdiff_t kInsertionSortMax = 32;
  const std::size_t n_buckets =
      std::clamp<std::size_t>(events.size() / kEventsPerBucket, 1, kMaxBuckets);
  const double buckets_per_day = static_cast<double>(n_buckets) / span_days;
  const auto bucket_of = [&](const Event& event) {
    return std::min(n_buckets - 1,
                    static_cast<std::size_t>((event.day - low_day) * buckets_per_day));
  };
  std::vector<std::size_t> starts(n_buckets + 1, 0);
  for (const Event& event : events)
    ++starts[bucket_of(event) + 1];
  for (std::size_t b = 0; b < n_buckets; ++b)
    starts[b + 1] += starts[b];
  std::vector<std::size_t> next(starts.begin(), starts.end() - 1);
  if (scratch.size() < events.size()) scratch.resize(events.size());
  for (const Event& event : events)
    scratch[next[bucket_of(event)]++] = event;
  const auto sort_bucket = [&](std::size_t b) {
    const auto first = scratch.begin() + static_cast<std::ptrdiff_t>(starts[b]);
    const auto last = scratch.begin() + static_cast<std::ptrdiff_t>(starts[b + 1]);
    if (last - first > kInsertionSortMax) {
      std::stable_sort(first, last, earlier);
      return;
    }
    for (auto i = first + 1; i < last; ++i) {  // stable: moves only past later days
      const Event event = *i;
      auto j = i;
      for (; j != first && earlier(event, *(j - 1)); --j)
        *j = *(j - 1);
      *j = event;
    }
  };
  parallel_for_indices(n_buckets, 1024, sort_bucket);
  scratch.resize(events.size());
  events.swap(scratch);
}

}  // namespace

TimeOrdered::TimeOrdered(EventSink& next, const TimeModel& time, std::size_t max_held_events)
    : next_(next), time_(time), max_held_(std::max<std::size_t>(max_held_events, 1)) {}

TimeOrdered::~TimeOrdered() {
  if (spill_ != nullptr) std::fclose(spill_);
}

double TimeOrdered::period_end_day() const {
  if (period_ + 1 >= time_.n_periods) return std::numeric_limits<double>::infinity();
  return std::min(time_.horizon_days, (period_ + 1) * time_.period_days);
}

void TimeOrdered::write(int strategy, int replication, std::span<const Event> events) {
  strategy_ = strategy;
  replication_ = replication;
  const double end_day = period_end_day();
  std::size_t first = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].day < end_day) continue;
    hold(events.subspan(first, i - first));
    later_.push_back(events[i]);
    first = i + 1;
  }
  hold(events.subspan(first));
}

void TimeOrdered::hold(std::span<const Event> events) {
  for (std::size_t first = 0; first < events.size();) {
    const std::size_t room = max_held_ - held_.size();
    const std::size_t take = std::min(room, events.size() - first);
    held_.insert(held_.end(), events.begin() + static_cast<std::ptrdiff_t>(first),
                 events.begin() + static_cast<std::ptrdiff_t>(first + take));
    first += take;
    if (held_.size() == max_held_) spill();
  }
}

void TimeOrdered::spill() {
  if (held_.empty()) return;
  stable_sort_by_day(held_, scratch_);
  if (spill_ == nullptr) {
    spill_ = std::tmpfile();
    if (spill_ == nullptr) throw IoError("cannot create a temporary file to sort the events");
  }
  const long offset =
      runs_.empty() ? 0 : runs_.back().offset + static_cast<long>(runs_.back().count);
  if (std::fseek(spill_, offset * static_cast<long>(sizeof(Event)), SEEK_SET) != 0 ||
      std::fwrite(held_.data(), sizeof(Event), held_.size(), spill_) != held_.size()) {
    throw IoError("cannot write the temporary file that sorts the events (disk full?)");
  }
  runs_.push_back({offset, held_.size()});
  ++spilled_runs_total_;
  held_.clear();
}

void TimeOrdered::end_period() {
  // The events that waited for this period, in the order they came.
  const double end_day = period_end_day();
  const auto waiting = std::stable_partition(
      later_.begin(), later_.end(), [&](const Event& event) { return event.day < end_day; });
  const std::vector<Event> due(later_.begin(), waiting);
  later_.erase(later_.begin(), waiting);
  hold(due);
  period_ = period_ + 1 >= time_.n_periods ? 0 : period_ + 1;
  if (runs_.empty()) {
    stable_sort_by_day(held_, scratch_);
    next_.write(strategy_, replication_, held_);
    held_.clear();
  } else {
    spill();
    merge_spilled();
  }
  next_.end_period();
}

void TimeOrdered::merge_spilled() {
  // A k-way merge of the runs, each read through a buffer; ties go to the
  // earlier run, which holds earlier customers: a stable sort of the period.
  constexpr std::size_t kBuffer = 4096, kOut = 65536;
  struct Reader {
    std::vector<Event> buffer;
    std::size_t next = 0, read = 0;  // position in buffer; events read from the run
  };
  std::vector<Reader> readers(runs_.size());
  auto refill = [&](std::size_t r) {
    Reader& reader = readers[r];
    const std::size_t n = std::min(kBuffer, runs_[r].count - reader.read);
    reader.buffer.resize(n);
    reader.next = 0;
    if (n == 0) return;
    const long at =
        (runs_[r].offset + static_cast<long>(reader.read)) * static_cast<long>(sizeof(Event));
    if (std::fseek(spill_, at, SEEK_SET) != 0 ||
        std::fread(reader.buffer.data(), sizeof(Event), n, spill_) != n) {
      throw IoError("cannot read back the temporary file that sorts the events");
    }
    reader.read += n;
  };
  using Head = std::pair<double, std::size_t>;  // (day, run)
  std::vector<Head> heap;
  for (std::size_t r = 0; r < runs_.size(); ++r) {
    refill(r);
    if (!readers[r].buffer.empty()) heap.push_back({readers[r].buffer[0].day, r});
  }
  const auto later = [](const Head& a, const Head& b) { return b < a; };
  std::make_heap(heap.begin(), heap.end(), later);
  std::vector<Event> out;
  out.reserve(kOut);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const std::size_t r = heap.back().second;
    heap.pop_back();
    Reader& reader = readers[r];
    out.push_back(reader.buffer[reader.next++]);
    if (reader.next == reader.buffer.size()) refill(r);
    if (reader.next < reader.buffer.size()) {
      heap.push_back({reader.buffer[reader.next].day, r});
      std::push_heap(heap.begin(), heap.end(), later);
    }
    if (out.size() == kOut) {
      next_.write(strategy_, replication_, out);
      out.clear();
    }
  }
  if (!out.empty()) next_.write(strategy_, replication_, out);
  runs_.clear();
}

}  // namespace omnisim
