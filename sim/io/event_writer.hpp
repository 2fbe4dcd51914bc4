#pragma once
// Writers of the event log (omnisim events): CSV with a header line, JSON
// lines, or an HDF5 file with one chunked compound dataset /events; and
// TimeOrdered, which puts each period's events in time order first. The
// schema (event_columns) is versioned: a minor version only adds columns.

#include <cstdint>
#include <cstdio>
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

// Each period's events sorted by day, ties in customer order (a stable
// sort of the period), then passed on. It holds at most `max_held_events`
// in memory: beyond, it writes sorted runs to a temporary file and merges
// them at the period's end, reading each run through a small buffer -- so
// memory stays about max_held_events x 48 bytes + 200 kB per run, whatever
// the number of customers.
class TimeOrdered final : public EventSink {
 public:
  static constexpr std::size_t kDefaultHeldEvents = std::size_t{1} << 20;  // 48 MB
  explicit TimeOrdered(EventSink& next, std::size_t max_held_events = kDefaultHeldEvents);
  ~TimeOrdered() override;
  TimeOrdered(const TimeOrdered&) = delete;
  TimeOrdered& operator=(const TimeOrdered&) = delete;
  void write(int strategy, int replication, std::span<const Event> events) override;
  void end_period() override;
  std::size_t runs_spilled() const { return spilled_runs_total_; }

 private:
  struct Run {
    long offset;  // in events
    std::size_t count;
  };
  void spill();
  void merge_spilled();
  EventSink& next_;
  std::size_t max_held_;
  int strategy_ = 0, replication_ = 0;
  std::vector<Event> held_;
  std::FILE* spill_ = nullptr;
  std::vector<Run> runs_;
  std::size_t spilled_runs_total_ = 0;
};

}  // namespace omnisim
