#include "sim/io/event_writer.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>

#include <zlib.h>

#include "sim/core/calendar.hpp"
#include "sim/core/error.hpp"
#include "sim/core/parallel_for.hpp"
#include "sim/io/text_append.hpp"

namespace omnisim {
namespace {

constexpr std::array kColumns{
    EventColumn{"event_id", "string",
                "replication-customer_id-sequence: unique, the same at any thread count"},
    EventColumn{"replication", "integer", "0-based replication"},
    EventColumn{"strategy", "string", "strategy name"},
    EventColumn{"customer_id", "integer",
                "customer (paid: 0 .. customers-1; referred: derived from the referrer, top bit "
                "set)"},
    EventColumn{"sequence", "integer", "the customer's n-th event, from 0, in time order"},
    EventColumn{"journey_id", "integer",
                "the journey (purchase occasion) the event belongs to: the sequence of its need "
                "event; empty/null outside a journey. A purchase's order id is (customer_id, "
                "journey_id)"},
    EventColumn{"segment", "string", "customer segment"},
    EventColumn{"type", "string",
                "acquisition, need, touchpoint, context_loss, purchase, fulfilment, pickup, "
                "addon, service_contact, return, marketing_contact, unsubscribe, referral, "
                "app_adoption, dropout"},
    EventColumn{"stage", "string",
                "awareness, consideration, decision, service, loyalty; empty/null for a context "
                "loss"},
    EventColumn{"channel", "string", "channel name; empty/null when none"},
    EventColumn{"day", "number", "simulated day (0 = simulation.start_date, 00:00 UTC)"},
    EventColumn{"timestamp", "string", "ISO 8601 UTC, milliseconds: start_date + day"},
    EventColumn{"amount_eur", "number",
                "revenue: the order value (purchase, addon), minus the refund (return); else 0"},
    EventColumn{"cost_eur", "number",
                "what the event costs the firm (visit, service, fulfilment, return handling, "
                "marketing contact, CAC); else 0"},
    EventColumn{"detail", "integer",
                "1 if: acquisition by referral; need triggered by marketing; fulfilment by click "
                "& collect; service contact resolved the issue; marketing contact triggered a "
                "need; else 0"},
};

// The on-disk layout of an /events row: 48 bytes without padding, the
// same in memory and on disk, so HDF5 copies rows without converting them.
struct StoredEvent {
  std::uint64_t customer_id;
  double day, amount_eur, cost_eur;
  std::uint32_t sequence, journey_id;  // 0xFFFFFFFF: none
  std::uint16_t replication;
  std::uint8_t strategy, type, stage, channel, segment, detail;  // channel 255: none
};
static_assert(sizeof(StoredEvent) == 48, "no padding: rows go to disk as they are");

// 786 kB of rows per chunk; chunks are stored a round at a time (12.6 MB).
constexpr std::size_t kRowsPerChunk = 16384;
constexpr std::size_t kChunkBytes = kRowsPerChunk * sizeof(StoredEvent);
constexpr std::size_t kChunksPerRound = 16;

const std::vector<h5::Field>& stored_event_fields() {
  static const std::vector<h5::Field> fields{
      {"customer_id", offsetof(StoredEvent, customer_id), H5T_NATIVE_UINT64},
      {"day", offsetof(StoredEvent, day), H5T_NATIVE_DOUBLE},
      {"amount_eur", offsetof(StoredEvent, amount_eur), H5T_NATIVE_DOUBLE},
      {"cost_eur", offsetof(StoredEvent, cost_eur), H5T_NATIVE_DOUBLE},
      {"sequence", offsetof(StoredEvent, sequence), H5T_NATIVE_UINT32},
      {"journey_id", offsetof(StoredEvent, journey_id), H5T_NATIVE_UINT32},
      {"replication", offsetof(StoredEvent, replication), H5T_NATIVE_UINT16},
      {"strategy", offsetof(StoredEvent, strategy), H5T_NATIVE_UINT8},
      {"type", offsetof(StoredEvent, type), H5T_NATIVE_UINT8},
      {"stage", offsetof(StoredEvent, stage), H5T_NATIVE_UINT8},
      {"channel", offsetof(StoredEvent, channel), H5T_NATIVE_UINT8},
      {"segment", offsetof(StoredEvent, segment), H5T_NATIVE_UINT8},
      {"detail", offsetof(StoredEvent, detail), H5T_NATIVE_UINT8},
  };
  return fields;
}

// replication-customer_id-sequence
char* put_event_id(char* out, int replication, const Event& event) {
  out = put_integer(out, static_cast<std::uint64_t>(replication));
  *out++ = '-';
  out = put_integer(out, event.customer_id);
  *out++ = '-';
  return put_integer(out, event.sequence);
}

// Names are scenario keys (letters, digits, '_'), safe in CSV and JSON as they are.
char* put_quoted(char* out, std::string_view text) {
  *out++ = '"';
  out = put_text(out, text);
  *out++ = '"';
  return out;
}

// A JSON string, or null when empty.
char* put_quoted_or_null(char* out, std::string_view text) {
  return text.empty() ? put_text(out, "null") : put_quoted(out, text);
}

std::size_t longest_name(const auto& named) {
  std::size_t longest = 0;
  for (const auto& item : named)
    longest = std::max(longest, item.name.size());
  return longest;
}

// Text formatted per task: enough to amortise a task, small enough for a
// round of tasks to stay in memory (kTasksPerRound x kTaskTextBytes).
constexpr std::size_t kTaskTextBytes = std::size_t{1} << 19;
constexpr std::size_t kTasksPerRound = 64;

}  // namespace

std::span<const EventColumn> event_columns() {
  return kColumns;
}

EventTextWriter::EventTextWriter(std::ostream& out, const Model& model, EventTextFormat format)
    : out_(out),
      model_(model),
      format_(format),
      // A JSON row (the longer format) with every number at its longest
      // is 432 bytes and the names.
      max_row_bytes_(512 + longest_name(model.strategies) + longest_name(model.segments) +
                     longest_name(model.channels)) {
  if (format_ == EventTextFormat::kCsv) {
    std::string header;
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
      if (i > 0) header += ',';
      header += kColumns[i].name;
    }
    header += '\n';
    write_out(header);
  }
}

