#include "tests/support/percentile.h"

#include <algorithm>
#include <cmath>

namespace glassbox::testing {

double NearestRankPercentile(const std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace glassbox::testing
