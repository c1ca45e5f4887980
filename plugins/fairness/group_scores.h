// Metric values per group of the analysed rows. Each grouping costs one pass
// that adds every row to its group's cell of a flat histogram: the
// (true, predicted) class pair for classification, precomputed once per run,
// or the row's errors for regression.
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

class GroupScorer {
 public:
  // `weights` is indexed by table row (empty: every row weighs 1).
  // Classification metrics use sdk::DefaultAveraging. Everything referenced
  // must outlive the scorer.
  GroupScorer(const sdk::Outcomes& outcomes, std::span<const size_t> rows, std::span<const double> weights,
              std::span<const sdk::Metric> metrics);

  // `group_of_row[i]` in [0, num_groups) is the group of the i-th analysed row.
  std::vector<GroupScores> Score(std::span<const int32_t> group_of_row, size_t num_groups) const;
  // All analysed rows as one group.
  GroupScores ScoreAll() const;

 private:
  template <typename GroupOf>
  std::vector<GroupScores> ScoreClassification(GroupOf group_of, size_t num_groups) const;
  template <typename GroupOf>
  std::vector<GroupScores> ScoreRegression(GroupOf group_of, size_t num_groups) const;

  const sdk::Outcomes& outcomes_;
  std::span<const size_t> rows_;
  std::span<const sdk::Metric> metrics_;
  int averaging_;
  // The weight of each analysed row; empty when all weigh 1.
  std::vector<double> row_weights_;
  // Classification: the confusion cell (true * classes + predicted) of each analysed row.
  std::vector<int32_t> cells_;
};

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_FAIRNESS_GROUP_SCORES_H_
