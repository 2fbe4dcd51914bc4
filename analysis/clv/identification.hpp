#pragma once
// How well a sample identifies a fitted model's parameters, measured at the
// estimate in log parameters (scale-free: a step of 1 multiplies a
// parameter by e): the observed information's eigenvalues and condition
// number, and a profile of the log-likelihood along its weakest
// eigenvector -- a ridge, where the data cannot tell apart parameter values
// far apart along one direction, shows as a log-likelihood that hardly drops.

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace omnisim {

// Eigenvalues (ascending) and unit eigenvectors of a small symmetric matrix.
struct SymmetricEigen {
  std::vector<double> values;
  std::vector<std::vector<double>> vectors;  // vectors[i] goes with values[i]
};
SymmetricEigen symmetric_eigen(std::vector<std::vector<double>> matrix);

struct Identification {
  // Of the observed information in log parameters: infinite if singular.
  double condition_number = 0.0;
  std::vector<double> weakest_direction;  // unit, in log parameters
  // (step along weakest_direction, drop of the log-likelihood from the estimate)
  std::vector<std::pair<double, double>> profile;
  // The log-likelihood drops less than kRidgeDrop two steps (a factor e^2
  // = 7.4 along the direction) from the estimate, on either side.
  bool ridge = false;
};

// Half the 95 % quantile of chi-square with 1 degree of freedom: a drop
// smaller than this is inside the 95 % likelihood-ratio interval.
inline constexpr double kRidgeDrop = 1.92;
inline constexpr double kRidgeStep = 2.0;

// `information`: the negative Hessian of the log-likelihood in log
// parameters at `log_estimate`; `log_likelihood` of log parameters.
Identification measure_identification(
    const std::vector<std::vector<double>>& information, const std::vector<double>& log_estimate,
    const std::function<double(const std::vector<double>&)>& log_likelihood);

}  // namespace omnisim
