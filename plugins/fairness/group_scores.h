// Metric values per group of rows, from one pass that adds each row to its
// group's confusion counts (classification) or error sums (regression).
#ifndef GLASSBOX_PLUGINS_FAIRNESS_GROUP_SCORES_H_
#define GLASSBOX_PLUGINS_FAIRNESS_GROUP_SCORES_H_

#include <cstdint>
#include <span>
#include <vector>

#include "glassbox/sdk/metrics.h"
#include "glassbox/sdk/outcomes.h"

namespace glassbox::plugins {

struct GroupScores {
  int64_t rows = 0;
  double weight = 0;
  // One per metric; NaN for a group without rows.
  std::vector<double> values;
};

// `group_of_row[i]` in [0, num_groups) is the group of rows[i]; `weights` is
// indexed by table row (empty: every row weighs 1). Classification metrics
// use sdk::DefaultAveraging.
std::vector<GroupScores> ScoreGroups(const sdk::Outcomes& outcomes, std::span<const size_t> rows,
                                     std::span<const double> weights, std::span<const int32_t> group_of_row,
                                     size_t num_groups, std::span<const sdk::Metric> metrics);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_FAIRNESS_GROUP_SCORES_H_
