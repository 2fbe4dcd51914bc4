#pragma once
// Work that runs without the GIL and stops on Ctrl-C. The work runs on a
// thread of its own; the calling thread waits for it and, every 50 ms, takes
// the GIL and lets Python run its signal handlers. When one raises (Ctrl-C:
// KeyboardInterrupt), the work is asked to stop -- it checks the flag
// between the engine's periods and throws Interrupted -- is joined, and the
// Python exception is raised. Other threads of the interpreter run
// meanwhile.

#include <atomic>
#include <chrono>
#include <functional>

namespace omnisim::python {

// Thrown by work that saw the stop request; never reaches Python.
struct Interrupted {};

// Throws Interrupted if `stop` is set: the check the work makes between steps.
inline void check_stop(const std::atomic<bool>& stop) {
  if (stop.load(std::memory_order_relaxed)) throw Interrupted{};
}

// Waits until `ready(timeout)` (which blocks for at most `timeout`) says
// yes, without the GIL, running Python's signal handlers between waits; if
// one raises, calls `stop()` (without the GIL: it must end whatever `ready`
// waits for) and raises the Python exception. Call with the GIL held.
void wait_interruptibly(const std::function<bool(std::chrono::milliseconds timeout)>& ready,
                        const std::function<void()>& stop);

// Runs `work(stop)` as described above. Call with the GIL held. The work's
// own exceptions are rethrown (pybind11 translates them).
void run_interruptibly(const std::function<void(const std::atomic<bool>& stop)>& work);

}  // namespace omnisim::python
