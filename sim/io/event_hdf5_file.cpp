#include "sim/io/event_hdf5_file.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>

#include <zlib.h>

#include "sim/core/calendar.hpp"
#include "sim/core/error.hpp"
#include "sim/core/parallel_for.hpp"

namespace omnisim {
namespace {

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

}  // namespace

EventHdf5File::EventHdf5File(const std::filesystem::path& target, bool force, const Model& model,
                             const OutputMetadata& metadata, int deflate_level)
    : atomic_(target, force),
      deflate_level_(deflate_level),
      pending_(std::make_unique_for_overwrite<unsigned char[]>(kChunksPerRound * kChunkBytes)) {
  file_.emplace(h5::File::create(atomic_.temporary_path()));
  h5::Group& root = file_->root();
  write_provenance(root, model, kEventsFileType, kEventsSchemaVersion, metadata);
  // Its chunks are deflated in parallel and stored directly, past HDF5's
  // filters, so they carry no checksum (the metadata beside them does).
  events_.emplace(root, "events", sizeof(StoredEvent), stored_event_fields(), deflate_level,
                  kRowsPerChunk, h5::Checksum::kNone);
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
  // CSV and JSON leave these empty/null; an integer column needs a code.
  events_->set_attribute("journey_id_null", static_cast<std::int64_t>(kNoJourney));
  events_->set_attribute("channel_null", static_cast<std::int64_t>(kNoEventChannel));
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

}  // namespace omnisim
