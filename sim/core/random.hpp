#pragma once
// Counter-based random streams (Random123 Philox4x32-10; Salmon et al. 2011,
// "Parallel random numbers: as easy as 1, 2, 3").
//
// A stream is named by its identity, never by a thread or a memory slot:
//   key     = mix64(seed ^ (replication << 8 | purpose) * golden ratio)
//   counter = (customer id: 64 bits, occasion: 40 bits, block index: 24 bits)
// Each purpose (traits, need gaps, consideration, ...) has its own stream per
// occasion (usually the customer's need index), so adding a draw to one
// purpose never shifts the draws of another: this is what gives common random
// numbers across strategies and identical results at any thread count.
// For one seed, distinct (replication, purpose) pairs always get distinct
// keys (the mix is a bijection); two different seeds share a key with
// probability 2^-64.
//
// Every word is a 32-bit integer and a uniform takes one word (resolution
// 2^-32, so the smallest uniform is 2.3e-10 and an exponential at most 22.2
// means): each Philox block gives four uniforms.

// philox.h sets up the Random123 feature macros the other headers need.
#include <Random123/philox.h>
// (keep the blank line: it stops clang-format from reordering the two groups)

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <stdexcept>

#include <boost/random/normal_distribution.hpp>

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

// Occasions are 40-bit: the counter's last word keeps 24 bits for the block
// index. The key packs a purpose in 8 bits beside the replication.
inline constexpr std::uint64_t kOccasionLimit = std::uint64_t{1} << 40;
inline constexpr std::uint64_t kPurposeLimit = 256;
inline constexpr std::uint64_t kReplicationLimit = std::uint64_t{1} << 56;

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

// A bijection of 64-bit words with full avalanche (MurmurHash3's finaliser).
constexpr std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// A Gamma(shape, 1) sampler's constants (Marsaglia and Tsang 2000, "A simple
// method for generating gamma variables"), computed once per shape.
struct GammaShape {
  explicit GammaShape(double shape)
      : boost_below_one(shape < 1.0),
        inverse_shape(1.0 / shape),
        d((boost_below_one ? shape + 1.0 : shape) - 1.0 / 3.0),
        c(1.0 / std::sqrt(9.0 * d)) {}
  bool boost_below_one;  // shape < 1: Gamma(shape + 1) U^(1 / shape)
  double inverse_shape;
  double d;
  double c;
};

class RandomStream {
 public:
  using Philox = r123::Philox4x32;
  using result_type = std::uint32_t;

  RandomStream(StreamFamily family, std::uint64_t customer, Purpose purpose, std::uint64_t occasion)
      : key_{{0, 0}},
        counter_{{static_cast<std::uint32_t>(customer), static_cast<std::uint32_t>(customer >> 32),
                  static_cast<std::uint32_t>(occasion),
                  static_cast<std::uint32_t>(occasion >> 32) << kBlockBits}} {
    // Out of these ranges two identities would share a stream.
    if (occasion >= kOccasionLimit || static_cast<std::uint64_t>(purpose) >= kPurposeLimit ||
        family.replication >= kReplicationLimit) [[unlikely]]
      throw_identity_out_of_range();
    // (replication, purpose) -> (replication << 8 | purpose) times an odd
    // constant is injective, and so is the rest: one bijective mix.
    const std::uint64_t key =
        mix64(family.seed ^ (((family.replication << 8) | static_cast<std::uint64_t>(purpose)) *
                             0x9e3779b97f4a7c15ULL));
    key_ = {{static_cast<std::uint32_t>(key), static_cast<std::uint32_t>(key >> 32)}};
  }

  // UniformRandomBitGenerator interface, so <random> and Boost.Random apply.
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() {
    if (next_ == kWordsPerBlock) refill();
    return block_[next_++];
  }

  // Uniform on (0, 1]: never 0, so -log(u) is finite.
  double uniform() { return (static_cast<double>((*this)()) + 1.0) * 0x1p-32; }
  bool bernoulli(double probability) { return uniform() <= probability; }
  double exponential(double rate) { return -std::log(uniform()) / rate; }
  // Standard normal: Boost.Random's ziggurat (two words, rarely more).
  double normal() { return boost::random::normal_distribution<double>()(*this); }
  // Gamma with the given shape and scale (mean shape * scale).
  double gamma(double shape, double scale) { return gamma(GammaShape(shape), scale); }
  double gamma(const GammaShape& shape, double scale) {
    // Drawn in statements, not as arguments of one call, so the order of the
    // draws is the language's, not the compiler's.
    const double boost = shape.boost_below_one ? std::pow(uniform(), shape.inverse_shape) : 1.0;
    for (;;) {
      const double x = normal();
      double v = 1.0 + shape.c * x;
      if (v <= 0.0) continue;
      v = v * v * v;
      const double u = uniform();
      const double x2 = x * x;
      // The squeeze accepts about 98 % of draws without a logarithm.
      if (u < 1.0 - 0.0331 * x2 * x2 ||
          std::log(u) < 0.5 * x2 + shape.d * (1.0 - v + std::log(v))) {
        return shape.d * v * boost * scale;
      }
    }
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
  static constexpr int kBlockBits = 24;
  static constexpr std::uint32_t kBlockMask = (std::uint32_t{1} << kBlockBits) - 1;
  static constexpr unsigned kWordsPerBlock = 4;

  // Out of line: keeps the constructor small enough to inline everywhere.
  [[noreturn, gnu::noinline, gnu::cold]] static void throw_identity_out_of_range() {
    throw std::out_of_range(
        "random stream identity out of range (occasion < 2^40, purpose < 256, "
        "replication < 2^56)");
  }

  void refill() {
    if ((counter_[3] & kBlockMask) == kBlockMask) [[unlikely]] {
      throw std::length_error("random stream exhausted (2^24 blocks)");
    }
    block_ = Philox()(counter_, key_);
    counter_[3] += 1;
    next_ = 0;
  }

  Philox::key_type key_;
  Philox::ctr_type counter_;
  Philox::ctr_type block_{};
  unsigned next_ = kWordsPerBlock;
};

}  // namespace omnisim
