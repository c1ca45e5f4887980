#include "disparity.h"

#include <cmath>
#include <limits>

namespace glassbox::plugins {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The smallest or largest non-NaN value seen, NaN if none.
class Extremes {
 public:
  void Add(double value) {
    if (std::isnan(value)) return;
    min_ = std::isnan(min_) ? value : std::fmin(min_, value);
    max_ = std::isnan(max_) ? value : std::fmax(max_, value);
  }
  double min() const { return min_; }
  double max() const { return max_; }

 private:
  double min_ = kNaN;
  double max_ = kNaN;
};

}  // namespace

Disparity Disparities(std::span<const double> by_group, double overall) {
  Extremes values;
  Extremes distances_to_overall;
  Extremes ratios_to_overall;
  for (double value : by_group) {
    values.Add(value);
    distances_to_overall.Add(std::abs(value - overall));
    const double ratio = value / overall;
    ratios_to_overall.Add(ratio > 1 ? 1 / ratio : ratio);
  }
  Disparity result;
  result.overall = overall;
  result.group_min = values.min();
  result.group_max = values.max();
  result.difference = values.max() - values.min();
  result.ratio = values.min() / values.max();
  result.difference_to_overall = distances_to_overall.max();
  result.ratio_to_overall = ratios_to_overall.min();
  return result;
}

}  // namespace glassbox::plugins
