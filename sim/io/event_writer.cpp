#include "sim/io/event_writer.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

#include "sim/core/calendar.hpp"
#include "sim/core/error.hpp"
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
void append_event_id(std::string& out, int replication, const Event& event) {
  append_integer(out, static_cast<std::uint64_t>(replication));
  out += '-';
  append_integer(out, event.customer_id);
  out += '-';
  append_integer(out, event.sequence);
}

// Names are scenario keys (letters, digits, '_'), safe in CSV and JSON as they are.
void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  out += text;
  out += '"';
}

}  // namespace

std::span<const EventColumn> event_columns() {
  return kColumns;
}

EventTextWriter::EventTextWriter(std::ostream& out, const Model& model, EventTextFormat format)
    : out_(out), model_(model), format_(format) {
  buffer_.reserve(kTextFlushBytes + 4096);
  if (format_ == EventTextFormat::kCsv) {
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
      if (i > 0) buffer_ += ',';
      buffer_ += kColumns[i].name;
    }
    buffer_ += '\n';
  }
}

void EventTextWriter::write(int strategy, int replication, std::span<const Event> events) {
  const std::string& strategy_name = model_.strategies[static_cast<std::size_t>(strategy)].name;
  const std::int64_t start = model_.simulation.start_epoch_day;
  const bool csv = format_ == EventTextFormat::kCsv;
  for (const Event& event : events) {
    const std::string_view channel =
        event.channel == kNoEventChannel ? std::string_view() : model_.channels[event.channel].name;
    const std::string_view stage = event_stage_name(event.stage);
    const std::string& segment = model_.segments[event.segment].name;
    char timestamp[24];
    const std::string_view when(
        timestamp,
        static_cast<std::size_t>(write_timestamp(timestamp, start, event.day) - timestamp));
    if (csv) {
      append_event_id(buffer_, replication, event);
      buffer_ += ',';
      append_integer(buffer_, static_cast<std::uint64_t>(replication));
      buffer_ += ',';
      buffer_ += strategy_name;
      buffer_ += ',';
      append_integer(buffer_, event.customer_id);
      buffer_ += ',';
      append_integer(buffer_, event.sequence);
      buffer_ += ',';
      if (event.journey != kNoJourney) append_integer(buffer_, event.journey);
      buffer_ += ',';
      buffer_ += segment;
      buffer_ += ',';
      buffer_ += event_type_name(event.type);
      buffer_ += ',';
      buffer_ += stage;
      buffer_ += ',';
      buffer_ += channel;
      buffer_ += ',';
      append_number(buffer_, event.day);
      buffer_ += ',';
      buffer_ += when;
      buffer_ += ',';
      append_number(buffer_, event.amount_eur);
      buffer_ += ',';
      append_number(buffer_, event.cost_eur);
      buffer_ += ',';
      append_integer(buffer_, event.detail);
      buffer_ += '\n';
    } else {
      buffer_ += "{\"event_id\":\"";
      append_event_id(buffer_, replication, event);
      buffer_ += "\",\"replication\":";
      append_integer(buffer_, static_cast<std::uint64_t>(replication));
      buffer_ += ",\"strategy\":";
      append_quoted(buffer_, strategy_name);
      buffer_ += ",\"customer_id\":";
      append_integer(buffer_, event.customer_id);
      buffer_ += ",\"sequence\":";
      append_integer(buffer_, event.sequence);
      buffer_ += ",\"journey_id\":";
      if (event.journey != kNoJourney) {
        append_integer(buffer_, event.journey);
      } else {
        buffer_ += "null";
      }
      buffer_ += ",\"segment\":";
      append_quoted(buffer_, segment);
      buffer_ += ",\"type\":";
      append_quoted(buffer_, event_type_name(event.type));
      buffer_ += ",\"stage\":";
      if (stage.empty()) {
        buffer_ += "null";
      } else {
        append_quoted(buffer_, stage);
      }
      buffer_ += ",\"channel\":";
      if (channel.empty()) {
        buffer_ += "null";
      } else {
        append_quoted(buffer_, channel);
      }
      buffer_ += ",\"day\":";
      append_number(buffer_, event.day);
      buffer_ += ",\"timestamp\":";
      append_quoted(buffer_, when);
      buffer_ += ",\"amount_eur\":";
      append_number(buffer_, event.amount_eur);
      buffer_ += ",\"cost_eur\":";
      append_number(buffer_, event.cost_eur);
      buffer_ += ",\"detail\":";
      append_integer(buffer_, event.detail);
      buffer_ += "}\n";
    }
    if (buffer_.size() >= kTextFlushBytes) drain();
  }
}

void EventTextWriter::drain() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  if (!out_) throw IoError("cannot write the events: the output failed (disk full, or closed)");
}

void EventTextWriter::flush() {
  drain();
  out_.flush();
  if (!out_) throw IoError("cannot write the events: the output failed (disk full, or closed)");
}

EventHdf5File::EventHdf5File(const std::filesystem::path& target, bool force, const Model& model,
                             const OutputMetadata& metadata, int deflate_level)
    : atomic_(target, force) {
  file_.emplace(h5::File::create(atomic_.temporary_path()));
  h5::Group& root = file_->root();
  write_provenance(root, model, kEventsFileType, kEventsSchemaVersion, metadata);
  events_.emplace(root, "events", sizeof(StoredEvent), stored_event_fields(), deflate_level);
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
  std::vector<StoredEvent> stored;
  stored.reserve(events.size());
  for (const Event& event : events) {
    stored.push_back({event.customer_id, event.day, event.amount_eur, event.cost_eur,
                      event.sequence, event.journey, static_cast<std::uint16_t>(replication),
                      static_cast<std::uint8_t>(strategy), static_cast<std::uint8_t>(event.type),
                      static_cast<std::uint8_t>(event.stage), event.channel, event.segment,
                      event.detail});
  }
  events_->append(stored.data(), stored.size());
}

void EventHdf5File::commit() {
  events_.reset();
  file_->close();
  atomic_.commit();
}

namespace {

bool earlier(const Event& a, const Event& b) {
  return a.day < b.day;
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
  std::stable_sort(held_.begin(), held_.end(), earlier);
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
    std::stable_sort(held_.begin(), held_.end(), earlier);
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
