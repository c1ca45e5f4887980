#include "candidate_scorer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace glassbox::plugins {

absl::StatusOr<int> ModelColumn(const sdk::ModelInfo& model, const std::string& label) {
  const auto at = std::find(model.classes.begin(), model.classes.end(), label);
  if (at == model.classes.end()) {
    return absl::FailedPreconditionError(absl::StrCat("the model has no class '", label, "'"));
  }
  return static_cast<int>(at - model.classes.begin());
}

absl::StatusOr<Eigen::MatrixXd> CandidateScorer::Predict(std::span<const double> rows) const {
  const Eigen::Index num_rows = static_cast<Eigen::Index>(rows.size() / space_.size());
  absl::StatusOr<Eigen::MatrixXd> scores = model_.Predict(space_.ToTable(rows));
  if (!scores.ok()) {
    return absl::Status(scores.status().code(), absl::StrCat("model: ", scores.status().message()));
  }
  const Eigen::Index columns = classification_ ? static_cast<Eigen::Index>(model_.info().classes.size()) : 1;
  if (scores->rows() != num_rows || scores->cols() != columns) {
    return absl::InternalError(absl::StrCat("model: returned ", scores->rows(), " x ", scores->cols(), " scores for ",
                                            num_rows, " rows; expected ", num_rows, " x ", columns));
  }
  return scores;
}

int CandidateScorer::PredictedColumn(const Eigen::MatrixXd& scores, Eigen::Index row) const {
  if (positive_column_ >= 0) return scores(row, positive_column_) >= 0.5 ? positive_column_ : 1 - positive_column_;
  Eigen::Index best = 0;
  scores.row(row).maxCoeff(&best);
  return static_cast<int>(best);
}

bool CandidateScorer::Reaches(const Eigen::MatrixXd& scores, Eigen::Index row, const DesiredOutcome& desired) const {
  if (classification_) return PredictedColumn(scores, row) == desired.class_column;
  const double prediction = scores(row, 0);
  return desired.low <= prediction && prediction <= desired.high;
}

}  // namespace glassbox::plugins
