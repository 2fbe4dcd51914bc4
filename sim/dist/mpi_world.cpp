#include "sim/dist/mpi_world.hpp"

#include <chrono>
#include <climits>
#include <cstdlib>
#include <string>
#include <thread>

#include <mpi.h>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw ModelError(std::string("MPI: ") + what + " failed");
}

int message_size(std::size_t bytes) {
  if (bytes > static_cast<std::size_t>(INT_MAX)) {
    throw ModelError("MPI: a message of " + std::to_string(bytes) +
                     " bytes, more than one MPI call carries");
  }
  return static_cast<int>(bytes);
}

// Waits for a message matching (source, any tag) without holding a core:
// MPI's blocking receive spins, which would take it from this rank's own
// simulation threads or another rank's on the same machine.
MPI_Status wait_for(int source) {
  using namespace std::chrono_literals;
  auto pause = 50us;
  for (;;) {
    int arrived = 0;
    MPI_Status status;
    check(MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status), "MPI_Iprobe");
    if (arrived != 0) return status;
    std::this_thread::sleep_for(pause);
    pause = std::min<std::chrono::microseconds>(pause * 2, 2ms);
  }
}

Message take(const MPI_Status& status) {
  int count = 0;
  check(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count");
  Message message{status.MPI_SOURCE, static_cast<MessageTag>(status.MPI_TAG),
                  Bytes(static_cast<std::size_t>(count))};
  check(MPI_Recv(message.bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE),
        "MPI_Recv");
  return message;
}

}  // namespace

MpiWorld::MpiWorld() {
  // Only the main thread talks to MPI (the engine's worker threads never do).
  int provided = 0;
  check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw ModelError("MPI: this MPI library cannot be called from a threaded program");
  }
  // Errors come back as codes (check() turns them into exceptions, which
  // main reports with the rank before it ends the job).
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
  check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
  MPI_Comm here = MPI_COMM_NULL;
  check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &here),
        "MPI_Comm_split_type");
  check(MPI_Comm_size(here, &ranks_here_), "MPI_Comm_size");
  MPI_Comm_free(&here);
}

MpiWorld::~MpiWorld() {
  MPI_Finalize();
}

std::vector<Bytes> MpiWorld::all_gather(std::span<const std::byte> mine) {
  const int count = message_size(mine.size());
  std::vector<int> counts(static_cast<std::size_t>(size_));
  check(MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD),
        "MPI_Allgather");
  std::vector<int> offsets(counts.size());
  std::size_t total = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    offsets[r] = message_size(total);
    total += static_cast<std::size_t>(counts[r]);
  }
  message_size(total);
  Bytes all(total);
  check(MPI_Allgatherv(mine.data(), count, MPI_BYTE, all.data(), counts.data(), offsets.data(),
                       MPI_BYTE, MPI_COMM_WORLD),
        "MPI_Allgatherv");
  std::vector<Bytes> by_rank;
  by_rank.reserve(counts.size());
  for (std::size_t r = 0; r < counts.size(); ++r) {
    const auto first = all.begin() + offsets[r];
    by_rank.emplace_back(first, first + counts[r]);
  }
  return by_rank;
}

void MpiWorld::send(int to, MessageTag tag, std::span<const std::byte> bytes) {
  check(MPI_Send(bytes.data(), message_size(bytes.size()), MPI_BYTE, to, static_cast<int>(tag),
                 MPI_COMM_WORLD),
        "MPI_Send");
}

std::optional<Message> MpiWorld::try_receive() {
  int arrived = 0;
  MPI_Status status;
  check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status), "MPI_Iprobe");
  if (arrived == 0) return std::nullopt;
  return take(status);
}

Message MpiWorld::receive(int from) {
  return take(wait_for(from));
}

void MpiWorld::abort(int exit_code) {
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);  // MPI_Abort does not return; this only tells the compiler
}

}  // namespace omnisim
