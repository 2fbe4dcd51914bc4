#pragma once
// Exact Shapley values (L. S. Shapley, "A value for n-person games", 1953)
// of a game given by the value of every coalition: each player's marginal
// contribution averaged over every order in which the players can join,
//   phi_i = sum over S not holding i of |S|! (k - |S| - 1)! / k! (v(S + i) - v(S)).
// They add up to v(every player) - v(no player) (efficiency), a player who
// never changes a value gets 0, and players who act only together share
// what they make equally. `explain --method shapley` applies it to the
// target-vs-baseline difference with the mechanisms as players.

#include <span>
#include <vector>

namespace omnisim {

// The coalition of players i with bit i of `mask` set.
using CoalitionMask = unsigned;

// `coalition_values[mask]` is v of that coalition: 2^k values for k players
// (std::invalid_argument otherwise). Returns phi_0 .. phi_{k-1}.
std::vector<double> shapley_values(std::span<const double> coalition_values);

}  // namespace omnisim
