#pragma once
// tbb::parallel_for over the indices [0, n), in chunks of at most `grain`
// (simple_partitioner: the chunks do not depend on the thread count), run in
// the calling thread's task arena. The happens-before edges TBB guarantees
// between the caller and the workers are made visible to ThreadSanitizer
// (sim/core/thread_handoff.hpp): what the caller wrote before is seen by the
// body, and what the body wrote is seen by the caller after.

#include <cstddef>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include "sim/core/thread_handoff.hpp"

namespace omnisim {

// body(index) for every index, in parallel.
template <class Body>
void parallel_for_indices(std::size_t n, std::size_t grain, const Body& body) {
  ThreadHandoff handoff;
  handoff.release();
  // TBB copies the functor into its own memory before a worker runs it, so
  // a worker reads nothing of the caller's stack before its acquire().
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n, grain),
      [&handoff, &body](const tbb::blocked_range<std::size_t>& indices) {
        handoff.acquire();
        for (std::size_t index = indices.begin(); index != indices.end(); ++index)
          body(index);
        handoff.release();
      },
      tbb::simple_partitioner());
  handoff.acquire();
}

}  // namespace omnisim
