#include "sim/engine/run.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include <tbb/task_arena.h>

#include "sim/core/error.hpp"
#include "sim/core/numbers.hpp"
#include "sim/engine/block_reduce.hpp"
#include "sim/engine/chunk_exchange.hpp"
#include "sim/engine/couplings.hpp"
#include "sim/engine/customer.hpp"
#include "sim/engine/population.hpp"
#include "sim/engine/simulator.hpp"

namespace omnisim {

TallyLayout tally_layout(const Model& model) {
  return {model.time.n_years, model.time.n_age_months, static_cast<int>(model.segments.size())};
}

namespace {

CustomerRow row_of(const Model& model, const CustomerSimulator& simulator, bool lifetime,
                   double contribution_per_need_eur, const CustomerState& customer,
                   const AtHorizon& at_horizon) {
  const double cac = acquisition_cost_eur(model, customer);
  const bool bought = at_horizon.orders > 0;
  const bool left_in_horizon = customer.dropout_day < model.time.horizon_days;
  return {customer.id,
          customer.segment,
          customer.acquisition_channel,
          customer.acquisition_day,
          at_horizon.orders,
          bought ? static_cast<double>(at_horizon.first_order_day) : kNaN,
          bought ? static_cast<double>(at_horizon.last_order_day) : kNaN,
          at_horizon.revenue_eur,
          at_horizon.clv_eur,
          at_horizon.clv_eur - cac,
          lifetime ? simulator.lifetime_value(customer).eur(contribution_per_need_eur) : kNaN,
          sunk_acquisition_cost_eur(model, customer),
          at_horizon.used,
          left_in_horizon ? customer.dropout_day : kNaN,
          static_cast<std::uint8_t>(customer.to_competitor ? 3
                                    : customer.lost        ? 2
                                    : customer.referred    ? 1
                                                           : 0),
          customer.referrals};
}

void write_rows(const Model& model, const CustomerSimulator& simulator, const RunRequest& request,
                const Population& population, double contribution_per_need_eur) {
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<CustomerRow> rows;
  rows.reserve(std::min(kChunk, population.size()));
  population.for_each_with_horizon([&](const CustomerState& customer, const AtHorizon& at_horizon) {
    rows.push_back(row_of(model, simulator,
                          request.lifetime && model.money.lifetime_undefined.empty(),
                          contribution_per_need_eur, customer, at_horizon));
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
  OneProcess alone;
  Communicator& world = request.world != nullptr ? *request.world : alone;
  if (world.size() > 1 && (tracing || request.customer_rows != nullptr)) {
    throw ModelError("run_simulation: the trace and the customers table need one rank");
  }
  // The narration collects here and is copied out after the run, so worker
  // threads never write to the caller's stream and its format is untouched.
  std::ostringstream trace_buffer;
  trace_buffer << std::fixed << std::setprecision(2);

  RunResult result{Tally(layout), {}, {}};
  result.timeseries.reserve(static_cast<std::size_t>(time.n_periods));
  Population population(static_cast<std::size_t>(model.simulation.customers), kCustomersPerBlock,
                        world.rank(), world.size(), request.customer_rows != nullptr);
  // The event log leaves chunk by chunk: memory holds one chunk's events on
  // one rank, a period's of its own chunks on several.
  ChunkExchange exchange(world, layout, [&](std::span<const Event> events) {
    if (request.events != nullptr)
      request.events->write(request.strategy, request.replication, events);
  });
  std::vector<PeriodConditions> conditions;
  conditions.reserve(static_cast<std::size_t>(time.n_periods));

  tbb::task_arena arena(request.threads > 0 ? request.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    PeriodOutput empty(layout);
    empty.record_events = request.events != nullptr;
    BlockReducer<PeriodOutput> reducer(empty, arena.max_concurrency());
    // Every block of this rank through `body`, folded chunk by chunk into
    // `total` with the other ranks' (sim/engine/chunk_exchange.hpp).
    const auto reduce_blocks = [&](BlockReducer<PeriodOutput>& blocks, PeriodOutput& total,
                                   const auto& body) {
      exchange.begin(total, blocks.empty().record_events);
      const std::vector<std::size_t> owned = population.owned_blocks();
      blocks.reduce(
          std::span<const std::size_t>(owned),
          [&](std::size_t block) { return population.chunk_of(block); }, body,
          [&](std::size_t chunk, PeriodOutput& chunk_output) {
            exchange.add(chunk, chunk_output, total);
          });
      exchange.finish(total);
      ++result.exchange.exchanges;
    };
    // Draw every paid customer; count those present at day 0, whose app
    // ownership sets the first period's adopter share.
    PeriodOutput before(layout);
    reduce_blocks(reducer, before, [&](std::size_t b, PeriodOutput& output) {
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
    // One period: every block, the customers with nothing to do in it
    // skipped (unless it closes them all).
    const auto simulate_period = [&](BlockReducer<PeriodOutput>& blocks, const Period& period,
                                     PeriodOutput& total) {
      reduce_blocks(blocks, total, [&](std::size_t b, PeriodOutput& block_output) {
        const Population::Block block = population.block(b);
        for (std::size_t i = 0; i < block.customers.size(); ++i) {
          // Most customers have nothing to do in a given period:
          // the compact wake array lets the engine skip them
          // without touching their state.
          Wake& wake = block.wakes[i];
          if (!period.is_last && wake.day() >= period.end_day) {
            if (wake.alive()) simulator.idle(wake, period, block_output.tally);
            continue;
          }
          CustomerState& customer = block.customers[i];
          const bool traced =
              tracing && !period.after_horizon && customer.id == *request.trace_customer;
          block_output.at_horizon = block.horizon(i);
          simulator.advance(customer, period, block_output,
                            traced ? Tracer(&trace_buffer) : Tracer());
          wake = simulator.wake(customer);
        }
      });
    };
    // The share of the run's work the horizon's periods stand for, in the
    // progress report; the years after it (lifetime CLV) take the rest.
    constexpr double kHorizonShare = 0.75;
    const auto report = [&](double fraction) {
      if (request.progress) request.progress(fraction);
    };

    for (int index = 0; index < time.n_periods; ++index) {
      const bool is_last = index + 1 == time.n_periods;
      const Period period{
          index,
          index * time.period_days,
          is_last ? time.horizon_days : std::min(time.horizon_days, (index + 1) * time.period_days),
          is_last,
          false,
          &conditions};
      simulate_period(reducer, period, output);

      // The period boundary: the period's totals are complete and in a fixed
      // order. Referred customers join during the next period, and the
      // couplings set its conditions (docs/model.md §8).
      if (request.events != nullptr) request.events->end_period();
      TimeSeriesRow row = timeseries_row(output.tally);
      row.waiting_effort_per_contact = conditions.back().waiting_effort;
      result.timeseries.push_back(row);
      result.totals.merge(output.tally);
      conditions.push_back(couplings.next(output.tally, period.end_day - period.start_day));
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
          if (!population.owns(population.next_referred_block())) {
            population.count_referred_elsewhere();
            continue;
          }
          CustomerState customer = draw_referred_customer(
              model, family, referral_id(referral.referrer_id, referral.index), period.end_day,
              next_end);
          simulator.admit(customer);
          population.add_referred(customer, simulator.wake(customer));
        }
      }
      report(kHorizonShare * (index + 1) / time.n_periods);
    }

    // After the horizon (docs/model.md §7): the customers alive at it live
    // on, period by period, with the couplings still computed from what
    // they do, until the share of them still alive, discounted to the
    // horizon, is negligible; none of it is counted but their CLV, and
    // nobody new joins. What little is left is priced in closed form.
    double end_day = time.horizon_days;
    const auto alive_at_horizon = static_cast<double>(output.tally[Count::kActiveAtPeriodEnd]);
    if (request.lifetime && model.money.lifetime_undefined.empty() && alive_at_horizon > 0.0) {
      PeriodOutput quiet(layout);  // no events, and the tally only feeds the couplings
      BlockReducer<PeriodOutput> forward(quiet, arena.max_concurrency());
      const double last_day = time.horizon_days + kMaxYearsAfterHorizon * kDaysPerYear;
      for (int index = time.n_periods; end_day < last_day; ++index) {
        const Period period{index, end_day, std::max(end_day, (index + 1) * time.period_days),
                            false, true,    &conditions};
        simulate_period(forward, period, quiet);
        end_day = period.end_day;
        conditions.push_back(couplings.next(quiet.tally, period.end_day - period.start_day));
        const double weight =
            static_cast<double>(quiet.tally[Count::kActiveAtPeriodEnd]) / alive_at_horizon *
            std::exp(-model.money.continuous_discount_per_day * (end_day - time.horizon_days));
        report(kHorizonShare + (1.0 - kHorizonShare) * std::min(1.0, 1.0 - weight));
        if (weight < kLifetimeTailWeight) break;
      }
    }
    PeriodOutput lifetimes(layout);
    if (request.lifetime) {
      reduce_blocks(reducer, lifetimes, [&](std::size_t b, PeriodOutput& block_output) {
        for (CustomerState& customer : population.block(b).customers) {
          const bool traced = tracing && customer.id == *request.trace_customer;
          simulator.settle(customer, end_day, block_output.tally,
                           traced ? Tracer(&trace_buffer) : Tracer());
        }
      });
    }
    result.totals.merge(lifetimes.tally);
  });

  result.exchange.bytes_sent = exchange.bytes_sent();
  if (tracing) *request.trace_out << trace_buffer.str();
  if (request.customer_rows != nullptr)
    write_rows(model, simulator, request, population, result.totals.contribution_per_need_eur());
  return result;
}

}  // namespace omnisim
