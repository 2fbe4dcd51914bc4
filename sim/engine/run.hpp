#pragma once
// One run: every customer of the scenario under one strategy and one
// replication, period by period (docs/model.md §1). Within a period customers are
// independent and run in parallel over fixed blocks; block tallies are
// combined in block order, so results are bit-identical at any thread count.

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <span>
#include <vector>

#include "sim/core/communicator.hpp"
#include "sim/engine/event.hpp"
#include "sim/kpi/tally.hpp"
#include "sim/kpi/timeseries.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

// A row of the optional per-customer table (--customers-table).
struct CustomerRow {
  std::uint64_t id;
  std::uint32_t segment;
  std::uint32_t acquisition_channel;
  double acquisition_day;
  std::uint32_t orders;
  // Days of the first and the last order (float precision: about 1e-4 day at
  // day 1095); NaN if the customer never bought.
  double first_purchase_day;
  double last_purchase_day;
  double revenue_eur;
  double clv_eur;           // over the horizon, without acquisition cost
  double clv_net_eur;       // after the acquisition cost paid within the horizon
  double clv_lifetime_eur;  // over its whole life, without acquisition cost (docs/model.md §7)
  double sunk_cac_eur;      // the day-0 base's acquisition cost, paid before the horizon
  std::uint8_t channels_used_mask;
  double dropout_day;  // NaN if alive at the horizon
  // 0 paid, 1 referred, 2 lost to detractors, 3 went to a competitor that
  // offers the channels this firm lacks (2 and 3: never a customer).
  std::uint8_t acquisition;
  std::uint16_t referrals;  // referrals this customer made
};

class CustomerRowSink {
 public:
  virtual ~CustomerRowSink() = default;
  // Rows in customer id order, in chunks.
  virtual void write(int strategy, int replication, std::span<const CustomerRow> rows) = 0;
};

struct RunRequest {
  int strategy = 0;
  int replication = 0;
  int threads = 0;  // 0: every core
  std::optional<std::uint64_t> trace_customer;
  std::ostream* trace_out = nullptr;
  std::function<void(double fraction_done)> progress;  // between periods, calling thread
  CustomerRowSink* customer_rows = nullptr;
  // The event log (sim/engine/event.hpp), period by period in customer
  // order, in chunks of a wave of blocks; nothing is recorded without it.
  EventSink* events = nullptr;
  // Lifetime CLV (docs/model.md §7) simulates the years after the horizon:
  // false skips them, and the lifetime KPIs are n/a (a calibration to
  // horizon KPIs runs twice as fast).
  bool lifetime = true;
  // The ranks the customers are split between (sim/core/communicator.hpp);
  // null: this process alone. Every rank calls run_simulation with the same
  // model and request, and gets the same result; the event log is written
  // to rank 0's sink (the others' sees only end_period), and the customers
  // table and the trace need one rank.
  Communicator* world = nullptr;
};

// What a rank sent the others, over how many exchanges (one per period,
// those after the horizon included, one for the draw and one for the
// settlement): no bytes on one rank.
struct ExchangeStats {
  std::size_t bytes_sent = 0;
  int exchanges = 0;
};

struct RunResult {
  Tally totals;
  std::vector<TimeSeriesRow> timeseries;  // one row per period
  ExchangeStats exchange;
};

TallyLayout tally_layout(const Model& model);
RunResult run_simulation(const Model& model, const RunRequest& request);

// Customers per block: the unit of parallel work and of deterministic reduction.
inline constexpr std::size_t kCustomersPerBlock = 1024;

}  // namespace omnisim
