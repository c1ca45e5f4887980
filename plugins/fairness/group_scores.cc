#include "group_scores.h"

#include <limits>

namespace glassbox::plugins {
namespace {

template <typename Statistics, typename Evaluate>
std::vector<GroupScores> ScoresOf(const std::vector<Statistics>& statistics, std::span<const sdk::Metric> metrics,
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

GroupScorer::GroupScorer(const sdk::Outcomes& outcomes, std::span<const size_t> rows, std::span<const double> weights,
                         std::span<const sdk::Metric> metrics)
    : outcomes_(outcomes), rows_(rows), metrics_(metrics), averaging_(sdk::DefaultAveraging(outcomes)) {
  if (!weights.empty()) {
    row_weights_.reserve(rows.size());
    for (size_t row : rows) row_weights_.push_back(weights[row]);
  }
  if (outcomes.is_classification()) {
    const auto k = static_cast<int32_t>(outcomes.classes.size());
    cells_.reserve(rows.size());
    for (size_t row : rows) {
      cells_.push_back(static_cast<int32_t>(outcomes.y_true[row]) * k + static_cast<int32_t>(outcomes.y_pred[row]));
    }
  }
}

template <typename GroupOf>
std::vector<GroupScores> GroupScorer::ScoreClassification(GroupOf group_of, size_t num_groups) const {
  const auto k = static_cast<int>(outcomes_.classes.size());
  const size_t cells = static_cast<size_t>(k) * k;
  // Consecutive rows go to separate banks of the histogram, so that rows of
  // the same cell do not wait on each other's increment; the banks are summed after.
  constexpr size_t kBanks = 4;
  const size_t bank_size = num_groups * cells;
  std::vector<int64_t> banked_rows(kBanks * bank_size, 0);
  std::vector<double> banked_weights(row_weights_.empty() ? 0 : kBanks * bank_size, 0.0);
  for (size_t i = 0; i < cells_.size(); ++i) {
    const size_t cell = (i % kBanks) * bank_size + group_of(i) * cells + cells_[i];
    ++banked_rows[cell];
    if (!row_weights_.empty()) banked_weights[cell] += row_weights_[i];
  }
  std::vector<int64_t> rows(bank_size, 0);
  std::vector<double> weights(bank_size, 0.0);
  for (size_t bank = 0; bank < kBanks; ++bank) {
    for (size_t cell = 0; cell < bank_size; ++cell) {
      rows[cell] += banked_rows[bank * bank_size + cell];
      weights[cell] += row_weights_.empty() ? static_cast<double>(banked_rows[bank * bank_size + cell])
                                            : banked_weights[bank * bank_size + cell];
    }
  }
  std::vector<sdk::ConfusionCounts> counts(num_groups, sdk::ConfusionCounts(k));
  for (size_t g = 0; g < num_groups; ++g) {
    for (int t = 0; t < k; ++t) {
      for (int p = 0; p < k; ++p) {
        const size_t cell = g * cells + static_cast<size_t>(t) * k + p;
        counts[g].AddRows(t, p, rows[cell], weights[cell]);
      }
    }
  }
  return ScoresOf(counts, metrics_, [this](sdk::Metric metric, const sdk::ConfusionCounts& group) {
    return sdk::Evaluate(metric, group, averaging_);
  });
}

template <typename GroupOf>
std::vector<GroupScores> GroupScorer::ScoreRegression(GroupOf group_of, size_t num_groups) const {
  std::vector<sdk::RegressionSums> sums(num_groups);
  for (size_t i = 0; i < rows_.size(); ++i) {
    const size_t row = rows_[i];
    sums[group_of(i)].Add(outcomes_.y_true[row], outcomes_.y_pred[row], row_weights_.empty() ? 1.0 : row_weights_[i]);
  }
  return ScoresOf(sums, metrics_, [](sdk::Metric metric, const sdk::RegressionSums& group) {
    return sdk::Evaluate(metric, group);
  });
}

std::vector<GroupScores> GroupScorer::Score(std::span<const int32_t> group_of_row, size_t num_groups) const {
  const auto group_of = [group_of_row](size_t i) { return static_cast<size_t>(group_of_row[i]); };
  return outcomes_.is_classification() ? ScoreClassification(group_of, num_groups)
                                       : ScoreRegression(group_of, num_groups);
}

GroupScores GroupScorer::ScoreAll() const {
  const auto everyone = [](size_t) { return size_t{0}; };
  return (outcomes_.is_classification() ? ScoreClassification(everyone, 1) : ScoreRegression(everyone, 1))[0];
}

}  // namespace glassbox::plugins
