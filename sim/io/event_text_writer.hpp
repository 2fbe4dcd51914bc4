#pragma once
// The event log as text (omnisim events): CSV with a header line, or JSON
// lines. The schema (event_columns) is versioned: a minor version only adds
// columns.

#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/event.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

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

// `events` as text in memory: a paced batch's body.
std::string events_text(const Model& model, EventTextFormat format, int strategy, int replication,
                        std::span<const Event> events);

}  // namespace omnisim
