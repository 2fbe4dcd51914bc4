#pragma once
// A deterministic parallel reduction over fixed blocks of customers.
//
// Blocks run in parallel (oneTBB), in waves of a few blocks per thread; each
// block fills its own output slot (a tally, and any referrals), and the slots
// are folded in block order, chunk by chunk (sim/engine/population.hpp). A
// chunk's total is therefore the same sum in the same order at any thread
// count, and memory is a few tallies per thread. (TBB's parallel_deterministic_reduce
// gives the same guarantee, but keeps copies of the tallies in memory TBB recycles between threads,
// which ThreadSanitizer cannot follow with Debian's uninstrumented libtbb.)

#include <algorithm>
#include <cstddef>
#include <span>
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

  // Calls body(block, output) for every block of `blocks` (ascending) and
  // folds each chunk's block outputs in block order (chunk_of(block) gives
  // the chunk), then hands each chunk's fold to chunk_done(chunk, output),
  // in chunk order. Call inside the arena.
  template <class ChunkOf, class Body, class ChunkDone>
  void reduce(std::span<const std::size_t> blocks, const ChunkOf& chunk_of, const Body& body,
              const ChunkDone& chunk_done) {
    // Slots are made only as blocks need them: many threads on few
    // customers must not cost 32 tallies per thread.
    const std::size_t width = std::min(width_, blocks.size());
    if (slots_.size() < width) slots_.resize(width, empty_);
    std::size_t chunk = 0;
    bool open = false;
    for (std::size_t first = 0; first < blocks.size(); first += width) {
      const std::size_t count = std::min(width, blocks.size() - first);
      for_each(count, [&](std::size_t slot) {
        slots_[slot].clear();
        body(blocks[first + slot], slots_[slot]);
      });
      for (std::size_t slot = 0; slot < count; ++slot) {
        const std::size_t block_chunk = chunk_of(blocks[first + slot]);
        if (open && block_chunk != chunk) chunk_done(chunk, chunk_total_);
        if (!open || block_chunk != chunk) {
          chunk_total_ = empty_;
          chunk = block_chunk;
          open = true;
        }
        chunk_total_.merge(slots_[slot]);
      }
    }
    if (open) chunk_done(chunk, chunk_total_);
  }

  // What each block's output starts from.
  const Output& empty() const { return empty_; }

 private:
  static constexpr std::size_t kBlocksPerThreadPerWave = 32;
  Output empty_;
  std::size_t width_;  // blocks per wave
  std::vector<Output> slots_;
  Output chunk_total_ = empty_;
};

}  // namespace omnisim
