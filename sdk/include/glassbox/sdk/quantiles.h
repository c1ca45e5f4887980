// Quantiles as numpy.quantile computes them by default ("linear"): the value
// at position (n - 1) * q of the sorted data, interpolated between the two
// closest ranks. numpy.percentile(values, p) is LinearQuantiles(values, p / 100).
#ifndef GLASSBOX_SDK_QUANTILES_H_
#define GLASSBOX_SDK_QUANTILES_H_

#include <span>
#include <vector>

namespace glassbox::sdk::inline v4 {

// The quantiles `qs` (ascending, each in [0, 1]) of the non-empty `values`,
// found by selection in expected linear time; `values` is reordered.
std::vector<double> LinearQuantiles(std::vector<double>& values, std::span<const double> qs);

}  // namespace glassbox::sdk::inline v4

#endif  // GLASSBOX_SDK_QUANTILES_H_
