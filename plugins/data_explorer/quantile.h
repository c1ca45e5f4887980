// Quantiles as numpy.quantile computes them by default ("linear"): the value
// at position (n - 1) * q of the sorted data, interpolated between the two
// closest ranks.
#ifndef GLASSBOX_PLUGINS_DATA_EXPLORER_QUANTILE_H_
#define GLASSBOX_PLUGINS_DATA_EXPLORER_QUANTILE_H_

#include <span>

namespace glassbox::plugins {

// `sorted` is ascending and non-empty; 0 <= q <= 1.
double LinearQuantile(std::span<const double> sorted, double q);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_DATA_EXPLORER_QUANTILE_H_
