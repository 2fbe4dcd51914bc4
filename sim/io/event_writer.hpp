#pragma once
// Writers of the event log (omnisim events): CSV with a header line, JSON
// lines, or an HDF5 file with one chunked compound dataset /events; and
// TimeOrdered, which puts each period's events in time order first. The
// schema (event_columns) is versioned: a minor version only adds columns.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
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

// Text to a stream; flush() at the end (a failed write throws IoError).
// Large writes are formatted in parallel slices (in the caller's task arena)
// and written in order: the same bytes at any thread count.
class EventTextWriter final : public EventSink {
 public:
  EventTextWriter(std::ostream& out, const Model& model, EventTextFormat format);
  void write(int strategy, int replication, std::span<const Event> events) override;
  void flush();

 private:
  struct TaskText {
    std::vector<char> bytes;  // grows to the largest slice, never shrinks
    std::size_t used = 0;
  };
  // One event's row at `out`, which has max_row_bytes_ of room; returns the end.
  char* put_row(char* out, std::string_view strategy, int replication, const Event& event) const;
  void write_out(std::string_view text);
  std::ostream& out_;
  const Model& model_;
  EventTextFormat format_;
  std::size_t max_row_bytes_;
  std::vector<TaskText> task_texts_;
};

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

// Each period's events sorted by day, ties in customer order (a stable
// sort of the period), then passed on. It holds at most `max_held_events`
// in memory: beyond, it writes sorted runs to a temporary file and merges
// them at the period's end, reading each run through a small buffer -- so
// memory stays about max_held_events x 96 bytes (the events and the sort's
// scratch) + 200 kB per run, whatever the number of customers.
class TimeOrdered final : public EventSink {
 public:
  static constexpr std::size_t kDefaultHeldEvents = std::size_t{1} << 19;  // 50 MB
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
  std::vector<Event> scratch_;  // the sort's other half
  std::FILE* spill_ = nullptr;
  std::vector<Run> runs_;
  std::size_t spilled_runs_total_ = 0;
};

}  // namespace omnisim
