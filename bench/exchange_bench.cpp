// What every rank of an MPI job does per chunk of another rank at each
// period's end (sim/engine/chunk_exchange.hpp): unpack the chunk's tally
// (its non-zero words) and fold it into the period's total. The chunk is
// real: 16 blocks of 1,024 customers of the built-in scenario (omnichannel)
// over one 30-day period. bytes_per_chunk is what the chunk's tally takes
// in the exchange. bench/README.md turns these into the cost model of a run
// on 64 and 512 ranks.

#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "sim/engine/population.hpp"
#include "sim/engine/run.hpp"
#include "sim/kpi/tally.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/load.hpp"

namespace {

void BM_ChunkUnpackAndFold(benchmark::State& state) {
  const std::vector<std::string> one_chunk_one_period{
      "simulation.customers=" +
          std::to_string(omnisim::kBlocksPerChunk * omnisim::kCustomersPerBlock),
      "simulation.horizon_days=30", "acquisition.window_days=30"};
  const omnisim::Model model =
      omnisim::build_model(omnisim::load_scenario_file("", one_chunk_one_period));
  omnisim::RunRequest request;
  request.strategy = model.require_strategy("omnichannel");
  request.threads = 1;
  request.lifetime = false;
  const omnisim::RunResult chunk = omnisim::run_simulation(model, request);
  omnisim::ByteWriter packed;
  chunk.totals.pack(packed);
  omnisim::Tally total(chunk.totals.layout());
  for (auto _ : state) {
    omnisim::ByteReader in(packed.bytes());
    total.merge(omnisim::Tally::unpack(in, chunk.totals.layout()));
    benchmark::DoNotOptimize(total[omnisim::Sum::kRevenue]);
  }
  state.counters["bytes_per_chunk"] = static_cast<double>(packed.bytes().size());
}

}  // namespace

BENCHMARK(BM_ChunkUnpackAndFold);
