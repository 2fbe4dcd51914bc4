// Roofline: the cost of the randomness alone. Per event it draws the same
// kinds of variates, from the same counter-based RNG (Philox4x32-10 through
// omnisim::RandomStream), as an engine event does, and nothing else: no model,
// no customer state, no tally. `roofline` takes every draw from one stream per
// customer (the cheapest way to draw them, the bound the engine is held to);
// `roofline_fresh_streams` opens a fresh stream for every draw, as the engine
// opens one per purpose of each journey. `roofline_probe_draws` draws, still
// through omnisim::RandomStream, the cheaper variates of a minimal probe of
// one event's randomness (a basket of exp(uniform) rather than a Gamma): it
// tells the cost of the generator and its plumbing from that of the variates
// (bench/README.md).
// Work is split into fixed blocks of kCustomersPerBlock customers, one TBB
// task each, in a tbb::parallel_for inside a task_arena of the requested size.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

#include <benchmark/benchmark.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "bench/counters.hpp"
#include "sim/core/random.hpp"
#include "sim/engine/run.hpp"

namespace {

constexpr std::size_t kRooflineCustomers = 50'000;
constexpr std::uint64_t kEventsPerCustomer = 40;  // 2,000,000 events per iteration
constexpr omnisim::StreamFamily kFamily{20261128, 0};

// Seven channel weights, like the built-in scenario's seven channels.
constexpr std::array<double, 7> kChannelWeights{3.0, 2.5, 1.5, 0.6, 0.8, 0.4, 0.7};
constexpr double kChannelTotal = 3.0 + 2.5 + 1.5 + 0.6 + 0.8 + 0.4 + 0.7;

// The five draws of one event, from whichever streams the variant uses.
double draw_event(omnisim::RandomStream& gap, omnisim::RandomStream& channel,
                  omnisim::RandomStream& conversion, omnisim::RandomStream& basket,
                  omnisim::RandomStream& churn, double rate) {
  double sum = gap.exponential(rate);
  sum += channel.categorical(kChannelWeights, kChannelTotal);
  sum += conversion.bernoulli(0.3) ? 1.0 : 0.0;
  sum += basket.gamma(4.0, 15.0);
  sum += churn.bernoulli(0.01) ? 1.0 : 0.0;
  return sum;
}

// Strict roofline: one stream per customer, every draw taken in sequence.
double roofline_customer(std::uint64_t customer) {
  const double rate = 0.01 + 0.001 * static_cast<double>(customer % 7);
  omnisim::RandomStream stream(kFamily, customer, omnisim::Purpose::kRoofline, 0);
  double sum = 0.0;
  for (std::uint64_t event = 0; event < kEventsPerCustomer; ++event) {
    sum += draw_event(stream, stream, stream, stream, stream, rate);
  }
  return sum;
}

// The probe's variates: an exponential gap, a channel, a conversion, a basket
// exp(3.5 + 0.6 (u - 0.5)) and a churn test, from one stream per customer.
double roofline_customer_probe_draws(std::uint64_t customer) {
  const double rate = 0.01 + 0.001 * static_cast<double>(customer % 7);
  omnisim::RandomStream stream(kFamily, customer, omnisim::Purpose::kRoofline, 0);
  double sum = 0.0;
  for (std::uint64_t event = 0; event < kEventsPerCustomer; ++event) {
    sum += stream.exponential(rate);
    sum += stream.categorical(kChannelWeights, kChannelTotal);
    sum += stream.bernoulli(0.3) ? 1.0 : 0.0;
    sum += std::exp(3.5 + 0.6 * (stream.uniform() - 0.5));
    sum += stream.bernoulli(0.005) ? 1.0 : 0.0;
  }
  return sum;
}

// As the engine keys streams: a fresh stream for every purpose of every event.
double roofline_customer_fresh_streams(std::uint64_t customer) {
  const double rate = 0.01 + 0.001 * static_cast<double>(customer % 7);
  using omnisim::Purpose;
  using omnisim::RandomStream;
  double sum = 0.0;
  for (std::uint64_t event = 0; event < kEventsPerCustomer; ++event) {
    const std::uint64_t occasion = event * 8;
    RandomStream gap(kFamily, customer, Purpose::kRoofline, occasion + 1);
    RandomStream channel(kFamily, customer, Purpose::kRoofline, occasion + 2);
    RandomStream conversion(kFamily, customer, Purpose::kRoofline, occasion + 3);
    RandomStream basket(kFamily, customer, Purpose::kRoofline, occasion + 4);
    RandomStream churn(kFamily, customer, Purpose::kRoofline, occasion + 5);
    sum += draw_event(gap, channel, conversion, basket, churn, rate);
  }
  return sum;
}

template <double (*Customer)(std::uint64_t)>
double run_roofline(int threads) {
  constexpr std::size_t kBlock = omnisim::kCustomersPerBlock;
  const std::size_t n_blocks = (kRooflineCustomers + kBlock - 1) / kBlock;
  std::vector<double> block_sums(n_blocks, 0.0);
  tbb::task_arena arena(threads);
  arena.execute([&] {
    // One task per fixed block of kBlock customers (the last one shorter).
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, n_blocks, 1),
        [&](const tbb::blocked_range<std::size_t>& blocks) {
          for (std::size_t b = blocks.begin(); b != blocks.end(); ++b) {
            const std::size_t end = std::min(kRooflineCustomers, (b + 1) * kBlock);
            double sum = 0.0;
            for (std::size_t i = b * kBlock; i != end; ++i)
              sum += Customer(i);
            block_sums[b] = sum;  // one write per block
          }
        },
        tbb::simple_partitioner());
  });
  return std::accumulate(block_sums.begin(), block_sums.end(), 0.0);
}

template <double (*Customer)(std::uint64_t)>
void BM_Roofline(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  std::uint64_t events = 0;
  for (auto _ : state) {
    double checksum = run_roofline<Customer>(threads);
    benchmark::DoNotOptimize(checksum);
    events += kRooflineCustomers * kEventsPerCustomer;
  }
  omnisim::bench::set_event_counters(state, static_cast<double>(events), threads);
}

}  // namespace

BENCHMARK(BM_Roofline<roofline_customer_fresh_streams>)
    ->Name("roofline_fresh_streams")
    ->Apply(omnisim::bench::at_one_and_two_threads);
BENCHMARK(BM_Roofline<roofline_customer>)
    ->Name("roofline")
    ->Apply(omnisim::bench::at_one_and_two_threads);
BENCHMARK(BM_Roofline<roofline_customer_probe_draws>)
    ->Name("roofline_probe_draws")
    ->Apply(omnisim::bench::at_one_and_two_threads);
