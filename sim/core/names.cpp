#include "sim/core/names.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace omnisim {
namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Optimal string alignment distance (Damerau-Levenshtein without repeated
// edits of one substring), case-insensitive. Names are short: O(n m).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

std::string closest_name(std::string_view name, std::span<const std::string> known) {
  if (name.empty()) return {};
  const std::size_t allowed = std::clamp<std::size_t>(name.size() / 3, 1, 3);
  const std::string* best = nullptr;
  std::size_t best_distance = allowed + 1;
  for (const auto& candidate : known) {
    const std::size_t distance = edit_distance(name, candidate);
    if (distance < best_distance) {
      best = &candidate;
      best_distance = distance;
    }
  }
  if (best != nullptr) return *best;
  if (name.size() < 3) return {};
  const auto starting = [&](const std::string& candidate) {
    return candidate.size() > name.size() && starts_with(candidate, name);
  };
  if (std::count_if(known.begin(), known.end(), starting) != 1) return {};
  return *std::find_if(known.begin(), known.end(), starting);
}

std::string unknown_name(std::string_view kind, std::string_view plural, std::string_view name,
                         std::span<const std::string> known) {
  std::string list;
  for (const auto& other : known)
    list += (list.empty() ? "" : ", ") + other;
  return "unknown " + std::string(kind) + " \"" + std::string(name) + "\"" +
         did_you_mean(name, known) + " (" + std::string(plural) + ": " +
         (list.empty() ? "none defined" : list) + ")";
}

std::string did_you_mean(std::string_view name, std::span<const std::string> known) {
  const std::string closest = closest_name(name, known);
  return closest.empty() ? std::string() : "; did you mean \"" + closest + "\"?";
}

}  // namespace omnisim
