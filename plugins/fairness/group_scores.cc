#include "group_scores.h"

#include <limits>

namespace glassbox::plugins {
namespace {

template <typename Statistics, typename Evaluate>
std::vector<GroupScores> Score(const std::vector<Statistics>& statistics, std::span<const sdk::Metric> metrics,
                               Evaluate evaluate) {
  std::vector<GroupScores> scores(statistics.size());
  for (size_t g = 0; g < statistics.size(); ++g) {
    scores[g].rows = statistics[g].num_rows();
    scores[g].weight = statistics[g].total_weight();
    scores[g].values.reserve(metrics.size());
    for (sdk::Metric metric : metrics) {
      scores[g].values.push_back(scores[g].rows == 0 ? std::numeric_limits<double>::quiet_NaN()
                                                     : evaluate(metric, statistics[g]));
    }
  }
  return scores;
}

}  // namespace

std::vector<GroupScores> ScoreGroups(const sdk::Outcomes& outcomes, std::span<const size_t> rows,
                                     std::span<const double> weights, std::span<const int32_t> group_of_row,
                                     size_t num_groups, std::span<const sdk::Metric> metrics) {
  const auto weight_of = [&](size_t row) { return weights.empty() ? 1.0 : weights[row]; };
  if (outcomes.is_classification()) {
    std::vector<sdk::ConfusionCounts> counts(num_groups, sdk::ConfusionCounts(static_cast<int>(outcomes.classes.size())));
    for (size_t i = 0; i < rows.size(); ++i) {
      const size_t row = rows[i];
      counts[group_of_row[i]].Add(static_cast<int>(outcomes.y_true[row]), static_cast<int>(outcomes.y_pred[row]),
                                  weight_of(row));
    }
    const int averaging = sdk::DefaultAveraging(outcomes);
    return Score(counts, metrics, [averaging](sdk::Metric metric, const sdk::ConfusionCounts& group) {
      return sdk::Evaluate(metric, group, averaging);
    });
  }
  std::vector<sdk::RegressionSums> sums(num_groups);
  for (size_t i = 0; i < rows.size(); ++i) {
    const size_t row = rows[i];
    sums[group_of_row[i]].Add(outcomes.y_true[row], outcomes.y_pred[row], weight_of(row));
  }
  return Score(sums, metrics, [](sdk::Metric metric, const sdk::RegressionSums& group) {
    return sdk::Evaluate(metric, group);
  });
}

}  // namespace glassbox::plugins
