#pragma once
// Distribution of X(t), the purchases in (0, t] of a buyer alive at 0, and of
// its survival, for the Pareto/NBD (Schmittlein, Morrison & Colombo 1987) and
// the BG/NBD (Fader, Hardie & Lee 2005) with heterogeneity. Time in years.
//
// Both are computed from the model's construction rather than from a fitted
// formula: given its lifetime, a buyer's purchases are Poisson, so the gamma
// of λ integrates out to a negative binomial and one integral (Pareto/NBD)
// or one series (BG/NBD) is left. The published expected purchases are kept
// alongside, to check these against.

namespace omnisim::testing {

struct ParetoNbd {
  double r, alpha_years;  // purchase rate λ ~ Gamma(shape r, rate α)
  double s, beta_years;   // dropout rate μ ~ Gamma(shape s, rate β)
};

struct BgNbd {
  double r, alpha_years;  // purchase rate λ ~ Gamma(shape r, rate α)
  double a, b;            // dropout probability after each purchase p ~ Beta(a, b)
};

struct CountMoments {
  double mean;
  double variance;
  double fourth_central;  // E[(X - mean)^4]: the standard error of a sample variance
};

CountMoments count_moments(const ParetoNbd& model, double t_years);
CountMoments count_moments(const BgNbd& model, double t_years);

double no_purchase_probability(const ParetoNbd& model, double t_years);  // P(X(t) = 0)
double no_purchase_probability(const BgNbd& model, double t_years);

double alive_probability(const ParetoNbd& model, double t_years);
double alive_probability(const BgNbd& model, double t_years);

// E[X(t)] as published: Schmittlein, Morrison & Colombo (1987); Fader,
// Hardie & Lee (2005), equation (9).
double published_expected_purchases(const ParetoNbd& model, double t_years);
double published_expected_purchases(const BgNbd& model, double t_years);

// P(alive at t) under the BG/NBD in closed form (derived here, not published):
// (α/(α+t))^r 2F1(r, b; a+b; t/(α+t)),
// E over p ~ Beta(a, b) of the NBD's generating function at 1 − p (Euler's
// integral, after Pfaff's transformation).
double closed_form_alive_probability(const BgNbd& model, double t_years);

}  // namespace omnisim::testing
