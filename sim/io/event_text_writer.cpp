#include "sim/io/event_text_writer.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <sstream>

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
    EventColumn{"sequence", "integer",
                "the customer's n-th event, from 0, in the order the engine decides them"},
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
    EventColumn{"day", "number",
                "simulated day it happens (0 = simulation.start_date, 00:00 UTC; docs/model.md "
                "section 11)"},
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

std::string events_text(const Model& model, EventTextFormat format, int strategy, int replication,
                        std::span<const Event> events) {
  std::ostringstream text;
  EventTextWriter writer(text, model, format);
  writer.write(strategy, replication, events);
  writer.flush();
  return std::move(text).str();
}

}  // namespace omnisim
