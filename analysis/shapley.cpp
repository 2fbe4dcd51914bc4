#include "analysis/shapley.hpp"

#include <bit>
#include <stdexcept>

namespace omnisim {
namespace {

// |S|! (k - |S| - 1)! / k! = 1 / (k C(k - 1, |S|)), by |S|, without the
// factorials (20! already exceeds a double's exact integers).
std::vector<double> weights_by_size(int k) {
  std::vector<double> weights(static_cast<std::size_t>(k));
  double binomial = 1.0;  // C(k - 1, s)
  for (int s = 0; s < k; ++s) {
    weights[static_cast<std::size_t>(s)] = 1.0 / (k * binomial);
    binomial = binomial * (k - 1 - s) / (s + 1);
  }
  return weights;
}

}  // namespace

std::vector<double> shapley_values(std::span<const double> coalition_values) {
  const std::size_t n_coalitions = coalition_values.size();
  if (!std::has_single_bit(n_coalitions) || n_coalitions > (std::size_t{1} << 20)) {
    throw std::invalid_argument("shapley_values: expected 2^k coalition values, k <= 20");
  }
  const int k = std::countr_zero(n_coalitions);
  const std::vector<double> weights = weights_by_size(k);
  std::vector<double> phi(static_cast<std::size_t>(k), 0.0);
  for (int i = 0; i < k; ++i) {
    const CoalitionMask player = 1u << i;
    for (CoalitionMask without = 0; without < n_coalitions; ++without) {
      if (without & player) continue;
      const double marginal = coalition_values[without | player] - coalition_values[without];
      phi[static_cast<std::size_t>(i)] +=
          weights[static_cast<std::size_t>(std::popcount(without))] * marginal;
    }
  }
  return phi;
}

}  // namespace omnisim
