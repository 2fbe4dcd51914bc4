#pragma once
// Buy-till-you-die models of a customer's (x, t_x, T) and of the spend per
// purchase: the individual log-likelihoods that maximum likelihood sums,
// and the predictions a fitted model makes.
//  - BG/NBD: Fader, Hardie & Lee (2005), "Counting your customers the easy
//    way", Marketing Science 24(2), equations 6 (likelihood), 10 (expected
//    transactions in (T, T + t]) and 13 (P(alive)); E[X(t)] equation 7.
//  - Pareto/NBD: Schmittlein, Morrison & Colombo (1987), the likelihood as
//    Fader & Hardie's note "A note on deriving the Pareto/NBD model and
//    related expressions" (2005) writes it, with the Gauss hypergeometric
//    function (Boost.Math) on the side where it converges.
//  - MBG/NBD: Batislam, Denizel & Filiztekin (2007), "Empirical validation
//    and comparison of models for customer base analysis", IJRM 24(3): the
//    BG/NBD in which a customer may also drop out right after the first
//    purchase (so a customer without repeat purchases may be gone).
//  - BG/BB: Fader, Hardie & Shang (2010), "Customer-base analysis in a
//    discrete-time noncontractual setting", Marketing Science 29(6): x
//    transactions in n discrete opportunities, the last at t_x; equations
//    5 (likelihood), 11 (P(alive) at n + 1) and 13 (expected transactions
//    in the next n* opportunities).
//  - Gamma-Gamma: Fader, Hardie & Lee (2005), "RFM and CLV", Journal of
//    Marketing Research 42(4): the mean spend m_x of x purchases, with the
//    density's x^(px) term, and the conditional expected spend (equation 5).

namespace omnisim {

struct BgNbd {
  double r, alpha, a, b;
};
double log_likelihood(const BgNbd& model, double x, double t_x, double T);
double p_alive(const BgNbd& model, double x, double t_x, double T);
// Expected purchases in (T, T + t] of a customer with (x, t_x, T).
double expected_purchases(const BgNbd& model, double t, double x, double t_x, double T);

struct ParetoNbd {
  double r, alpha, s, beta;
};
double log_likelihood(const ParetoNbd& model, double x, double t_x, double T);
// Fader & Hardie's note, equations 11 (P(alive)) and 21 (expected purchases in (T, T + t]).
double p_alive(const ParetoNbd& model, double x, double t_x, double T);
double expected_purchases(const ParetoNbd& model, double t, double x, double t_x, double T);

struct MbgNbd {
  double r, alpha, a, b;
};
double log_likelihood(const MbgNbd& model, double x, double t_x, double T);
double p_alive(const MbgNbd& model, double x, double t_x, double T);
double expected_purchases(const MbgNbd& model, double t, double x, double t_x, double T);

struct BgBb {
  double alpha, beta, gamma, delta;
};
double log_likelihood(const BgBb& model, double x, double t_x, double n);
double p_alive(const BgBb& model, double x, double t_x, double n);
double expected_purchases(const BgBb& model, double n_star, double x, double t_x, double n);

struct GammaGamma {
  double p, q, gamma;
};
// Of the mean spend m_x over x > 0 purchases.
double log_likelihood(const GammaGamma& model, double x, double m_x);
// E[spend per purchase | x, m_x]; the population mean p gamma / (q - 1) at x = 0.
double expected_spend(const GammaGamma& model, double x, double m_x);

// E[X(t)]: the expected purchases in (0, t] of a customer just acquired
// (the conditional expectation at x = t_x = T = 0): FHL (2005) equation 7
// for BG/NBD, Schmittlein et al.'s r beta / (alpha (s - 1)) [1 - (beta /
// (beta + t))^(s - 1)] for Pareto/NBD.
template <class Model>
double expected_purchases(const Model& model, double t) {
  return expected_purchases(model, t, 0.0, 0.0, 0.0);
}

// The Gauss hypergeometric function 2F1(a, b; c; z) for |z| < 1.
double hypergeometric_2f1(double a, double b, double c, double z);

}  // namespace omnisim
