#pragma once
// A sweep's points over the ranks of an MPI job (sim/core/communicator.hpp):
// rank 0 hands the points out one at a time to whichever rank asks next, so
// a slow point never idles the others, and works through them too, on a
// thread of its own; each finished point comes back to rank 0, which hands
// it on (the command makes it durable in the journal) exactly as one process
// does. The file is written from the journal, sorted by point, so it is the
// same whatever rank ran what.

#include <atomic>
#include <cstddef>
#include <vector>

#include "sim/core/communicator.hpp"
#include "sim/experiment/sweep.hpp"

namespace omnisim {

// Rank 0: the points of `run`, on every rank of `world`; returns how many
// finished (fewer only when stopped). A point that fails on any rank ends the
// run with its error ("point N (rank R): ..."), once the points that finished
// before it are handed on; the other ranks are still busy, and the command
// ends them (main aborts the job).
std::size_t run_sweep_points_on_ranks(const std::vector<std::vector<double>>& unit_points,
                                      const PointEvaluator& evaluate, const SweepRun& run,
                                      Communicator& world);

// Every other rank: evaluates the points rank 0 hands out until it says done
// (or, once `stop_requested`, abandons the point in flight).
void serve_sweep_points(const std::vector<std::vector<double>>& unit_points,
                        const PointEvaluator& evaluate, Communicator& world,
                        const std::atomic<bool>* stop_requested);

}  // namespace omnisim
