#pragma once
// The event log as an HDF5 file (omnisim events --out FILE.h5): one chunked
// compound dataset /events, names as indices into its attributes.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "sim/engine/event.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/io/hdf5.hpp"
#include "sim/io/provenance.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

inline constexpr const char* kEventsFileType = "omnisim-events";
// 1.1: fixed-length names; 1.2: the codes of an empty journey_id and
// channel as attributes of /events (journey_id_null, channel_null).
inline constexpr std::int64_t kEventsSchemaVersion[2] = {1, 2};

// /events in an HDF5 file written under a temporary name; commit() moves it
// into place. Rows are gathered into whole chunks, which are deflated in
// parallel (in the caller's task arena) and stored in order: HDF5's own
// filter pipeline would compress them one at a time.
class EventHdf5File final : public EventSink {
 public:
  EventHdf5File(const std::filesystem::path& target, bool force, const Model& model,
                const OutputMetadata& metadata, int deflate_level);
  void write(int strategy, int replication, std::span<const Event> events) override;
  void commit();

 private:
  void put_rows(int strategy, int replication, std::span<const Event> events);
  // The pending rows as chunks, the last padded if partial.
  void store_chunks();
  AtomicFile atomic_;
  std::optional<h5::File> file_;
  std::optional<h5::Table> events_;
  int deflate_level_;
  std::unique_ptr<unsigned char[]> pending_;  // a round of chunks: rows as on disk
  std::size_t pending_rows_ = 0;
  std::vector<std::vector<unsigned char>> deflated_;  // per chunk of a round
};

}  // namespace omnisim
