#include "sim/experiment/sweep_ranks.hpp"

#include <chrono>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

// What came of a point: its message's tag.
enum class Kind { kResult, kFailed, kStopped };

MessageTag tag_of(Kind kind) {
  switch (kind) {
    case Kind::kResult:
      return MessageTag::kSweepResult;
    case Kind::kFailed:
      return MessageTag::kSweepFailed;
    default:
      return MessageTag::kSweepStopped;
  }
}

struct Outcome {
  int rank = 0;
  Kind kind = Kind::kResult;
  std::size_t point = 0;
  PointValues values;
  bool input_error = false;
  std::vector<std::string> problems;
};

template <class ShouldStop>
Outcome evaluate_point(const std::vector<std::vector<double>>& unit_points,
                       const PointEvaluator& evaluate, std::size_t point, int rank,
                       const ShouldStop& should_stop) {
  Outcome outcome{rank, Kind::kResult, point, {}, false, {}};
  // The engine reports between periods: a stop ends the point there.
  const auto progress = [&](double, const std::string&) {
    if (should_stop()) throw SweepStopped{};
  };
  try {
    outcome.values = evaluate(point, unit_points.at(point), progress);
  } catch (const SweepStopped&) {
    outcome.kind = Kind::kStopped;
  } catch (const InputError& error) {
    outcome.kind = Kind::kFailed;
    outcome.input_error = true;
    outcome.problems = error.problems();
  } catch (const std::exception& error) {
    // Out of memory included: this rank's thread must not end the process.
    outcome.kind = Kind::kFailed;
    outcome.problems = {error.what()};
  }
  return outcome;
}

Bytes encode(const Outcome& outcome) {
  ByteWriter out;
  out.put<std::uint64_t>(outcome.point);
  out.put_span(std::span<const double>(outcome.values));
  out.put<std::uint8_t>(outcome.input_error ? 1 : 0);
  out.put<std::uint64_t>(outcome.problems.size());
  for (const auto& problem : outcome.problems)
    out.put_string(problem);
  return std::move(out.bytes());
}

Outcome decode(const Message& message) {
  ByteReader in(message.bytes);
  const Kind kind = message.tag == MessageTag::kSweepResult   ? Kind::kResult
                    : message.tag == MessageTag::kSweepFailed ? Kind::kFailed
                                                              : Kind::kStopped;
  Outcome outcome{message.from, kind, 0, {}, false, {}};
  outcome.point = in.get<std::uint64_t>();
  outcome.values = in.get_vector<double>();
  outcome.input_error = in.get<std::uint8_t>() != 0;
  const auto n_problems = in.get<std::uint64_t>();
  for (std::uint64_t i = 0; i < n_problems; ++i)
    outcome.problems.push_back(in.get_string());
  return outcome;
}

Bytes point_message(std::size_t point) {
  ByteWriter out;
  out.put<std::uint64_t>(point);
  return std::move(out.bytes());
}

[[noreturn]] void throw_failure(const Outcome& failure) {
  // Named as the results file numbers points, from 0, and by the rank it failed on.
  const std::string where =
      "point " + std::to_string(failure.point) + " (rank " + std::to_string(failure.rank) + "): ";
  std::vector<std::string> problems;
  for (const auto& problem : failure.problems)
    problems.push_back(where + problem);
  if (failure.input_error) throw InputError(std::move(problems));
  throw ModelError(problems.empty() ? where : problems.front());
}

}  // namespace

