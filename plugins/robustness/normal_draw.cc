#include "normal_draw.h"

#include <cmath>
#include <numbers>

namespace glassbox::plugins {

double StandardNormal(explanations::Rng& rng) {
  // 1 - u is in (0, 1], so the logarithm is finite.
  const double radius = std::sqrt(-2.0 * std::log(1.0 - rng.Uniform()));
  return radius * std::cos(2.0 * std::numbers::pi * rng.Uniform());
}

}  // namespace glassbox::plugins
