#pragma once
// A deterministic parallel reduction over fixed blocks of customers.
//
// Blocks run in parallel (oneTBB), in waves of a few blocks per thread; each
// block fills its own output slot (a tally, and any referrals), and the slots
// are merged into the total in block order. The total is therefore the same sum in the same order
// at any thread count, and memory is a few tallies per thread. (TBB's parallel_deterministic_reduce
// gives the same guarantee, but keeps copies of the tallies in memory TBB recycles between threads,
// which ThreadSanitizer cannot follow with Debian's uninstrumented libtbb.)

#include <algorithm>
#include <cstddef>
#include <vector>

#include "sim/core/parallel_for.hpp"

namespace omnisim {

// Output needs clear() and merge(const Output&).
template <class Output>
class BlockReducer {
 public:
  BlockReducer(const Output& empty, int threads)
      : empty_(empty),
        width_(kBlocksPerThreadPerWave * static_cast<std::size_t>(std::max(threads, 1))) {}

  // Calls body(block) for every block in [0, n_blocks), in parallel.
  template <class Body>
  void for_each(std::size_t n_blocks, const Body& body) {
    parallel_for_indices(n_blocks, 1, body);
  }

  // Calls body(block, output) for every block in [0, n_blocks) and merges
  // each block's output into `total` in block order; after each wave,
  // after_wave(total) may take what it wants out of it (the event log, so
  // that it need not hold a whole period). Call inside the arena.
  template <class Body, class AfterWave>
  void reduce(std::size_t n_blocks, Output& total, const Body& body, const AfterWave& after_wave) {
    // Slots are made only as blocks need them: many threads on few
    // customers must not cost 32 tallies per thread.
    const std::size_t width = std::min(width_, n_blocks);
    if (slots_.size() < width) slots_.resize(width, empty_);
    for (std::size_t first = 0; first < n_blocks; first += width) {
      const std::size_t count = std::min(width, n_blocks - first);
      for_each(count, [&](std::size_t slot) {
        slots_[slot].clear();
        body(first + slot, slots_[slot]);
      });
      for (std::size_t slot = 0; slot < count; ++slot)
        total.merge(slots_[slot]);
      after_wave(total);
    }
  }
  template <class Body>
  void reduce(std::size_t n_blocks, Output& total, const Body& body) {
    reduce(n_blocks, total, body, [](Output&) {});
  }

 private:
  static constexpr std::size_t kBlocksPerThreadPerWave = 32;
  Output empty_;
  std::size_t width_;  // blocks per wave
  std::vector<Output> slots_;
};

}  // namespace omnisim