std::size_t run_sweep_points_on_ranks(const std::vector<std::vector<double>>& unit_points,
                                      const PointEvaluator& evaluate, const SweepRun& run,
                                      Communicator& world) {
  const auto stopping = [&] {
    return run.stop_requested != nullptr && run.stop_requested->load(std::memory_order_relaxed);
  };
  // Shared with this rank's own worker thread.
  std::mutex mutex;
  std::deque<std::size_t> queue(run.points.begin(), run.points.end());
  bool failed = false;
  std::vector<Outcome> local_outcomes;
  bool local_done = false;
  std::atomic<bool> abandon{false};

  const auto next_point = [&]() -> std::optional<std::size_t> {
    const std::lock_guard lock(mutex);
    if (failed || stopping() || queue.empty()) return std::nullopt;
    const std::size_t point = queue.front();
    queue.pop_front();
    return point;
  };
  std::thread local([&] {
    for (;;) {
      const std::optional<std::size_t> point = next_point();
      if (!point) break;
      Outcome outcome = evaluate_point(unit_points, evaluate, *point, 0,
                                       [&] { return stopping() || abandon.load(); });
      const bool go_on = outcome.kind == Kind::kResult;
      const std::lock_guard lock(mutex);
      local_outcomes.push_back(std::move(outcome));
      if (!go_on) break;
    }
    const std::lock_guard lock(mutex);
    local_done = true;
  });

  std::size_t done = 0;
  std::optional<Outcome> failure;
  const double total = static_cast<double>(run.points.size());
  const auto take = [&](Outcome& outcome) {
    if (outcome.kind == Kind::kResult) {
      run.finished(outcome.point, outcome.values);
      ++done;
      if (run.progress) {
        run.progress(static_cast<double>(done) / total,
                     std::to_string(done) + " of " + std::to_string(run.points.size()) +
                         " points on " + std::to_string(world.size()) + " ranks");
      }
    } else if (outcome.kind == Kind::kFailed && !failure) {
      failure = std::move(outcome);
      const std::lock_guard lock(mutex);
      failed = true;
    }
  };
  try {
    int serving = world.size() - 1;  // other ranks not yet told they are done
    for (;;) {
      bool idle = true;
      while (std::optional<Message> message = world.try_receive()) {
        idle = false;
        // A worker asks first, then with each outcome: after a result it
        // gets the next point, if any; after a failure or a stop, done.
        bool wants_more = message->tag == MessageTag::kSweepAsk;
        if (!wants_more) {
          Outcome outcome = decode(*message);
          wants_more = outcome.kind == Kind::kResult;
          take(outcome);
        }
        const std::optional<std::size_t> point =
            wants_more ? next_point() : std::optional<std::size_t>();
        world.send(message->from, point ? MessageTag::kSweepAssign : MessageTag::kSweepDone,
                   point ? point_message(*point) : Bytes{});
        if (!point) --serving;
      }
      std::vector<Outcome> outcomes;
      bool local_finished = false;
      {
        const std::lock_guard lock(mutex);
        outcomes.swap(local_outcomes);
        local_finished = local_done;
      }
      for (Outcome& outcome : outcomes)
        take(outcome);
      // After a failure the other ranks' points are not waited for: the
      // error ends the job.
      if (failure) abandon = true;
      if (local_finished && (serving == 0 || failure)) break;
      if (idle && outcomes.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  } catch (...) {
    abandon = true;
    {
      const std::lock_guard lock(mutex);
      failed = true;
    }
    local.join();
    throw;
  }
  local.join();
  if (failure) {
    if (run.failed_point != nullptr) *run.failed_point = failure->point;
    throw_failure(*failure);
  }
  return done;
}

void serve_sweep_points(const std::vector<std::vector<double>>& unit_points,
                        const PointEvaluator& evaluate, Communicator& world,
                        const std::atomic<bool>* stop_requested) {
  const auto stopping = [&] {
    return stop_requested != nullptr && stop_requested->load(std::memory_order_relaxed);
  };
  world.send(0, MessageTag::kSweepAsk, {});
  for (;;) {
    const Message message = world.receive(0);
    if (message.tag != MessageTag::kSweepAssign) return;
    ByteReader in(message.bytes);
    const auto point = static_cast<std::size_t>(in.get<std::uint64_t>());
    const Outcome outcome = evaluate_point(unit_points, evaluate, point, world.rank(), stopping);
    world.send(0, tag_of(outcome.kind), encode(outcome));
  }
}

}  // namespace omnisim
