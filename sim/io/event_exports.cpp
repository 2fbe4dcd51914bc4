#include "sim/io/event_exports.hpp"

#include "sim/core/calendar.hpp"
#include "sim/core/error.hpp"
#include "sim/io/text_append.hpp"

namespace omnisim {
namespace {

void check(const std::ostream& out) {
  if (!out) throw IoError("cannot write the export: the output failed (disk full, or closed)");
}

}  // namespace

TransactionsWriter::TransactionsWriter(std::ostream& out, const Model& model)
    : out_(out), model_(model) {
  buffer_ = "customer_id,date,amount_eur,strategy,replication\n";
}

void TransactionsWriter::write(int strategy, int replication, std::span<const Event> events) {
  const std::string& strategy_name = model_.strategies[static_cast<std::size_t>(strategy)].name;
  for (const Event& event : events) {
    if (event.type != EventType::kPurchase && event.type != EventType::kAddon) continue;
    char when[24];
    write_timestamp(when, model_.simulation.start_epoch_day, event.day);
    append_integer(buffer_, event.customer_id);
    buffer_ += ',';
    buffer_.append(when, 10);  // the date part
    buffer_ += ',';
    append_number(buffer_, event.amount_eur);
    buffer_ += ',';
    buffer_ += strategy_name;
    buffer_ += ',';
    append_integer(buffer_, static_cast<std::uint64_t>(replication));
    buffer_ += '\n';
    if (buffer_.size() >= kTextFlushBytes) {
      out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
      buffer_.clear();
      check(out_);
    }
  }
}

void TransactionsWriter::flush() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  out_.flush();
  check(out_);
}

void AttributionPaths::close_journey(int strategy) {
  if (journey_ != kNoJourney && !path_.empty()) {
    Totals& totals = paths_[{strategy, path_}];
    if (converted_) {
      totals.conversions += 1;
      totals.value_eur += value_eur_;
    } else {
      totals.nulls += 1;
    }
  }
  journey_ = kNoJourney;
  path_.clear();
  converted_ = false;
  value_eur_ = 0.0;
}

void AttributionPaths::write(int strategy, int, std::span<const Event> events) {
  auto add = [&](std::uint8_t channel) {
    if (!path_.empty()) path_ += " > ";
    path_ += model_.channels[channel].name;
  };
  for (const Event& event : events) {
    if (event.customer_id != customer_) {
      close_journey(strategy);
      customer_ = event.customer_id;
      trigger_channel_ = kNoEventChannel;
    }
    switch (event.type) {
      case EventType::kMarketingContact:
        trigger_channel_ = event.detail != 0 ? event.channel : kNoEventChannel;
        break;
      case EventType::kNeed:
        close_journey(strategy);
        journey_ = event.journey;
        // The contact that triggered the need comes just before it.
        if (event.detail != 0 && trigger_channel_ != kNoEventChannel) add(trigger_channel_);
        trigger_channel_ = kNoEventChannel;
        break;
      case EventType::kTouchpoint:
        if (event.journey == journey_ && event.channel != kNoEventChannel) add(event.channel);
        break;
      case EventType::kPurchase:
      case EventType::kAddon:
        if (event.journey == journey_) {
          converted_ = true;
          value_eur_ += event.amount_eur;
        }
        break;
      default:
        break;
    }
  }
  // A journey happens within one day, so within one period.
  close_journey(strategy);
}

void AttributionPaths::finish(std::ostream& out) {
  std::string text = "strategy,path,total_conversions,total_conversion_value,total_null\n";
  for (const auto& [key, totals] : paths_) {
    text += model_.strategies[static_cast<std::size_t>(key.first)].name;
    text += ',';
    text += key.second;
    text += ',';
    append_integer(text, totals.conversions);
    text += ',';
    append_number(text, totals.value_eur);
    text += ',';
    append_integer(text, totals.nulls);
    text += '\n';
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.flush();
  check(out);
}

}  // namespace omnisim
