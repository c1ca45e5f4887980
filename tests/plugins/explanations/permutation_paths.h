// The two ways permutation importance reaches a model: through
// Model::PredictReplacing, and through Predict alone (every changed row
// predicted, as for a backend without PredictReplacing). They must agree to the
// bit.
#ifndef GLASSBOX_TESTS_PLUGINS_EXPLANATIONS_PERMUTATION_PATHS_H_
#define GLASSBOX_TESTS_PLUGINS_EXPLANATIONS_PERMUTATION_PATHS_H_

#include "glassbox/sdk/model.h"
#include "glassbox/sdk/table.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {

// The model served as a backend with Predict only (a remote model, say): no
// exact contributions, no PredictReplacing.
class PredictOnly : public sdk::Model {
 public:
  explicit PredictOnly(const sdk::Model& model) : model_(model) {}
  const sdk::ModelInfo& info() const override { return model_.info(); }
  absl::StatusOr<Eigen::MatrixXd> Predict(const sdk::Table& rows) const override { return model_.Predict(rows); }

 private:
  const sdk::Model& model_;
};

// Runs the explanations plugin's permutation importance (3 repeats; r2, or
// neg_log_loss and accuracy; over the rows and `inputs`' cohorts) with `model`, which must serve
// PredictReplacing, and with PredictOnly(model); expects equal payloads, every double to the bit.
void ExpectPermutationEqualThroughPredictOnly(const sdk::Table& table, RunInputs inputs, const sdk::Model& model);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_PLUGINS_EXPLANATIONS_PERMUTATION_PATHS_H_