char* EventTextWriter::put_row(char* out, std::string_view strategy, int replication,
                               const Event& event) const {
  const std::string_view channel =
      event.channel == kNoEventChannel ? std::string_view() : model_.channels[event.channel].name;
  const std::string_view stage = event_stage_name(event.stage);
  const std::string_view segment = model_.segments[event.segment].name;
  const std::string_view type = event_type_name(event.type);
  const std::int64_t start = model_.simulation.start_epoch_day;
  const auto replication_number = static_cast<std::uint64_t>(replication);
  if (format_ == EventTextFormat::kCsv) {
    out = put_event_id(out, replication, event);
    *out++ = ',';
    out = put_integer(out, replication_number);
    *out++ = ',';
    out = put_text(out, strategy);
    *out++ = ',';
    out = put_integer(out, event.customer_id);
    *out++ = ',';
    out = put_integer(out, event.sequence);
    *out++ = ',';
    if (event.journey != kNoJourney) out = put_integer(out, event.journey);
    *out++ = ',';
    out = put_text(out, segment);
    *out++ = ',';
    out = put_text(out, type);
    *out++ = ',';
    out = put_text(out, stage);
    *out++ = ',';
    out = put_text(out, channel);
    *out++ = ',';
    out = put_number(out, event.day);
    *out++ = ',';
    out = write_timestamp(out, start, event.day);
    *out++ = ',';
    out = put_number(out, event.amount_eur);
    *out++ = ',';
    out = put_number(out, event.cost_eur);
    *out++ = ',';
    out = put_integer(out, event.detail);
    *out++ = '\n';
    return out;
  }
  out = put_text(out, "{\"event_id\":\"");
  out = put_event_id(out, replication, event);
  out = put_text(out, "\",\"replication\":");
  out = put_integer(out, replication_number);
  out = put_text(out, ",\"strategy\":");
  out = put_quoted(out, strategy);
  out = put_text(out, ",\"customer_id\":");
  out = put_integer(out, event.customer_id);
  out = put_text(out, ",\"sequence\":");
  out = put_integer(out, event.sequence);
  out = put_text(out, ",\"journey_id\":");
  out = event.journey != kNoJourney ? put_integer(out, event.journey) : put_text(out, "null");
  out = put_text(out, ",\"segment\":");
  out = put_quoted(out, segment);
  out = put_text(out, ",\"type\":");
  out = put_quoted(out, type);
  out = put_text(out, ",\"stage\":");
  out = put_quoted_or_null(out, stage);
  out = put_text(out, ",\"channel\":");
  out = put_quoted_or_null(out, channel);
  out = put_text(out, ",\"day\":");
  out = put_number(out, event.day);
  out = put_text(out, ",\"timestamp\":\"");
  out = write_timestamp(out, start, event.day);
  out = put_text(out, "\",\"amount_eur\":");
  out = put_number(out, event.amount_eur);
  out = put_text(out, ",\"cost_eur\":");
  out = put_number(out, event.cost_eur);
  out = put_text(out, ",\"detail\":");
  out = put_integer(out, event.detail);
  return put_text(out, "}\n");
}

