#include "sim/cli/memory.hpp"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <sstream>

#include <unistd.h>

#include "sim/core/error.hpp"
#include "sim/engine/population.hpp"

namespace omnisim::cli {
namespace {

// The machine's memory, or the container's limit (cgroup v2) if lower.
double available_memory_bytes() {
  double bytes =
      static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  std::ifstream limit("/sys/fs/cgroup/memory.max");  // "max" when unlimited
  double limit_bytes = 0.0;
  if (limit >> limit_bytes && limit_bytes > 0.0) bytes = std::min(bytes, limit_bytes);
  return bytes;
}

}  // namespace

void check_population_fits(std::int64_t paid_customers) {
  const double needed_bytes = static_cast<double>(paid_customers) * kBytesPerPaidCustomer;
  const double memory_bytes = available_memory_bytes();
  if (memory_bytes > 0.0 && needed_bytes > 0.7 * memory_bytes) {
    std::ostringstream message;
    message << std::fixed << std::setprecision(1) << "simulation.customers = " << paid_customers
            << " needs at least " << needed_bytes / 1e9 << " GB for one run; this machine has "
            << memory_bytes / 1e9 << " GB";
    throw InputError(message.str());
  }
}

}  // namespace omnisim::cli
