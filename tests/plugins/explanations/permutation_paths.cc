#include "tests/plugins/explanations/permutation_paths.h"

#include <memory>
#include <vector>

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "glassbox/v1/analyses/explanations.pb.h"

namespace glassbox::testing {
namespace {

glassbox::v1::analyses::Explanations Permutation(const sdk::Table& table, const RunInputs& inputs,
                                                 const sdk::Model& model) {
  glassbox::v1::analyses::Explanations payload;
  auto insight = RunAnalyzer("explanations", table, inputs, &model);
  EXPECT_TRUE(insight.ok()) << insight.status();
  if (insight.ok()) EXPECT_TRUE(insight->payload().UnpackTo(&payload));
  return payload;
}

}  // namespace

void ExpectPermutationEqualThroughPredictOnly(const sdk::Table& table, RunInputs inputs, const sdk::Model& model) {
  const std::vector<std::shared_ptr<const sdk::Column>> none;
  ASSERT_FALSE(absl::IsUnimplemented(model.PredictReplacing(table, none).status()))
      << "the model does not serve PredictReplacing";
  // Scored on probabilities where there are classes, so that any prediction that differs shows.
  inputs.params = ParseParams(
      inputs.task == glassbox::v1::REGRESSION
          ? R"({"method": "permutation", "n_repeats": 3, "seed": 11})"
          : R"({"method": "permutation", "n_repeats": 3, "seed": 11, "scoring": "neg_log_loss"})");
  const glassbox::v1::analyses::Explanations replacing = Permutation(table, inputs, model);
  const glassbox::v1::analyses::Explanations predicting = Permutation(table, inputs, PredictOnly(model));
  ASSERT_EQ(replacing.method(), "permutation");
  ASSERT_GT(replacing.overall().features_size(), 0);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(replacing, predicting))
      << "through PredictReplacing:\n" << replacing.DebugString() << "through Predict:\n" << predicting.DebugString();
}

}  // namespace glassbox::testing