void EventTextWriter::write(int strategy, int replication, std::span<const Event> events) {
  const std::string_view strategy_name = model_.strategies[static_cast<std::size_t>(strategy)].name;
  // Rounds of tasks, each formatting a slice of the events into its own
  // text (in parallel, in the caller's task arena); the texts then go out
  // in slice order, so the bytes do not depend on the threads.
  const std::size_t per_task = std::max<std::size_t>(1, kTaskTextBytes / max_row_bytes_);
  for (std::size_t first = 0; first < events.size(); first += per_task * kTasksPerRound) {
    const std::span<const Event> round =
        events.subspan(first, std::min(per_task * kTasksPerRound, events.size() - first));
    const std::size_t n_tasks = (round.size() + per_task - 1) / per_task;
    if (task_texts_.size() < n_tasks) task_texts_.resize(n_tasks);
    parallel_for_indices(n_tasks, 1, [&](std::size_t task) {
      const std::span<const Event> slice =
          round.subspan(task * per_task, std::min(per_task, round.size() - task * per_task));
      TaskText& text = task_texts_[task];
      if (text.bytes.size() < slice.size() * max_row_bytes_)
        text.bytes.resize(slice.size() * max_row_bytes_);
      char* out = text.bytes.data();
      for (const Event& event : slice)
        out = put_row(out, strategy_name, replication, event);
      text.used = static_cast<std::size_t>(out - text.bytes.data());
    });
    for (std::size_t task = 0; task < n_tasks; ++task)
      write_out({task_texts_[task].bytes.data(), task_texts_[task].used});
  }
}

void EventTextWriter::write_out(std::string_view text) {
  out_.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out_) throw IoError("cannot write the events: the output failed (disk full, or closed)");
}

void EventTextWriter::flush() {
  out_.flush();
  if (!out_) throw IoError("cannot write the events: the output failed (disk full, or closed)");
}

EventHdf5File::EventHdf5File(const std::filesystem::path& target, bool force, const Model& model,
                             const OutputMetadata& metadata, int deflate_level)
    : atomic_(target, force),
      deflate_level_(deflate_level),
      pending_(std::make_unique_for_overwrite<unsigned char[]>(kChunksPerRound * kChunkBytes)) {
  file_.emplace(h5::File::create(atomic_.temporary_path()));
  h5::Group& root = file_->root();
  write_provenance(root, model, kEventsFileType, kEventsSchemaVersion, metadata);
  events_.emplace(root, "events", sizeof(StoredEvent), stored_event_fields(), deflate_level,
                  kRowsPerChunk);
  std::vector<std::string> names;
  for (const auto& strategy : model.strategies)
    names.push_back(strategy.name);
  events_->set_attribute("strategy_names", names);
  names.clear();
  for (const auto& segment : model.segments)
    names.push_back(segment.name);
  events_->set_attribute("segment_names", names);
  names.clear();
  for (const auto& channel : model.channels)
    names.push_back(channel.name);
  events_->set_attribute("channel_names", names);
  names.clear();
  for (int t = 0; t < static_cast<int>(EventType::kCount); ++t)
    names.emplace_back(event_type_name(static_cast<EventType>(t)));
  events_->set_attribute("type_names", names);
  names.clear();
  for (int s = 0; s < static_cast<int>(EventStage::kCount); ++s)
    names.emplace_back(event_stage_name(static_cast<EventStage>(s)));
  events_->set_attribute("stage_names", names);
  events_->set_attribute(
      "start_date", std::vector<std::string>{timestamp(model.simulation.start_epoch_day, 0.0)});
}

