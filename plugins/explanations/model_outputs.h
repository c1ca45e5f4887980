// The outputs of a model that an explanation is about, and how the model's
// columns relate to the run's classes.
//
// Explained outputs: the positive class of a binary classifier, every class
// of a multiclass one (in the model's order), the prediction of a regressor.
// Contributions (margin space) come in one block per output group of the
// model; a binary model's single block is the margin of its second class,
// negated here when the run's positive class is the model's first.
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_MODEL_OUTPUTS_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_MODEL_OUTPUTS_H_

#include <string>
#include <vector>

#include <Eigen/Core>

#include "absl/status/statusor.h"
#include "glassbox/sdk/model.h"
#include "glassbox/sdk/outcomes.h"

namespace glassbox::plugins::explanations {

struct ModelOutputs {
  // One per explained output: the class label, or "" for regression.
  std::vector<std::string> labels;
  // The column of Predict's result holding each explained output.
  std::vector<Eigen::Index> predict_columns;
  // Binary: Contributions explain the negative class's margin and must be negated.
  bool negate_margin = false;
  // Classification: for each column of Predict's result, its class's index in Outcomes::classes.
  std::vector<int> outcome_class_of_column;

  size_t size() const { return labels.size(); }
};

// Fails with FAILED_PRECONDITION when the model's classes are not the run's.
absl::StatusOr<ModelOutputs> OutputsOf(const sdk::ModelInfo& model, const sdk::Outcomes& outcomes);

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_MODEL_OUTPUTS_H_
