// Distribution tails needed for the p-values of the data balance measures,
// computed from the regularized incomplete beta and gamma functions. Relative
// error (against scipy.special) below 1e-12 for parameters up to a few
// hundred, about 1e-11 for parameters in the thousands, where the cancellation
// between lgamma values dominates; results under ~1e-300 underflow to 0.
#ifndef GLASSBOX_PLUGINS_DATA_BALANCE_SPECIAL_FUNCTIONS_H_
#define GLASSBOX_PLUGINS_DATA_BALANCE_SPECIAL_FUNCTIONS_H_

namespace glassbox::plugins {

// I_x(a, b) for a, b > 0 and 0 <= x <= 1; NaN outside the domain.
double RegularizedIncompleteBeta(double a, double b, double x);

// P(a, x) = gamma(a, x) / Gamma(a) and Q(a, x) = 1 - P(a, x), for a > 0 and
// x >= 0; NaN outside the domain. Q is computed directly, not as 1 - P, so
// that small upper tails keep their precision.
double RegularizedLowerGamma(double a, double x);
double RegularizedUpperGamma(double a, double x);

// P(T > t) for Student's t with `dof` > 0 degrees of freedom (scipy.stats.t.sf).
double StudentTSurvival(double t, double dof);

// P(X > x) for chi-square with `dof` > 0 degrees of freedom (scipy.stats.chi2.sf).
double ChiSquareSurvival(double x, double dof);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_DATA_BALANCE_SPECIAL_FUNCTIONS_H_
