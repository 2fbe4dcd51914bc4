#pragma once
// A period's total from the chunks of every rank (sim/engine/population.hpp).
//
// Each rank hands in its chunks' outputs in chunk order. With one rank they
// are folded into the total at once. With several, each rank packs its
// chunks (the tally's non-zero words and the referrals), every rank gathers
// every rank's, and folds them all in chunk order: the same sum in the same
// order as one rank, so every rank holds the same total, bit for bit, and
// sets the same conditions for the next period. Couplings and referrals need
// the whole period, so this is once per period; bytes_sent() says how much.
//
// The event log is written by rank 0 alone: at the end of the period the
// other ranks send it their chunks' events, one message per chunk, and it
// writes every chunk's in chunk order, the same file as one rank writes.
// Each rank holds its own chunks' events of the period until then, and rank
// 0 one other chunk's at a time.

#include <cstddef>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "sim/core/communicator.hpp"
#include "sim/engine/period.hpp"

namespace omnisim {

class ChunkExchange {
 public:
  // `write_events` takes events in customer order (called on rank 0 only,
  // with several ranks).
  ChunkExchange(Communicator& world, const TallyLayout& layout,
                std::function<void(std::span<const Event>)> write_events);

  // `events`: the chunks' outputs carry events (alike on every rank).
  void begin(PeriodOutput& total, bool events);
  // The next chunk of this rank (chunk numbers ascending).
  void add(std::size_t chunk, PeriodOutput& chunk_output, PeriodOutput& total);
  // Collective: completes `total` with every rank's chunks.
  void finish(PeriodOutput& total);

  // Bytes this rank has sent to the others so far (tallies, referrals, events).
  std::size_t bytes_sent() const { return bytes_sent_; }

 private:
  struct HeldEvents {
    std::size_t chunk;
    std::vector<Event> events;
  };
  void send_events();
  void write_events_in_chunk_order(const std::vector<std::pair<std::size_t, int>>& owners);

  Communicator& world_;
  TallyLayout layout_;
  std::function<void(std::span<const Event>)> write_events_;
  bool events_ = false;
  ByteWriter packed_;
  std::vector<HeldEvents> held_;  // this rank's chunks' events, until the period ends
  std::size_t bytes_sent_ = 0;
};

}  // namespace omnisim
