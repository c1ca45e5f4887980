#include "label_oracle.h"

#include <algorithm>

namespace glassbox::plugins {

absl::StatusOr<std::vector<bool>> LabelOracle::Adversarial(std::span<const double> rows) {
  const size_t count = rows.size() / row_size_;
  const size_t scored = static_cast<size_t>(std::clamp<int64_t>(budget_ - queries_, 0, static_cast<int64_t>(count)));
  std::vector<bool> adversarial(count, false);
  if (scored == 0) return adversarial;
  absl::StatusOr<Eigen::MatrixXd> scores = scorer_.Predict(rows.first(scored * row_size_));
  if (!scores.ok()) return scores.status();
  queries_ += static_cast<int64_t>(scored);
  for (size_t i = 0; i < scored; ++i) {
    adversarial[i] = scorer_.PredictedColumn(*scores, static_cast<Eigen::Index>(i)) != original_column_;
  }
  return adversarial;
}

absl::StatusOr<int> LabelOracle::Column(std::span<const double> row) {
  absl::StatusOr<Eigen::MatrixXd> scores = scorer_.Predict(row);
  if (!scores.ok()) return scores.status();
  ++queries_;
  return scorer_.PredictedColumn(*scores, 0);
}

}  // namespace glassbox::plugins
