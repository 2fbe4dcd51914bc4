#include "sim/io/stream_filters.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/core/random.hpp"

namespace omnisim {
namespace {

std::string event_id_text(int replication, std::uint64_t customer_id, std::uint32_t sequence) {
  return std::to_string(replication) + '-' + std::to_string(customer_id) + '-' +
         std::to_string(sequence);
}

template <class Number>
bool read_number(std::string_view text, Number& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

double ContinuousTime::run_days(double horizon_days) {
  return std::ceil(horizon_days / 7.0) * 7.0;
}

void ContinuousTime::write(int strategy, int replication, std::span<const Event> events) {
  shifted_.assign(events.begin(), events.end());
  for (Event& event : shifted_)
    event.day += offset_days_;
  next_.write(strategy, replication, shifted_);
}

void StartAt::write(int strategy, int replication, std::span<const Event> events) {
  // Time order: the events to drop come first.
  const auto from = std::find_if(events.begin(), events.end(),
                                 [&](const Event& event) { return event.day >= start_day_; });
  if (from != events.end()) next_.write(strategy, replication, {from, events.end()});
}

ResumePoint parse_resume_point(const std::string& text) {
  ResumePoint point;
  std::string_view id = text;
  if (const auto colon = text.rfind(':'); colon != std::string::npos) {
    point.strategy = text.substr(0, colon);
    id = std::string_view(text).substr(colon + 1);
  }
  const auto first = id.find('-');
  const auto second = first == std::string_view::npos ? first : id.find('-', first + 1);
  if (second == std::string_view::npos || !read_number(id.substr(0, first), point.replication) ||
      !read_number(id.substr(first + 1, second - first - 1), point.customer_id) ||
      !read_number(id.substr(second + 1), point.sequence) || point.replication < 0 ||
      (point.strategy && point.strategy->empty())) {
    throw InputError(
        "--from-event: expected an event_id REPLICATION-CUSTOMER-SEQUENCE (e.g. "
        "0-5120-3), or STRATEGY:event_id for a stream of several strategies, got \"" +
        text + "\"");
  }
  return point;
}

std::string resume_point_text(const StreamEventRef& event, const std::string& strategy_name,
                              bool with_strategy) {
  return (with_strategy ? strategy_name + ':' : std::string()) +
         event_id_text(event.replication, event.customer_id, event.sequence);
}

void ResumeAfter::write(int strategy, int replication, std::span<const Event> events) {
  if (found_) {
    next_.write(strategy, replication, events);
    return;
  }
  if (strategy != strategy_ || replication != replication_) return;
  const auto at = std::find_if(events.begin(), events.end(), [&](const Event& event) {
    return event.customer_id == customer_id_ && event.sequence == sequence_;
  });
  if (at == events.end()) return;
  found_ = true;
  if (at + 1 != events.end()) next_.write(strategy, replication, {at + 1, events.end()});
}

FaultRates parse_fault_rates(const std::string& text) {
  FaultRates rates;
  std::istringstream items(text);
  std::string item;
  const auto fail = [&](const std::string& why) {
    throw InputError("--inject: " + why +
                     "; expected e.g. duplicates=0.01,late=0.005,reorder=0.01 (shares of events, "
                     "each from 0 to 0.5), got \"" +
                     text + "\"");
  };
  while (std::getline(items, item, ',')) {
    const auto equals = item.find('=');
    if (equals == std::string::npos) fail("\"" + item + "\" has no =");
    const std::string name = item.substr(0, equals);
    double value = 0.0;
    if (!read_number(std::string_view(item).substr(equals + 1), value) || !(value >= 0.0) ||
        value > 0.5) {
      fail(name + " is not a share from 0 to 0.5");
    }
    if (name == "duplicates") {
      rates.duplicate = value;
    } else if (name == "late") {
      rates.late = value;
    } else if (name == "reorder") {
      rates.reorder = value;
    } else {
      fail("unknown fault \"" + name + "\"");
    }
  }
  if (!rates.any()) fail("no fault asked for");
  return rates;
}

FaultInjector::FaultInjector(EventSink& next, const Model& model, FaultRates rates,
                             std::ostream& truth)
    : model_(model), next_(next), rates_(rates), truth_(truth) {
  truth_ << kHeader;
}

void FaultInjector::label(std::uint64_t position, const Event& event, const char* fault,
                          const std::string& detail) {
  truth_ << position << ',' << event_id_text(replication_, event.customer_id, event.sequence) << ','
         << fault << ',' << detail << '\n';
}

std::uint64_t FaultInjector::emit(const Event& event, const char* fault,
                                  const std::string& detail) {
  out_.push_back(event);
  const std::uint64_t position = ++position_;
  if (fault != nullptr) label(position, event, fault, detail);
  emit_copies();
  return position;
}

void FaultInjector::emit_copies() {
  // A copy due now goes out next (and may make another copy due).
  for (auto copy = std::find_if(copies_.begin(), copies_.end(),
                                [&](const Copy& c) { return c.at_position <= position_ + 1; });
       copy != copies_.end();
       copy = std::find_if(copies_.begin(), copies_.end(),
                           [&](const Copy& c) { return c.at_position <= position_ + 1; })) {
    const Copy due = *copy;
    copies_.erase(copy);
    out_.push_back(due.event);
    ++position_;
    label(position_, due.event, "duplicate", std::to_string(due.original_position));
  }
}

void FaultInjector::take(const Event& event) {
  RandomStream random({model_.simulation.seed, static_cast<std::uint64_t>(replication_)},
                      event.customer_id, Purpose::kFaults, event.sequence);
  const double u_duplicate = random.uniform(), u_late = random.uniform();
  const double u_reorder = random.uniform(), u_distance = random.uniform();
  if (u_late <= rates_.late) {
    const double late_days = rates_.late_median_minutes / 1440.0 * std::exp(random.normal());
    late_.push({event.day + late_days, held_++, event});
    return;
  }
  if (u_reorder <= rates_.reorder && !swapped_) {
    swapped_ = event;
    return;
  }
  const std::uint64_t original = emit(event);
  if (swapped_) {
    const Event moved = *swapped_;
    swapped_.reset();
    emit(moved, "reorder", std::to_string(original));
  }
  if (u_duplicate <= rates_.duplicate) {
    // Sent again 1 to 100 events later.
    const auto distance =
        1 + static_cast<std::uint64_t>(std::min(99.0, std::floor(u_distance * 100.0)));
    copies_.push_back({original + distance, original, event});
    emit_copies();
  }
  // A late event goes out after the first event past its lateness: always
  // after a later one.
  while (!late_.empty() && late_.top().release_day <= event.day) {
    const Late late = late_.top();
    late_.pop();
    emit(late.event, "late", std::to_string(std::llround((event.day - late.event.day) * 86400.0)));
  }
}

void FaultInjector::release_all() {
  if (swapped_) {
    emit(*swapped_);
    swapped_.reset();
  }
  while (!late_.empty()) {
    const Late late = late_.top();
    late_.pop();
    emit(late.event, "late", "run end");
  }
  std::sort(copies_.begin(), copies_.end(),
            [](const Copy& a, const Copy& b) { return a.at_position < b.at_position; });
  for (const Copy& copy : std::vector<Copy>(std::move(copies_))) {
    out_.push_back(copy.event);
    ++position_;
    label(position_, copy.event, "duplicate", std::to_string(copy.original_position));
  }
  copies_.clear();
}

void FaultInjector::write(int strategy, int replication, std::span<const Event> events) {
  if (strategy != strategy_ || replication != replication_) {
    // A new run: what the last one holds goes out first, as its own.
    release_all();
    if (!out_.empty()) next_.write(strategy_, replication_, out_);
    out_.clear();
    strategy_ = strategy;
    replication_ = replication;
  }
  for (const Event& event : events)
    take(event);
  if (!out_.empty()) next_.write(strategy, replication, out_);
  out_.clear();
}

}  // namespace omnisim
