#include "special_functions.h"

#include <cmath>
#include <limits>

namespace glassbox::plugins {
namespace {

constexpr double kEpsilon = 1e-15;
constexpr double kTiny = 1e-300;
constexpr int kMaxIterations = 10000;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Evaluates the continued fraction b0 + a1/(b1 + a2/(b2 + ...)) by the
// modified Lentz method; `term(m, a, b)` sets the m-th partial numerator and
// denominator (m >= 1).
template <typename Term>
double ContinuedFraction(double b0, Term term) {
  double f = b0 == 0 ? kTiny : b0;
  double c = f;
  double d = 0;
  for (int m = 1; m <= kMaxIterations; ++m) {
    double a = 0;
    double b = 0;
    term(m, a, b);
    d = b + a * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + a / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    double delta = c * d;
    f *= delta;
    if (std::fabs(delta - 1) < kEpsilon) break;
  }
  return f;
}

// x^a (1-x)^b / (a B(a, b)), the prefactor of the beta continued fraction.
double BetaPrefactor(double a, double b, double x) {
  double log_value = a * std::log(x) + b * std::log1p(-x) + std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b);
  return std::exp(log_value) / a;
}

// I_x(a, b) by the continued fraction (DLMF 8.17.22), which converges fast
// for x < (a + 1) / (a + b + 2).
double BetaByContinuedFraction(double a, double b, double x) {
  auto term = [a, b, x](int m, double& numerator, double& denominator) {
    denominator = 1;
    if (m == 1) {
      numerator = 1;
      return;
    }
    int k = (m - 1) / 2;
    if (m % 2 == 0) {  // d_{2k+1}
      numerator = -(a + k) * (a + b + k) * x / ((a + 2 * k) * (a + 2 * k + 1));
    } else {  // d_{2k}
      numerator = k * (b - k) * x / ((a + 2 * k - 1) * (a + 2 * k));
    }
  };
  // 1 / (1 + d1/(1 + d2/(1 + ...))), written as 0 + 1/(1 + d1/(1 + ...)).
  return BetaPrefactor(a, b, x) * ContinuedFraction(0, term);
}

// x^a e^-x / Gamma(a), in logs.
double LogGammaPrefactor(double a, double x) { return a * std::log(x) - x - std::lgamma(a); }

// P(a, x) by its power series (DLMF 8.11.4), for x < a + 1.
double LowerGammaSeries(double a, double x) {
  double term = 1 / a;
  double sum = term;
  for (int n = 1; n <= kMaxIterations; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * kEpsilon) break;
  }
  return sum * std::exp(LogGammaPrefactor(a, x));
}

// Q(a, x) by its continued fraction (DLMF 8.9.2 in even form), for x >= a + 1.
double UpperGammaContinuedFraction(double a, double x) {
  auto term = [a, x](int m, double& numerator, double& denominator) {
    numerator = -(m * (m - a));
    denominator = x + 2 * m + 1 - a;
  };
  double fraction = 1 / ContinuedFraction(x + 1 - a, term);
  return fraction * std::exp(LogGammaPrefactor(a, x));
}

}  // namespace

double RegularizedIncompleteBeta(double a, double b, double x) {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1)) return kNaN;
  if (x == 0 || x == 1) return x;
  if (x < (a + 1) / (a + b + 2)) return BetaByContinuedFraction(a, b, x);
  return 1 - BetaByContinuedFraction(b, a, 1 - x);
}

double RegularizedLowerGamma(double a, double x) {
  if (!(a > 0) || !(x >= 0)) return kNaN;
  if (x == 0) return 0;
  if (std::isinf(x)) return 1;
  return x < a + 1 ? LowerGammaSeries(a, x) : 1 - UpperGammaContinuedFraction(a, x);
}

double RegularizedUpperGamma(double a, double x) {
  if (!(a > 0) || !(x >= 0)) return kNaN;
  if (x == 0) return 1;
  if (std::isinf(x)) return 0;
  return x < a + 1 ? 1 - LowerGammaSeries(a, x) : UpperGammaContinuedFraction(a, x);
}

double StudentTSurvival(double t, double dof) {
  if (std::isnan(t) || !(dof > 0)) return kNaN;
  if (std::isinf(t)) return t > 0 ? 0 : 1;
  // P(|T| > |t|) = I_{dof / (dof + t^2)}(dof / 2, 1 / 2).
  double two_sided = RegularizedIncompleteBeta(dof / 2, 0.5, dof / (dof + t * t));
  return t >= 0 ? two_sided / 2 : 1 - two_sided / 2;
}

double ChiSquareSurvival(double x, double dof) {
  if (std::isnan(x) || !(dof > 0)) return kNaN;
  if (x <= 0) return 1;
  return RegularizedUpperGamma(dof / 2, x / 2);
}

}  // namespace glassbox::plugins
