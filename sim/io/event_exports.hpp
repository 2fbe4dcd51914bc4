#pragma once
// Exports of the event log for neighbouring tools (omnisim events --export):
// - transactions: one CSV row per purchase or add-on, `customer_id,date,
//   amount_eur,strategy,replication` -- what BTYD tools (lifetimes, BTYD,
//   CLVTools) read;
// - paths: ChannelAttribution's format, `strategy,path,total_conversions,
//   total_conversion_value,total_null`: each journey's channels (the
//   marketing contact that triggered it, then its consideration and decision
//   visits, "web > store"), aggregated over identical paths, sorted.

#include <cstdint>
#include <map>
#include <ostream>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/event.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

class TransactionsWriter final : public EventSink {
 public:
  TransactionsWriter(std::ostream& out, const Model& model);
  void write(int strategy, int replication, std::span<const Event> events) override;
  void flush();  // throws IoError if the output failed

 private:
  std::ostream& out_;
  const Model& model_;
  std::string buffer_;
};

// Needs each customer's events together and in time order: give it the
// events in customer order.
class AttributionPaths final : public EventSink {
 public:
  explicit AttributionPaths(const Model& model) : model_(model) {}
  void write(int strategy, int replication, std::span<const Event> events) override;
  // Writes the aggregated paths (throws IoError if the output failed).
  void finish(std::ostream& out);

  struct Totals {
    std::uint64_t conversions = 0, nulls = 0;
    double value_eur = 0.0;
  };
  const std::map<std::pair<int, std::string>, Totals>& paths() const { return paths_; }

 private:
  void close_journey(int strategy);
  const Model& model_;
  std::map<std::pair<int, std::string>, Totals> paths_;  // (strategy, path)
  std::uint64_t customer_ = ~std::uint64_t{0};
  std::uint32_t journey_ = kNoJourney;
  std::uint8_t trigger_channel_ = kNoEventChannel;  // a marketing contact that triggered a need
  std::string path_;
  bool converted_ = false;
  double value_eur_ = 0.0;
};

}  // namespace omnisim
