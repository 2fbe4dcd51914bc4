#include "sim/engine/run.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include <tbb/task_arena.h>

#include "sim/core/error.hpp"
#include "sim/engine/block_reduce.hpp"
#include "sim/engine/customer.hpp"
#include "sim/engine/simulator.hpp"

namespace omnisim {

TallyLayout tally_layout(const Model& model) {
  return {model.n_years, model.n_age_months};
}

namespace {

CustomerRow row_of(const Model& model, const CustomerState& customer) {
  const double cac = model.channels[customer.acquisition_channel].cac_eur;
  return {customer.id,
          customer.segment,
          customer.acquisition_channel,
          customer.acquisition_day,
          customer.orders,
          customer.revenue_eur,
          customer.clv_eur,
          customer.clv_eur - cac,
          customer.used,
          customer.alive ? std::numeric_limits<double>::quiet_NaN() : customer.dropout_day};
}

void write_rows(const Model& model, const RunRequest& request,
                const std::vector<CustomerState>& customers) {
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<CustomerRow> rows;
  rows.reserve(std::min(kChunk, customers.size()));
  for (std::size_t begin = 0; begin < customers.size(); begin += kChunk) {
    rows.clear();
    const std::size_t end = std::min(customers.size(), begin + kChunk);
    for (std::size_t i = begin; i < end; ++i)
      rows.push_back(row_of(model, customers[i]));
    request.customer_rows->write(request.strategy, request.replication, rows);
  }
}

}  // namespace

RunResult run_simulation(const Model& model, const RunRequest& request) {
  const auto& simulation = model.scenario.simulation;
  const auto n_customers = static_cast<std::size_t>(simulation.customers);
  if (request.strategy < 0 || request.strategy >= static_cast<int>(model.strategies.size())) {
    throw ModelError("run_simulation: no strategy " + std::to_string(request.strategy));
  }
  const StreamFamily family{static_cast<std::uint64_t>(simulation.seed),
                            static_cast<std::uint64_t>(request.replication)};
  const CustomerSimulator simulator(model, request.strategy, family);
  const TallyLayout layout = tally_layout(model);
  const bool tracing = request.trace_customer.has_value() && request.trace_out != nullptr;
  // The narration collects here and is copied out after the run, so worker
  // threads never write to the caller's stream and its format is untouched.
  std::ostringstream trace_buffer;
  trace_buffer << std::fixed << std::setprecision(2);

  RunResult result{Tally(layout), {}};
  result.timeseries.reserve(static_cast<std::size_t>(model.n_periods));
  std::vector<CustomerState> customers(n_customers);
  std::vector<Wake> wakes(n_customers);

  const std::size_t n_blocks = (n_customers + kCustomersPerBlock - 1) / kCustomersPerBlock;
  auto block_range = [&](std::size_t block) {
    return std::pair{block * kCustomersPerBlock,
                     std::min(n_customers, (block + 1) * kCustomersPerBlock)};
  };

  tbb::task_arena arena(request.threads > 0 ? request.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    BlockReducer reducer(layout, arena.max_concurrency());
    reducer.for_each(n_blocks, [&](std::size_t block) {
      const auto [begin, end] = block_range(block);
      for (std::size_t i = begin; i < end; ++i) {
        customers[i] = draw_customer(model, family, i);
        wakes[i] = simulator.wake(customers[i]);
      }
    });

    Tally period_tally(layout);
    for (int period = 0; period < model.n_periods; ++period) {
      const bool is_last = period + 1 == model.n_periods;
      const PeriodWindow window{
          period * simulation.period_days,
          is_last ? simulation.horizon_days
                  : std::min(simulation.horizon_days, (period + 1) * simulation.period_days),
          is_last};
      period_tally.clear();
      reducer.reduce(n_blocks, period_tally, [&](std::size_t block, Tally& tally) {
        const auto [begin, end] = block_range(block);
        for (std::size_t i = begin; i < end; ++i) {
          // Most customers have nothing to do in a given period: the compact
          // wake array lets the engine skip them without touching their state.
          if (!is_last && wakes[i].day >= window.end_day) {
            if (wakes[i].alive) simulator.idle(window, tally);
            continue;
          }
          const bool traced = tracing && *request.trace_customer == i;
          simulator.advance(customers[i], window, tally, traced ? Tracer(&trace_buffer) : Tracer());
          wakes[i] = simulator.wake(customers[i]);
        }
      });
      // The period boundary: the whole period's totals are known here, in a
      // fixed order. Couplings between customers (MODEL.md §6, §8) read them
      // to set the next period's conditions.
      result.timeseries.push_back(timeseries_row(period_tally));
      result.totals.merge(period_tally);
      if (request.progress) {
        request.progress(static_cast<double>(period + 1) / model.n_periods);
      }
    }
  });

  if (tracing) *request.trace_out << trace_buffer.str();
  if (request.customer_rows != nullptr) write_rows(model, request, customers);
  return result;
}

}  // namespace omnisim
