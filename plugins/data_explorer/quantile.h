// Quantiles as numpy.quantile computes them by default ("linear"): the value
// at position (n - 1) * q of the sorted data, interpolated between the two
// closest ranks.
#ifndef GLASSBOX_PLUGINS_DATA_EXPLORER_QUANTILE_H_
#define GLASSBOX_PLUGINS_DATA_EXPLORER_QUANTILE_H_

#include <span>
#include <vector>

namespace glassbox::plugins {

// The quantiles `qs` (ascending, each in [0, 1]) of the non-empty `values`,
// found by selection in expected linear time; `values` is reordered.
std::vector<double> LinearQuantiles(std::vector<double>& values, std::span<const double> qs);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_DATA_EXPLORER_QUANTILE_H_
