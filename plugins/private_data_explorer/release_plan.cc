#include "release_plan.h"

#include <cmath>

namespace glassbox::plugins::privacy {

double RhoForEpsilonDelta(double epsilon, double delta) {
  const double log_inverse_delta = -std::log(delta);
  const double root_sum = std::sqrt(epsilon + log_inverse_delta) + std::sqrt(log_inverse_delta);
  return epsilon * epsilon / (root_sum * root_sum);
}

ReleasePlan::ReleasePlan(Mechanism mechanism, double epsilon, double delta, int releases)
    : mechanism_(mechanism), epsilon_(epsilon), releases_(releases) {
  if (mechanism == Mechanism::kGaussian) rho_ = RhoForEpsilonDelta(epsilon, delta);
}

Noise ReleasePlan::NoiseFor(const Integer& sensitivity) const {
  Noise noise;
  noise.mechanism = mechanism_;
  if (mechanism_ == Mechanism::kLaplace) {
    noise.parameter = Rational(sensitivity * releases_) / Rational(epsilon_);
  } else {
    const Rational rho(rho_ * (1 - 1e-12));
    noise.parameter = Rational(sensitivity * sensitivity * releases_) / (2 * rho);
  }
  return noise;
}

}  // namespace glassbox::plugins::privacy
