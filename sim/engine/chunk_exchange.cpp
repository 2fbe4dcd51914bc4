#include "sim/engine/chunk_exchange.hpp"

#include <algorithm>
#include <utility>

namespace omnisim {
namespace {

// The period's total takes each chunk's in chunk order: one rank or several.
void fold(const Tally& tally, std::span<const Referral> referrals, PeriodOutput& total) {
  total.tally.merge(tally);
  total.referrals.insert(total.referrals.end(), referrals.begin(), referrals.end());
}

struct Part {
  std::size_t chunk;
  int rank;
  Tally tally;
  std::vector<Referral> referrals;
};

}  // namespace

ChunkExchange::ChunkExchange(Communicator& world, const TallyLayout& layout,
                             std::function<void(std::span<const Event>)> write_events)
    : world_(world), layout_(layout), write_events_(std::move(write_events)) {}

void ChunkExchange::begin(PeriodOutput& total, bool events) {
  total.clear();
  events_ = events;
  packed_.clear();
  held_.clear();
}

void ChunkExchange::add(std::size_t chunk, PeriodOutput& chunk_output, PeriodOutput& total) {
  if (world_.size() == 1) {
    fold(chunk_output.tally, chunk_output.referrals, total);
    if (events_ && !chunk_output.events.empty()) write_events_(chunk_output.events);
    return;
  }
  packed_.put<std::uint64_t>(chunk);
  chunk_output.tally.pack(packed_);
  packed_.put_span(std::span<const Referral>(chunk_output.referrals));
  if (events_) held_.push_back({chunk, std::move(chunk_output.events)});
}

void ChunkExchange::finish(PeriodOutput& total) {
  if (world_.size() == 1) return;
  bytes_sent_ += packed_.bytes().size();
  std::vector<Part> parts;
  int rank = 0;
  for (const Bytes& from_rank : world_.all_gather(packed_.bytes())) {
    ByteReader in(from_rank);
    while (!in.done()) {
      const auto chunk = in.get<std::uint64_t>();
      Tally tally = Tally::unpack(in, layout_);
      parts.push_back({chunk, rank, std::move(tally), in.get_vector<Referral>()});
    }
    ++rank;
  }
  std::sort(parts.begin(), parts.end(),
            [](const Part& a, const Part& b) { return a.chunk < b.chunk; });
  std::vector<std::pair<std::size_t, int>> owners;  // (chunk, rank), in chunk order
  for (const Part& part : parts) {
    fold(part.tally, part.referrals, total);
    owners.emplace_back(part.chunk, part.rank);
  }
  if (!events_) return;
  if (world_.rank() == 0) {
    write_events_in_chunk_order(owners);
  } else {
    send_events();
  }
}

void ChunkExchange::send_events() {
  for (const HeldEvents& held : held_) {
    ByteWriter out;
    out.put<std::uint64_t>(held.chunk);
    out.put_span(std::span<const Event>(held.events));
    bytes_sent_ += out.bytes().size();
    world_.send(0, MessageTag::kChunkEvents, out.bytes());
  }
}

void ChunkExchange::write_events_in_chunk_order(
    const std::vector<std::pair<std::size_t, int>>& owners) {
  // Each rank sends its chunks in ascending order, so the next message from
  // a chunk's owner is that chunk's.
  auto own = held_.begin();
  for (const auto& [chunk, owner] : owners) {
    if (owner == 0) {
      if (!own->events.empty()) write_events_(own->events);
      ++own;
      continue;
    }
    const Message message = world_.receive(owner);
    ByteReader in(message.bytes);
    if (message.tag != MessageTag::kChunkEvents || in.get<std::uint64_t>() != chunk) {
      throw ModelError("rank " + std::to_string(owner) + " sent events out of chunk order");
    }
    const std::vector<Event> events = in.get_vector<Event>();
    if (!events.empty()) write_events_(events);
  }
}

}  // namespace omnisim
