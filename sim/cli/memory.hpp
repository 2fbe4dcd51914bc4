#pragma once
// A population that cannot fit fails before the run, naming the key to
// change, rather than after minutes or at the hands of the kernel's OOM
// killer.

#include <cstdint>

namespace omnisim::cli {

// InputError if one run of `paid_customers` would need more than 70 % of the
// machine's memory (or of the container's limit, if lower). Referred
// customers come on top (under 10 % in the built-in scenario).
void check_population_fits(std::int64_t paid_customers);

}  // namespace omnisim::cli
