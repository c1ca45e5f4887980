#include "glassbox/sdk/quantiles.h"

#include <algorithm>
#include <cmath>

namespace glassbox::sdk::inline v4 {

std::vector<double> LinearQuantiles(std::vector<double>& values, std::span<const double> qs) {
  std::vector<double> quantiles;
  quantiles.reserve(qs.size());
  const size_t n = values.size();
  // Every element before `settled` is in its sorted place or below it.
  auto settled = values.begin();
  for (double q : qs) {
    const double position = static_cast<double>(n - 1) * q;
    const double below = std::floor(position);
    const auto lower = values.begin() + static_cast<std::ptrdiff_t>(below);
    std::nth_element(std::max(settled, values.begin()), lower, values.end());
    const double fraction = position - below;
    const double a = *lower;
    const double b = lower + 1 == values.end() ? a : *std::min_element(lower + 1, values.end());
    // numpy's _lerp: from the nearer end, so that the result is exact at q = 1.
    quantiles.push_back(fraction < 0.5 ? a + (b - a) * fraction : b - (b - a) * (1 - fraction));
    settled = lower;
  }
  return quantiles;
}

}  // namespace glassbox::sdk::inline v4
