#include "sim/engine/run.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include <tbb/task_arena.h>

#include "sim/core/error.hpp"
#include "sim/engine/block_reduce.hpp"
#include "sim/engine/couplings.hpp"
#include "sim/engine/customer.hpp"
#include "sim/engine/population.hpp"
#include "sim/engine/simulator.hpp"

namespace omnisim {

TallyLayout tally_layout(const Model& model) {
  return {model.time.n_years, model.time.n_age_months};
}

namespace {

CustomerRow row_of(const Model& model, const CustomerSimulator& simulator,
                   double contribution_per_need_eur, const CustomerState& customer) {
  const double cac = acquisition_cost_eur(model, customer);
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const bool bought = customer.orders > 0;
  return {customer.id,
          customer.segment,
          customer.acquisition_channel,
          customer.acquisition_day,
          customer.orders,
          bought ? static_cast<double>(customer.first_order_day) : kNaN,
          bought ? static_cast<double>(customer.last_order_day) : kNaN,
          customer.revenue_eur,
          customer.clv_eur,
          customer.clv_eur - cac,
          simulator.lifetime_value(customer).eur(contribution_per_need_eur),
          customer.used,
          customer.alive ? kNaN : customer.dropout_day,
          static_cast<std::uint8_t>(customer.lost       ? 2
                                    : customer.referred ? 1
                                                        : 0),
          customer.referrals};
}

void write_rows(const Model& model, const CustomerSimulator& simulator, const RunRequest& request,
                const Population& population, double contribution_per_need_eur) {
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<CustomerRow> rows;
  rows.reserve(std::min(kChunk, population.size()));
  population.for_each([&](const CustomerState& customer) {
    rows.push_back(row_of(model, simulator, contribution_per_need_eur, customer));
    if (rows.size() == kChunk) {
      request.customer_rows->write(request.strategy, request.replication, rows);
      rows.clear();
    }
  });
  if (!rows.empty()) request.customer_rows->write(request.strategy, request.replication, rows);
}

}  // namespace

RunResult run_simulation(const Model& model, const RunRequest& request) {
  const TimeModel& time = model.time;
  if (request.strategy < 0 || request.strategy >= static_cast<int>(model.strategies.size())) {
    throw ModelError("run_simulation: no strategy " + std::to_string(request.strategy));
  }
  const StreamFamily family{model.simulation.seed, static_cast<std::uint64_t>(request.replication)};
  const CustomerSimulator simulator(model, request.strategy, family);
  const Couplings couplings(model);
  const TallyLayout layout = tally_layout(model);
  const bool tracing = request.trace_customer.has_value() && request.trace_out != nullptr;
  // The narration collects here and is copied out after the run, so worker
  // threads never write to the caller's stream and its format is untouched.
  std::ostringstream trace_buffer;
  trace_buffer << std::fixed << std::setprecision(2);

  RunResult result{Tally(layout), {}};
  result.timeseries.reserve(static_cast<std::size_t>(time.n_periods));
  Population population(static_cast<std::size_t>(model.simulation.customers), kCustomersPerBlock);
  std::vector<PeriodConditions> conditions;
  conditions.reserve(static_cast<std::size_t>(time.n_periods));

  tbb::task_arena arena(request.threads > 0 ? request.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    PeriodOutput empty(layout);
    empty.record_events = request.events != nullptr;
    BlockReducer<PeriodOutput> reducer(empty, arena.max_concurrency());
    // Draw every paid customer; count those present at day 0, whose app
    // ownership sets the first period's adopter share.
    PeriodOutput before(layout);
    reducer.reduce(population.n_blocks(), before, [&](std::size_t b, PeriodOutput& output) {
      const Population::Block block = population.block(b);
      for (std::size_t i = 0; i < block.customers.size(); ++i) {
        CustomerState& customer = block.customers[i];
        customer = draw_customer(model, family, b * kCustomersPerBlock + i);
        simulator.admit(customer);
        block.wakes[i] = simulator.wake(customer);
        if (customer.acquisition_day == 0.0) {
          output.tally[Count::kActiveAtPeriodEnd] += 1;
          if (customer.has_app) output.tally[Count::kActiveAdopters] += 1;
        }
      }
    });
    conditions.push_back(couplings.next(before.tally, 0.0));

    PeriodOutput output(layout);
    for (int index = 0; index < time.n_periods; ++index) {
      const bool is_last = index + 1 == time.n_periods;
      const Period period{
          index, index * time.period_days,
          is_last ? time.horizon_days : std::min(time.horizon_days, (index + 1) * time.period_days),
          is_last, &conditions};
      output.clear();
      reducer.reduce(
          population.n_blocks(), output,
          [&](std::size_t b, PeriodOutput& block_output) {
            const Population::Block block = population.block(b);
            for (std::size_t i = 0; i < block.customers.size(); ++i) {
              // Most customers have nothing to do in a given period:
              // the compact wake array lets the engine skip them
              // without touching their state.
              Wake& wake = block.wakes[i];
              if (!is_last && wake.day >= period.end_day) {
                if (wake.alive) simulator.idle(wake, period, block_output.tally);
                continue;
              }
              CustomerState& customer = block.customers[i];
              const bool traced = tracing && customer.id == *request.trace_customer;
              simulator.advance(customer, period, block_output,
                                traced ? Tracer(&trace_buffer) : Tracer());
              wake = simulator.wake(customer);
            }
          },
          [&](PeriodOutput& merged) {
            // The event log leaves wave by wave: memory holds one wave's events.
            if (request.events != nullptr && !merged.events.empty()) {
              request.events->write(request.strategy, request.replication, merged.events);
              merged.events.clear();
            }
          });

      // The period boundary: the period's totals are complete and in a fixed
      // order. Referred customers join during the next period, and the
      // couplings set its conditions (docs/model.md §8).
      if (request.events != nullptr) request.events->end_period();
      TimeSeriesRow row = timeseries_row(output.tally);
      row.waiting_effort_per_contact = conditions.back().waiting_effort;
      result.timeseries.push_back(row);
      result.totals.merge(output.tally);
      if (!is_last) {
        const double next_end = std::min(time.horizon_days, (index + 2) * time.period_days);
        const std::size_t referred_cap = kMaxReferredPerPaid * population.size_paid();
        if (population.referred() + output.referrals.size() > referred_cap) {
          throw InputError(
              "mechanisms.word_of_mouth: by day " +
              std::to_string(static_cast<long long>(period.end_day)) + ", " +
              std::to_string(population.referred() + output.referrals.size()) +
              " customers came by referral, more than " + std::to_string(kMaxReferredPerPaid) +
              " per paid customer (the most a run keeps room for): word of mouth runs away with "
              "these settings; lower mechanisms.word_of_mouth.referral_probability or the "
              "segments' purchase rates");
        }
        for (const Referral& referral : output.referrals) {
          CustomerState customer = draw_referred_customer(
              model, family, referral_id(referral.referrer_id, referral.index), period.end_day,
              next_end);
          simulator.admit(customer);
          population.add_referred(customer, simulator.wake(customer));
        }
        conditions.push_back(couplings.next(output.tally, period.end_day - period.start_day));
      }
      if (request.progress) {
        request.progress(static_cast<double>(index + 1) / time.n_periods);
      }
    }
  });

  if (tracing) *request.trace_out << trace_buffer.str();
  if (request.customer_rows != nullptr)
    write_rows(model, simulator, request, population, result.totals.contribution_per_need_eur());
  return result;
}

}  // namespace omnisim
