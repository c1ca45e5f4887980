// Latency percentiles for the load test and the benchmarks, one definition
// for both.
#ifndef GLASSBOX_TESTS_SUPPORT_PERCENTILE_H_
#define GLASSBOX_TESTS_SUPPORT_PERCENTILE_H_

#include <vector>

namespace glassbox::testing {

// The nearest-rank percentile of ascending `sorted`: the smallest value with
// at least `fraction` of the values at or below it. 0 for no values.
double NearestRankPercentile(const std::vector<double>& sorted, double fraction);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_PERCENTILE_H_
