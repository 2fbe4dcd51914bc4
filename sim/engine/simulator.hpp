#pragma once
// Advances one customer through one period under one strategy: needs,
// journeys (MODEL.md §3), dropout (§2, §3.5), money (§7). Reads only the
// frozen model; writes only the customer's state and the caller's tally, so
// customers can run on any thread in any order.

#include "sim/engine/customer.hpp"
#include "sim/engine/trace.hpp"
#include "sim/kpi/tally.hpp"
#include "sim/model/model.hpp"

namespace omnisim {

struct PeriodWindow {
  double end_day;  // events strictly before this day happen in the period
  bool is_last;    // closes every customer still alive (right-censored at the horizon)
};

class CustomerSimulator {
 public:
  CustomerSimulator(const Model& model, int strategy, const StreamFamily& family);

  void advance(CustomerState& customer, const PeriodWindow& window, Tally& tally,
               Tracer trace) const;

  // CLV discount factor for a cash flow at `age_days` after acquisition.
  double discount(double age_days) const;

  const StrategyModel& strategy() const { return strategy_; }

 private:
  void acquire(CustomerState& customer, Tally& tally, Tracer& trace) const;
  void accrue_fixed_cost(CustomerState& customer, double until_day, Tally& tally) const;
  void drop_out(CustomerState& customer, double day, Tally& tally, Tracer& trace,
                const char* reason) const;
  void close(const CustomerState& customer, Tally& tally, Tracer& trace) const;
  double periodic_test_day(const CustomerState& customer) const;

  const Model& model_;
  const StrategyModel& strategy_;
  StreamFamily family_;
  double horizon_days_;
};

int year_of(const Model& model, double day);

}  // namespace omnisim
