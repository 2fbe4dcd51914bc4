#include "sim/engine/run.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "sim/core/error.hpp"
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

  RunResult result{Tally(layout), {}};
  result.timeseries.reserve(static_cast<std::size_t>(model.n_periods));
  std::vector<CustomerState> customers(n_customers);

  tbb::task_arena arena(request.threads > 0 ? request.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    const tbb::blocked_range<std::size_t> all(0, n_customers, kCustomersPerBlock);
    tbb::parallel_for(
        all,
        [&](const tbb::blocked_range<std::size_t>& block) {
          for (std::size_t i = block.begin(); i != block.end(); ++i) {
            customers[i] = draw_customer(model, family, i);
          }
        },
        tbb::simple_partitioner());

    for (int period = 0; period < model.n_periods; ++period) {
      const bool is_last = period + 1 == model.n_periods;
      const PeriodWindow window{
          is_last ? simulation.horizon_days
                  : std::min(simulation.horizon_days, (period + 1) * simulation.period_days),
          is_last};
      Tally period_tally = tbb::parallel_deterministic_reduce(
          all, Tally(layout),
          [&](const tbb::blocked_range<std::size_t>& block, Tally tally) {
            for (std::size_t i = block.begin(); i != block.end(); ++i) {
              const bool traced = tracing && *request.trace_customer == i;
              simulator.advance(customers[i], window, tally,
                                traced ? Tracer(request.trace_out) : Tracer());
            }
            return tally;
          },
          [](Tally left, const Tally& right) {
            left.merge(right);
            return left;
          },
          tbb::simple_partitioner());
      result.timeseries.push_back(timeseries_row(period_tally));
      result.totals.merge(period_tally);
      if (request.progress)
        request.progress(static_cast<double>(period + 1) / model.n_periods);
    }
  });

  if (request.customer_rows != nullptr)
    write_rows(model, request, customers);
  return result;
}

}  // namespace omnisim
