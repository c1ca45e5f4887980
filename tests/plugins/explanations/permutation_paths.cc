#include "tests/plugins/explanations/permutation_paths.h"

#include <memory>
#include <vector>

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

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
  // Classes: scored on probabilities, so that any prediction that differs shows, through held predictions; and
  // on accuracy, a sum over rows, which permutation importance scores slice by slice as the predictions come.
  // Regression: r2, a sum over rows.
  const std::vector<const char*> scorings =
      inputs.task == glassbox::v1::REGRESSION ? std::vector<const char*>{"r2"}
                                              : std::vector<const char*>{"neg_log_loss", "accuracy"};
  for (const char* scoring : scorings) {
    SCOPED_TRACE(scoring);
    inputs.params = ParseParams(
        absl::StrCat(R"({"method": "permutation", "n_repeats": 3, "seed": 11, "scoring": ")", scoring, R"("})"));
    const glassbox::v1::analyses::Explanations replacing = Permutation(table, inputs, model);
    const glassbox::v1::analyses::Explanations predicting = Permutation(table, inputs, PredictOnly(model));
    ASSERT_EQ(replacing.method(), "permutation");
    ASSERT_EQ(replacing.scoring(), scoring);
    ASSERT_GT(replacing.overall().features_size(), 0);
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(replacing, predicting))
        << "through PredictReplacing:\n" << replacing.DebugString() << "through Predict:\n"
        << predicting.DebugString();
  }
}

}  // namespace glassbox::testing
