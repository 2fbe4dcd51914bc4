#include "analysis/clv/attribution.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"

namespace omnisim {
namespace {

// P(conversion) from the start state of the absorbing chain whose transient
// states are the channels, with `removed` (if < n) sending every visit to
// the null state. transitions[i][j]: counts from state i (0 = start,
// 1 + c = channel c) to j (same, then n + 1 = conversion, n + 2 = null).
double conversion_probability(const std::vector<std::vector<double>>& transitions, std::size_t n,
                              std::size_t removed) {
  // Unknowns x_s = P(conversion | in state s) for s = 0..n; x = Q x + r.
  const std::size_t size = n + 1;
  std::vector<std::vector<double>> a(size, std::vector<double>(size + 1, 0.0));
  for (std::size_t s = 0; s < size; ++s) {
    a[s][s] = 1.0;
    const bool gone = s >= 1 && s - 1 == removed;
    double total = 0.0;
    for (const double count : transitions[s])
      total += count;
    if (gone || total <= 0.0) continue;  // x_s = 0: no way on, or removed
    for (std::size_t t = 1; t < size; ++t)
      a[s][t] -= transitions[s][t] / total;
    a[s][size] = transitions[s][n + 1] / total;
  }
  // Gaussian elimination with partial pivoting.
  for (std::size_t col = 0; col < size; ++col) {
    std::size_t pivot = col;
    for (std::size_t row = col + 1; row < size; ++row)
      if (std::abs(a[row][col]) > std::abs(a[pivot][col])) pivot = row;
    std::swap(a[col], a[pivot]);
    if (std::abs(a[col][col]) < 1e-300) return 0.0;
    for (std::size_t row = 0; row < size; ++row) {
      if (row == col) continue;
      const double factor = a[row][col] / a[col][col];
      for (std::size_t j = col; j <= size; ++j)
        a[row][j] -= factor * a[col][j];
    }
  }
  return a[0][size] / a[0][0];
}

}  // namespace

AttributionCredit attribute(const std::vector<CustomerPath>& paths, std::size_t n_channels) {
  const std::size_t n = n_channels;
  AttributionCredit credit;
  credit.first_touch.assign(n, 0.0);
  credit.last_touch.assign(n, 0.0);
  credit.linear.assign(n, 0.0);
  credit.markov.assign(n, 0.0);
  credit.removal_effect.assign(n, 0.0);
  std::vector<std::vector<double>> transitions(n + 1, std::vector<double>(n + 3, 0.0));
  double conversions = 0.0;
  for (const auto& path : paths) {
    if (path.channels.empty()) continue;
    for (const std::size_t c : path.channels) {
      if (c >= n)
        throw InputError("attribution: a path names channel " + std::to_string(c) + " of " +
                         std::to_string(n));
    }
    const double all = path.conversions + path.nulls;
    std::size_t from = 0;
    for (const std::size_t c : path.channels) {
      transitions[from][1 + c] += all;
      from = 1 + c;
    }
    transitions[from][n + 1] += path.conversions;
    transitions[from][n + 2] += path.nulls;
    if (path.conversions <= 0.0) continue;
    conversions += path.conversions;
    credit.first_touch[path.channels.front()] += path.conversions;
    credit.last_touch[path.channels.back()] += path.conversions;
    for (const std::size_t c : path.channels)
      credit.linear[c] += path.conversions / static_cast<double>(path.channels.size());
  }
  credit.conversion_probability = conversion_probability(transitions, n, n);
  if (credit.conversion_probability <= 0.0) return credit;
  double total_effect = 0.0;
  for (std::size_t c = 0; c < n; ++c) {
    credit.removal_effect[c] =
        1.0 - conversion_probability(transitions, n, c) / credit.conversion_probability;
    total_effect += credit.removal_effect[c];
  }
  for (std::size_t c = 0; c < n && total_effect > 0.0; ++c)
    credit.markov[c] = conversions * credit.removal_effect[c] / total_effect;
  return credit;
}

CustomerPath path_from_text(const std::string& text, double conversions, double nulls,
                            std::vector<std::string>& names) {
  CustomerPath path;
  path.conversions = conversions;
  path.nulls = nulls;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('>', start);
    if (end == std::string::npos) end = text.size();
    std::string name = text.substr(start, end - start);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (name.empty())
      throw InputError("attribution: an empty channel in the path \"" + text + "\"");
    const auto found = std::find(names.begin(), names.end(), name);
    path.channels.push_back(static_cast<std::size_t>(found - names.begin()));
    if (found == names.end()) names.push_back(name);
    start = end + 1;
  }
  return path;
}

}  // namespace omnisim
