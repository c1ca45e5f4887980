// How an analysis's privacy loss is split among its releases (basic
// composition: equal shares that add up to the whole) and the noise each
// release gets for its sensitivity. Neighbouring datasets differ by adding
// or removing one row, so a count or a histogram has sensitivity 1 and a sum
// of values clamped into [-M, M] sensitivity M.
#ifndef GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_RELEASE_PLAN_H_
#define GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_RELEASE_PLAN_H_

#include "noise.h"

namespace glassbox::plugins::privacy {

// rho such that rho-zCDP implies (epsilon, delta)-DP, delta in (0, 1):
// the root of epsilon = rho + 2 sqrt(rho ln(1/delta)) (Bun and Steinke 2016,
// Proposition 1.3), computed as epsilon^2 / (sqrt(epsilon + L) + sqrt(L))^2,
// L = ln(1/delta), which does not cancel.
double RhoForEpsilonDelta(double epsilon, double delta);

class ReleasePlan {
 public:
  // `releases` >= 1; epsilon > 0; Gaussian: delta in (0, 1).
  ReleasePlan(Mechanism mechanism, double epsilon, double delta, int releases);

  // Laplace: b = sensitivity * releases / epsilon, with epsilon the exact
  // rational value of the double. Gaussian: sigma^2 = sensitivity^2 *
  // releases / (2 rho), rho rounded down by a relative 1e-12 first so that
  // no rounding of the double arithmetic spends more than declared.
  Noise NoiseFor(const Integer& sensitivity) const;

  Mechanism mechanism() const { return mechanism_; }
  int releases() const { return releases_; }
  double rho() const { return rho_; }
  double epsilon_per_release() const { return epsilon_ / releases_; }
  double rho_per_release() const { return rho_ / releases_; }

 private:
  Mechanism mechanism_;
  double epsilon_;
  double rho_ = 0;
  int releases_;
};

}  // namespace glassbox::plugins::privacy

#endif  // GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_RELEASE_PLAN_H_
