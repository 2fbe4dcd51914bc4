#pragma once
// Writers of the event log (omnisim events): CSV with a header line, JSON
// lines, or an HDF5 file with one chunked compound dataset /events; and
// TimeOrdered, which puts each period's events in time order first. The
// schema (event_columns) is versioned: a minor version only adds columns.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "sim/engine/event.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/io/hdf5.hpp"
#include "sim/io/provenance.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

inline constexpr const char* kEventsFileType = "omnisim-events";
inline constexpr std::int64_t kEventsSchemaVersion[2] = {1, 0};

struct EventColumn {
  const char* name;
  const char* type;  // as CSV and JSON carry it
  const char* meaning;
};
// Every column, in output order.
std::span<const EventColumn> event_columns();

enum class EventTextFormat { kCsv, kJsonLines };

// Text to a stream, buffered; flush() at the end (a failed write throws IoError).
class EventTextWriter final : public EventSink {
 public:
  EventTextWriter(std::ostream& out, const Model& model, EventTextFormat format);
  void write(int strategy, int replication, std::span<const Event> events) override;
  void flush();

 private:
  void drain();
  std::ostream& out_;
  const Model& model_;
  EventTextFormat format_;
  std::string buffer_;
};

// /events in an HDF5 file written under a temporary name; commit() moves it
// into place.
class EventHdf5File final : public EventSink {
 public:
  EventHdf5File(const std::filesystem::path& target, bool force, const Model& model,
                const OutputMetadata& metadata, int deflate_level);
  void write(int strategy, int replication, std::span<const Event> events) override;
  void commit();

 private:
  AtomicFile atomic_;
  std::optional<h5::File> file_;
  std::optional<h5::Table> events_;
};

// Each period's events sorted by day, ties in customer order, then passed on.
class TimeOrdered final : public EventSink {
 public:
  explicit TimeOrdered(EventSink& next) : next_(next) {}
  void write(int strategy, int replication, std::span<const Event> events) override;

 private:
  EventSink& next_;
  std::vector<Event> sorted_;
};

}  // namespace omnisim
