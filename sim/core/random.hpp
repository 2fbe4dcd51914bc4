#pragma once
// Counter-based random streams (Random123 Philox4x64-10; Salmon et al. 2011,
// "Parallel random numbers: as easy as 1, 2, 3").
//
// A stream is named by its identity, never by a thread or a memory slot:
//   key     = (seed, replication)
//   counter = (customer id, occasion, purpose, draw index)
// Each purpose (traits, need gaps, consideration, ...) has its own stream per
// occasion (usually the customer's need index), so adding a draw to one
// purpose never shifts the draws of another: this is what gives common random
// numbers across strategies and identical results at any thread count.

// philox.h sets up the Random123 feature macros the other headers need.
#include <Random123/philox.h>
// (keep the blank line: it stops clang-format from reordering the two groups)

#include <cmath>
#include <cstdint>
#include <random>
#include <span>

#include <Random123/MicroURNG.hpp>
#include <Random123/boxmuller.hpp>
#include <Random123/uniform.hpp>

namespace omnisim {

// What a stream is used for. Values are part of the stream identity: never
// renumber them, only append (renumbering changes every result).
enum class Purpose : std::uint64_t {
  kTraits = 1,
  kLinkage = 2,
  kNeedGaps = 3,
  kLifetime = 4,
  kAwareness = 5,
  kConsideration = 6,
  kDecision = 7,
  kBasket = 8,
  kService = 9,
  kSurvey = 10,
  kFulfilment = 11,
  kAcquisition = 12,
  kMarketing = 13,
  kMarketingGaps = 14,
  kReferral = 15,
  kWordOfMouth = 16,
  kDesign = 17,     // sweep designs (sim/experiment/design.hpp): customer slot = dimension
  kBootstrap = 18,  // resamples of sensitivity indices (analysis/sensitivity.hpp)
  kEventTime = 19,  // when a logged event happens (sim/engine/event_clock.hpp): occasion = sequence
  kFaults = 20,  // faults a paced stream injects (sim/io/stream_filters.hpp): occasion = sequence
  kRoofline = 100,  // bench/ only
};

// Index i with probability weights[i] / total for a uniform draw in (0, 1].
// Weights must be >= 0 and total their sum (> 0); returns the last positive
// index on round-off.
inline int pick_categorical(std::span<const double> weights, double total, double uniform) {
  double threshold = uniform * total;
  int last_positive = -1;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] <= 0.0) continue;
    last_positive = static_cast<int>(i);
    threshold -= weights[i];
    if (threshold <= 0.0) return last_positive;
  }
  return last_positive;
}

// The replication-wide part of every stream's identity.
struct StreamFamily {
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
};

class RandomStream {
 public:
  using Philox = r123::Philox4x64;
  using result_type = std::uint64_t;

  RandomStream(StreamFamily family, std::uint64_t customer, Purpose purpose, std::uint64_t occasion)
      : urng_(Philox::ctr_type{{customer, occasion, static_cast<std::uint64_t>(purpose), 0}},
              Philox::ukey_type{{family.seed, family.replication}}) {}

  // UniformRandomBitGenerator interface, so <random> distributions apply.
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() { return urng_(); }

  // Uniform on (0, 1]: never 0, so -log(u) is finite.
  double uniform() { return r123::u01<double>(urng_()); }
  bool bernoulli(double probability) { return uniform() <= probability; }
  double exponential(double rate) { return -std::log(uniform()) / rate; }
  double normal() {
    if (has_spare_normal_) {
      has_spare_normal_ = false;
      return spare_normal_;
    }
    // Drawn in two statements: as two arguments of one call, the order of
    // the draws was the compiler's (gcc took the second first, clang the
    // first), and a build with clang drew other customers. This is gcc's
    // order, the one the regression references hold.
    const auto for_y = urng_();
    const auto for_x = urng_();
    const auto pair = r123::boxmuller(for_x, for_y);
    spare_normal_ = pair.y;
    has_spare_normal_ = true;
    return pair.x;
  }
  // Gamma with the given shape and scale (mean shape * scale).
  double gamma(double shape, double scale) {
    return std::gamma_distribution<double>(shape, scale)(*this);
  }
  double beta(double a, double b) {
    const double x = gamma(a, 1.0);
    const double y = gamma(b, 1.0);
    return x / (x + y);
  }
  // Index i with probability weights[i] / total (see pick_categorical).
  int categorical(std::span<const double> weights, double total) {
    return pick_categorical(weights, total, uniform());
  }
  // Geometric on {1, 2, ...} with the given mean (>= 1).
  int geometric_at_least_one(double mean) {
    if (mean <= 1.0) return 1;
    const double continue_probability = 1.0 - 1.0 / mean;
    const double extra = std::floor(std::log(uniform()) / std::log(continue_probability));
    return 1 + static_cast<int>(std::min(extra, 1e6));  // callers cap far below
  }

 private:
  r123::MicroURNG<Philox> urng_;
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

}  // namespace omnisim
