#pragma once
// Makes the happens-before edges that oneTBB guarantees visible to
// ThreadSanitizer. Debian's libtbb is not built with TSan, so a customer
// written by one worker in period k and read by another in period k + 1
// looks like a race to TSan although TBB's task wait orders the two.
// Workers `acquire` when a task starts and `release` when it ends; the
// calling thread does the same around each parallel algorithm. Without
// -fsanitize=thread every call compiles to nothing.

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace omnisim {

class ThreadHandoff {
 public:
  void acquire() {
#if defined(__SANITIZE_THREAD__)
    __tsan_acquire(this);
#endif
  }
  void release() {
#if defined(__SANITIZE_THREAD__)
    __tsan_release(this);
#endif
  }

 private:
  [[maybe_unused]] char token_ = 0;  // gives the object an address of its own
};

}  // namespace omnisim
