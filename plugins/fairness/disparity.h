// Fairlearn's MetricFrame aggregates of one metric's per-group values.
// Groups whose value is NaN (intersections without rows) are skipped, as
// pandas' min/max skip them; with no valid group every aggregate is NaN.
#ifndef GLASSBOX_PLUGINS_FAIRNESS_DISPARITY_H_
#define GLASSBOX_PLUGINS_FAIRNESS_DISPARITY_H_

#include <span>

namespace glassbox::plugins {

struct Disparity {
  double overall = 0;
  double group_min = 0;
  double group_max = 0;
  // difference(method='between_groups'): group_max - group_min.
  double difference = 0;
  // ratio(method='between_groups'): group_min / group_max (IEEE division, so 0 / 0 is NaN).
  double ratio = 0;
  // difference(method='to_overall'): the largest |group - overall|.
  double difference_to_overall = 0;
  // ratio(method='to_overall'): the smallest group / overall, each taken as
  // its inverse when above 1.
  double ratio_to_overall = 0;
};

Disparity Disparities(std::span<const double> by_group, double overall);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_FAIRNESS_DISPARITY_H_
