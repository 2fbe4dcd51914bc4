#pragma once
// Dense linear algebra on the small matrices the analyses meet (a fit's
// information matrix, a design's correlation matrix): a few parameters, so
// clarity over speed.

#include <vector>

namespace omnisim {

// The inverse of a small square matrix by Gauss-Jordan elimination with
// partial pivoting; empty if it is singular: a pivot of at most
// `relative_tolerance` times the largest diagonal magnitude (0: only an
// exactly zero one; rank-deficient matrices usually leave rounding residue
// of about 1e-16 times their scale, so 1e-12 catches them).
std::vector<std::vector<double>> inverse(std::vector<std::vector<double>> m,
                                         double relative_tolerance = 0.0);

}  // namespace omnisim
