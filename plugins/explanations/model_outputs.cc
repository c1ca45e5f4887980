#include "model_outputs.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace glassbox::plugins::explanations {

absl::StatusOr<ModelOutputs> OutputsOf(const sdk::ModelInfo& model, const sdk::Outcomes& outcomes) {
  ModelOutputs outputs;
  if (!outcomes.is_classification()) {
    outputs.labels = {""};
    outputs.predict_columns = {0};
    return outputs;
  }
  for (const std::string& label : model.classes) {
    const auto found = std::find(outcomes.classes.begin(), outcomes.classes.end(), label);
    if (found == outcomes.classes.end()) {
      return absl::FailedPreconditionError(absl::StrCat("the model's class '", label, "' is not a class of the run (",
                                                        absl::StrJoin(outcomes.classes, ", "), ")"));
    }
    outputs.outcome_class_of_column.push_back(static_cast<int>(found - outcomes.classes.begin()));
  }
  if (outcomes.task != glassbox::v1::BINARY_CLASSIFICATION) {
    outputs.labels = model.classes;
    for (size_t k = 0; k < model.classes.size(); ++k) outputs.predict_columns.push_back(static_cast<Eigen::Index>(k));
    return outputs;
  }
  if (model.classes.size() != 2) {
    return absl::FailedPreconditionError(
        absl::StrCat("the run is binary but the model has ", model.classes.size(), " classes"));
  }
  const std::string& positive = outcomes.classes[outcomes.positive_class];
  const Eigen::Index column = model.classes[0] == positive ? 0 : 1;
  outputs.labels = {positive};
  outputs.predict_columns = {column};
  outputs.negate_margin = column == 0;
  return outputs;
}

}  // namespace glassbox::plugins::explanations
