// Scores candidate rows with the run's model, in batches, and tells which
// reach the desired outcome. A classification model's predicted class is the
// one the host gives a scored run: for a binary task the positive class when
// its probability is >= 0.5, otherwise the most probable class (the first of
// equals).
#ifndef GLASSBOX_PLUGINS_COUNTERFACTUALS_CANDIDATE_SCORER_H_
#define GLASSBOX_PLUGINS_COUNTERFACTUALS_CANDIDATE_SCORER_H_

#include <Eigen/Core>
#include <span>
#include <string>

#include "absl/status/statusor.h"
#include "feature_space.h"
#include "glassbox/sdk/model.h"

namespace glassbox::plugins {

struct DesiredOutcome {
  // Classification: the model's output column of the desired class; -1 for regression.
  int class_column = -1;
  // Regression: the range the prediction must fall in, bounds included.
  double low = 0;
  double high = 0;
};

// The model's output column of class `label`; FAILED_PRECONDITION if it has none.
absl::StatusOr<int> ModelColumn(const sdk::ModelInfo& model, const std::string& label);

class CandidateScorer {
 public:
  // `positive_column`: for a binary task, the model's output column of the
  // positive class; -1 otherwise.
  CandidateScorer(const FeatureSpace& space, const sdk::Model& model, bool classification, int positive_column)
      : space_(space), model_(model), classification_(classification), positive_column_(positive_column) {}

  // The model's output for `rows` (a multiple of space.size() values): rows ×
  // classes probabilities, or rows × 1 predictions.
  absl::StatusOr<Eigen::MatrixXd> Predict(std::span<const double> rows) const;

  // Classification: the model's output column of the class predicted for `row`.
  int PredictedColumn(const Eigen::MatrixXd& scores, Eigen::Index row) const;
  bool Reaches(const Eigen::MatrixXd& scores, Eigen::Index row, const DesiredOutcome& desired) const;

 private:
  const FeatureSpace& space_;
  const sdk::Model& model_;
  bool classification_;
  int positive_column_;
};

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_COUNTERFACTUALS_CANDIDATE_SCORER_H_
