#include "quantile.h"

#include <algorithm>
#include <cmath>

namespace glassbox::plugins {

double LinearQuantile(std::span<const double> sorted, double q) {
  const double position = static_cast<double>(sorted.size() - 1) * q;
  const double below = std::floor(position);
  const size_t lower = static_cast<size_t>(below);
  const size_t upper = std::min(lower + 1, sorted.size() - 1);
  const double fraction = position - below;
  const double a = sorted[lower];
  const double b = sorted[upper];
  // numpy's _lerp: from the nearer end, so that the result is exact at q = 1.
  return fraction < 0.5 ? a + (b - a) * fraction : b - (b - a) * (1 - fraction);
}

}  // namespace glassbox::plugins
