// The explanations plugin on a real three-class XGBoost model trained on
// synthetic data: TreeSHAP per class against the model's softmax, KernelSHAP
// of each class's probability, permutation importance with multiclass scorers.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "glassbox/v1/analyses/explanations.pb.h"
#include "synthetic_model.h"
#include "tests/plugins/explanations/permutation_paths.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {
namespace {

using glassbox::v1::analyses::Explanations;

constexpr size_t kRows = 1200;

class MulticlassTest : public ::testing::Test {
 protected:
  // class a when x1 < 1/3, b when x1 < 2/3, c otherwise; x2 is noise.
  static void SetUpTestSuite() {
    const sdk::Table data = LinearData(kRows, 17);
    const auto x1 = data.Find("x1")->values();
    const auto x2 = data.Find("x2")->values();
    std::vector<double> labels;
    std::vector<int32_t> codes;
    for (double x : x1) {
      const int label = x < 1.0 / 3 ? 0 : x < 2.0 / 3 ? 1 : 2;
      labels.push_back(label);
      codes.push_back(label);
    }
    model_ = TrainXgboost({{"x1", {x1.begin(), x1.end()}}, {"x2", {x2.begin(), x2.end()}}}, labels,
                          {{"objective", "multi:softprob"},
                           {"num_class", "3"},
                           {"max_depth", "3"},
                           {"eta", "0.3"},
                           {"nthread", "1"},
                           {"seed", "0"}},
                          20, {"a", "b", "c"})
                 .release();
    table_ = new sdk::Table();
    ASSERT_TRUE(table_->AddColumn(data.shared_column(data.IndexOf("x1"))).ok());
    ASSERT_TRUE(table_->AddColumn(data.shared_column(data.IndexOf("x2"))).ok());
    ASSERT_TRUE(table_->AddColumn(sdk::Column::Categorical("label", {"a", "b", "c"}, codes)).ok());
    probabilities_ = new Eigen::MatrixXd(*model_->Predict(*table_));
  }

  static Explanations Analyze(const std::string& params) {
    RunInputs inputs;
    inputs.target = "label";
    inputs.task = glassbox::v1::MULTICLASS_CLASSIFICATION;
    inputs.params = ParseParams(params);
    auto insight = RunAnalyzer("explanations", *table_, inputs, model_);
    EXPECT_TRUE(insight.ok()) << insight.status();
    Explanations payload;
    if (insight.ok()) {
      EXPECT_TRUE(insight->payload().UnpackTo(&payload));
    }
    return payload;
  }

  static daemon::XgboostModel* model_;
  static sdk::Table* table_;
  static Eigen::MatrixXd* probabilities_;
};

daemon::XgboostModel* MulticlassTest::model_ = nullptr;
sdk::Table* MulticlassTest::table_ = nullptr;
Eigen::MatrixXd* MulticlassTest::probabilities_ = nullptr;

TEST_F(MulticlassTest, TreeShapExplainsEachClassMargin) {
  // Per class, bias + contributions is the class's margin; their softmax is Predict's probabilities.
  const Explanations result = Analyze(R"({"rows": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]})");
  EXPECT_EQ(result.method(), "tree_shap");
  ASSERT_EQ(result.outputs_size(), 3);
  EXPECT_EQ(result.outputs(2), "c");
  ASSERT_EQ(result.local_size(), 30);
  for (int i = 0; i < 10; ++i) {
    double total = 0.0;
    for (int k = 0; k < 3; ++k) total += std::exp(result.local(3 * i + k).output_value());
    for (int k = 0; k < 3; ++k) {
      const auto& local = result.local(3 * i + k);
      EXPECT_EQ(local.output(), result.outputs(k));
      EXPECT_NEAR(std::exp(local.output_value()) / total, (*probabilities_)(local.row(), k), 1e-6);
    }
  }
  // Importance sums the classes' mean |contribution|; x1 decides the class.
  const auto& x1 = result.overall().features(0);
  EXPECT_EQ(x1.feature(), "x1");
  ASSERT_EQ(x1.per_output_size(), 3);
  EXPECT_NEAR(x1.importance(), x1.per_output(0) + x1.per_output(1) + x1.per_output(2), 1e-12);
  EXPECT_GT(x1.importance(), 10 * result.overall().features(1).importance());
}

TEST_F(MulticlassTest, KernelShapExplainsEachClassProbability) {
  const Explanations result =
      Analyze(R"({"method": "kernel_shap", "rows": [0, 1, 2, 3, 4], "sample_size": 0, "background_size": 30})");
  ASSERT_EQ(result.local_size(), 15);
  double base_total = 0.0;
  for (int k = 0; k < 3; ++k) base_total += result.local(k).base_value();
  EXPECT_NEAR(base_total, 1.0, 1e-6);  // The mean of probabilities that add up to 1 (float32 each).
  for (const auto& local : result.local()) {
    double sum = local.base_value();
    for (double c : local.contributions()) sum += c;
    const int k = local.output() == "a" ? 0 : local.output() == "b" ? 1 : 2;
    EXPECT_NEAR(sum, (*probabilities_)(local.row(), k), 1e-9);
  }
}

TEST_F(MulticlassTest, PermutationScoresWithMulticlassScorers) {
  for (const char* scoring : {"accuracy", "f1_macro", "roc_auc_ovr", "neg_log_loss"}) {
    const Explanations result =
        Analyze(std::string(R"({"method": "permutation", "n_repeats": 2, "scoring": ")") + scoring + R"("})");
    EXPECT_EQ(result.scoring(), scoring);
    EXPECT_EQ(result.overall().features(0).feature(), "x1") << scoring;
    EXPECT_GT(result.overall().features(0).importance(), 0.2) << scoring;
  }
}

TEST_F(MulticlassTest, PredictReplacingGivesTheImportancesOfPredict) {
  RunInputs inputs;
  inputs.target = "label";
  inputs.task = glassbox::v1::MULTICLASS_CLASSIFICATION;
  ExpectPermutationEqualThroughPredictOnly(*table_, inputs, *model_);
}

TEST_F(MulticlassTest, RefusesBinaryOnlyScorers) {
  RunInputs inputs;
  inputs.target = "label";
  inputs.task = glassbox::v1::MULTICLASS_CLASSIFICATION;
  inputs.params = ParseParams(R"({"scoring": "roc_auc"})");
  const absl::Status status = ValidateAnalyzer("explanations", *table_, inputs, model_);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_NE(status.message().find("roc_auc_ovr"), absl::string_view::npos) << status;
}

}  // namespace
}  // namespace glassbox::testing