void EventHdf5File::write(int strategy, int replication, std::span<const Event> events) {
  while (!events.empty()) {
    const std::size_t take =
        std::min(events.size(), kChunksPerRound * kRowsPerChunk - pending_rows_);
    put_rows(strategy, replication, events.first(take));
    events = events.subspan(take);
    if (pending_rows_ == kChunksPerRound * kRowsPerChunk) store_chunks();
  }
}

void EventHdf5File::put_rows(int strategy, int replication, std::span<const Event> events) {
  unsigned char* const first = pending_.get() + pending_rows_ * sizeof(StoredEvent);
  parallel_for_indices(events.size(), 8192, [&](std::size_t i) {
    const Event& event = events[i];
    const StoredEvent row{event.customer_id,
                          event.day,
                          event.amount_eur,
                          event.cost_eur,
                          event.sequence,
                          event.journey,
                          static_cast<std::uint16_t>(replication),
                          static_cast<std::uint8_t>(strategy),
                          static_cast<std::uint8_t>(event.type),
                          static_cast<std::uint8_t>(event.stage),
                          event.channel,
                          event.segment,
                          event.detail};
    std::memcpy(first + i * sizeof(StoredEvent), &row, sizeof row);
  });
  pending_rows_ += events.size();
}

void EventHdf5File::store_chunks() {
  const std::size_t n_rows = pending_rows_;
  const std::size_t n_chunks = (n_rows + kRowsPerChunk - 1) / kRowsPerChunk;
  if (n_chunks == 0) return;
  const std::size_t data_bytes = n_rows * sizeof(StoredEvent);
  std::memset(pending_.get() + data_bytes, 0,
              n_chunks * kChunkBytes - data_bytes);  // pads the last
  const auto chunk = [&](std::size_t c) {
    return std::span<const unsigned char>(pending_.get() + c * kChunkBytes, kChunkBytes);
  };
  if (deflated_.size() < n_chunks) deflated_.resize(n_chunks);
  if (deflate_level_ > 0) {
    parallel_for_indices(n_chunks, 1, [&](std::size_t c) {
      std::vector<unsigned char>& out = deflated_[c];
      uLongf size = compressBound(kChunkBytes);
      out.resize(size);
      if (compress2(out.data(), &size, chunk(c).data(), kChunkBytes, deflate_level_) != Z_OK) {
        size = kChunkBytes;  // stored raw below, as HDF5 does when deflate fails
      }
      out.resize(size);
    });
  }
  for (std::size_t c = 0; c < n_chunks; ++c) {
    const std::size_t rows = std::min(kRowsPerChunk, n_rows - c * kRowsPerChunk);
    const bool deflated = deflate_level_ > 0 && deflated_[c].size() < kChunkBytes;
    events_->append_stored_chunk(deflated ? std::span<const unsigned char>(deflated_[c]) : chunk(c),
                                 deflated, rows);
  }
  pending_rows_ = 0;
}

void EventHdf5File::commit() {
  store_chunks();
  events_.reset();
  file_->close();
  atomic_.commit();
}

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

TimeOrdered::TimeOrdered(EventSink& next, std::size_t max_held_events)
    : next_(next), max_held_(std::max<std::size_t>(max_held_events, 1)) {}

TimeOrdered::~TimeOrdered() {
  if (spill_ != nullptr) std::fclose(spill_);
}

void TimeOrdered::write(int strategy, int replication, std::span<const Event> events) {
  strategy_ = strategy;
  replication_ = replication;
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
