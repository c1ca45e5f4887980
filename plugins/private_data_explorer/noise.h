// The noise of one private release: a discrete Laplace or discrete Gaussian
// of exact rational parameter, with what a reader needs to judge it (its
// scale, standard deviation and the half-width of an interval of given
// coverage). The reported figures are doubles; only the sampling is exact.
#ifndef GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_NOISE_H_
#define GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_NOISE_H_

#include <cstdint>

#include "exact_samplers.h"

namespace glassbox::plugins::privacy {

enum class Mechanism { kLaplace, kGaussian };

struct Noise {
  Mechanism mechanism = Mechanism::kLaplace;
  // Laplace: the scale b of P(x) ~ exp(-|x| / b). Gaussian: sigma^2 of
  // P(x) ~ exp(-x^2 / (2 sigma^2)).
  Rational parameter;

  Integer Sample(Coins& coins) const;
  // b, or sigma.
  double Scale() const;
  double StandardDeviation() const;
  // The smallest k with P(|X| <= k) >= coverage, coverage in (0, 1).
  int64_t HalfWidth(double coverage) const;
};

}  // namespace glassbox::plugins::privacy

#endif  // GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_NOISE_H_
