#include "python/interruptible.hpp"

#include <exception>
#include <future>
#include <optional>
#include <thread>

#include <pybind11/pybind11.h>

namespace py = pybind11;

namespace omnisim::python {

void wait_interruptibly(const std::function<bool(std::chrono::milliseconds timeout)>& ready,
                        const std::function<void()>& stop) {
  constexpr auto kSignalCheck = std::chrono::milliseconds(50);
  std::optional<py::error_already_set> interrupt;  // touched with the GIL held only
  {
    const py::gil_scoped_release release;
    while (!ready(kSignalCheck)) {
      const py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {
        interrupt.emplace();  // takes the raised exception out of the thread state
        break;
      }
    }
    if (interrupt) stop();
  }
  if (interrupt) throw *interrupt;
}

void run_interruptibly(const std::function<void(const std::atomic<bool>& stop)>& work) {
  std::atomic<bool> stop{false};
  std::exception_ptr failure;
  std::promise<void> done;
  std::future<void> finished = done.get_future();
  std::thread worker([&] {
    try {
      work(stop);
    } catch (const Interrupted&) {
      // asked to stop: the interrupt is what Python sees
    } catch (...) {
      failure = std::current_exception();
    }
    done.set_value();
  });
  try {
    wait_interruptibly(
        [&](std::chrono::milliseconds timeout) {
          return finished.wait_for(timeout) == std::future_status::ready;
        },
        [&] {
          stop = true;
          worker.join();
        });
  } catch (...) {
    if (worker.joinable()) worker.join();
    throw;
  }
  worker.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace omnisim::python
