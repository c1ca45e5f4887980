// Permutation importance on a real XGBoost regressor trained on data with a
// known truth: through the plugin, and the core against a from-scratch
// recomputation of scikit-learn's definition.
#include "permutation_importance.h"

#include <atomic>
#include <numeric>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "glassbox/v1/analyses/explanations.pb.h"
#include "random.h"
#include "synthetic_model.h"
#include "tests/plugins/explanations/permutation_paths.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::plugins::explanations {
namespace {

using glassbox::v1::analyses::CohortImportance;
using glassbox::v1::analyses::Explanations;
using glassbox::v1::analyses::FeatureImportance;

// scikit-learn's r2_score: 1 - sum (y - p)^2 / sum (y - mean y)^2.
double R2(std::span<const double> y, const Eigen::VectorXd& predicted) {
  const double mean = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
  double residual = 0.0, total = 0.0;
  for (size_t i = 0; i < y.size(); ++i) {
    residual += (y[i] - predicted[static_cast<Eigen::Index>(i)]) * (y[i] - predicted[static_cast<Eigen::Index>(i)]);
    total += (y[i] - mean) * (y[i] - mean);
  }
  return 1.0 - residual / total;
}

const FeatureImportance& Feature(const CohortImportance& importance, const std::string& name) {
  for (const auto& feature : importance.features()) {
    if (feature.feature() == name) return feature;
  }
  ADD_FAILURE() << "no feature " << name;
  return importance.features(0);
}

class PermutationImportanceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new sdk::Table(testing::LinearData(1500, 5));
    model_ = testing::TrainLinearModel(*data_).release();
  }

  static Explanations Run(const std::string& params) {
    testing::RunInputs inputs;
    inputs.target = "y";
    inputs.task = glassbox::v1::REGRESSION;
    inputs.cohorts = {{"high x1", "x1 > 0.5"}};
    inputs.params = testing::ParseParams(params);
    auto insight = testing::RunAnalyzer("explanations", *data_, inputs, model_);
    EXPECT_TRUE(insight.ok()) << insight.status();
    Explanations payload;
    if (insight.ok()) {
      EXPECT_TRUE(insight->payload().UnpackTo(&payload));
    }
    return payload;
  }

  static sdk::Table* data_;
  static daemon::XgboostModel* model_;
};

sdk::Table* PermutationImportanceTest::data_ = nullptr;
daemon::XgboostModel* PermutationImportanceTest::model_ = nullptr;

TEST_F(PermutationImportanceTest, RanksTheFeaturesByTheirTrueWeight) {
  const Explanations result = Run(R"({"method": "permutation", "seed": 3})");
  EXPECT_EQ(result.method(), "permutation");
  EXPECT_EQ(result.scoring(), "r2");
  const CohortImportance& overall = result.overall();
  ASSERT_EQ(overall.features_size(), 3);
  EXPECT_EQ(overall.features(0).feature(), "x1");
  EXPECT_EQ(overall.features(1).feature(), "x2");
  EXPECT_EQ(overall.features(2).feature(), "x3");
  // Shuffling x in y = 2 x1 - x2 loses about 2 var(2 x1) / var(y) of R2
  // (= 2 * (4/12) / (5/12 + 0.04/12) = 1.59) and 2 var(x2) / var(y) = 0.40.
  EXPECT_NEAR(Feature(overall, "x1").importance(), 1.59, 0.1);
  EXPECT_NEAR(Feature(overall, "x2").importance(), 0.40, 0.05);
  EXPECT_NEAR(Feature(overall, "x3").importance(), 0.0, 0.005);
  EXPECT_EQ(Feature(overall, "x1").drops_size(), 5);

  std::vector<double> y(data_->Find("y")->values().begin(), data_->Find("y")->values().end());
  EXPECT_NEAR(overall.baseline_score(), R2(y, model_->Predict(*data_)->col(0)), 1e-12);

  ASSERT_EQ(result.cohorts_size(), 1);
  EXPECT_EQ(result.cohorts(0).cohort(), "high x1");
  int64_t high = 0;
  for (double x1 : data_->Find("x1")->values()) high += x1 > 0.5;
  EXPECT_EQ(result.cohorts(0).size(), high);
}

TEST_F(PermutationImportanceTest, SameSeedSameFigures) {
  const Explanations first = Run(R"({"method": "permutation", "seed": 9, "n_repeats": 3})");
  const Explanations again = Run(R"({"method": "permutation", "seed": 9, "n_repeats": 3})");
  const Explanations other = Run(R"({"method": "permutation", "seed": 10, "n_repeats": 3})");
  EXPECT_EQ(first.overall().SerializeAsString(), again.overall().SerializeAsString());
  EXPECT_NE(Feature(first.overall(), "x1").importance(), Feature(other.overall(), "x1").importance());
}

TEST_F(PermutationImportanceTest, DropsAreThoseOfTheWholeShuffledColumn) {
  // Recomputes scikit-learn's definition from scratch: for each repeat, the
  // whole column replaced by its shuffle (the same cumulative shuffles of a
  // generator seeded once), every row predicted, R2 by hand.
  const std::string names[] = {"x1", "x2", "x3"};
  const sdk::Table features = *data_->SelectColumns(names);
  sdk::Outcomes outcomes;
  outcomes.task = glassbox::v1::REGRESSION;
  const auto y = data_->Find("y")->values();
  outcomes.y_true = Eigen::Map<const Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(y.size()));
  std::vector<size_t> rows(features.num_rows());
  std::iota(rows.begin(), rows.end(), size_t{0});
  auto outputs = OutputsOf(model_->info(), outcomes);
  ASSERT_TRUE(outputs.ok());
  const PredictionScorer scorer(*ScoringNamed("r2", glassbox::v1::REGRESSION), outcomes, rows, *outputs);
  const size_t columns[] = {0, 1, 2};
  constexpr int kRepeats = 4;
  auto result = ComputePermutationImportance(*model_, features, scorer, columns, kRepeats, 21, Progress::Silent());
  ASSERT_TRUE(result.ok()) << result.status();

  const double baseline = R2({y.begin(), y.end()}, model_->Predict(features)->col(0));
  EXPECT_NEAR(result->baseline_score, baseline, 1e-12);
  for (size_t c = 0; c < 3; ++c) {
    Rng rng(21);
    std::vector<size_t> shuffle = rows;
    double sum = 0.0, squares = 0.0;
    for (int r = 0; r < kRepeats; ++r) {
      rng.Shuffle(std::span(shuffle));
      std::vector<double> values;
      for (size_t row : shuffle) values.push_back(features.column(c).values()[row]);
      sdk::Table shuffled = features;
      ASSERT_TRUE(shuffled.ReplaceColumn(sdk::Column::Numeric(names[c], values)).ok());
      const double drop = baseline - R2({y.begin(), y.end()}, model_->Predict(shuffled)->col(0));
      EXPECT_NEAR(result->drops[c][r], drop, 1e-12) << names[c] << " repeat " << r;
      sum += drop;
      squares += drop * drop;
    }
    const double mean = sum / kRepeats;
    EXPECT_NEAR(result->Mean(c), mean, 1e-12);
    EXPECT_NEAR(result->Std(c), std::sqrt(squares / kRepeats - mean * mean), 1e-9);
  }
}

TEST_F(PermutationImportanceTest, ConstantColumnHasNoImportance) {
  sdk::Table constant = *data_;
  ASSERT_TRUE(constant.ReplaceColumn(sdk::Column::Numeric("x3", std::vector<double>(1500, 0.25))).ok());
  testing::RunInputs inputs;
  inputs.target = "y";
  inputs.task = glassbox::v1::REGRESSION;
  inputs.params = testing::ParseParams(R"({"method": "permutation", "scoring": "neg_mean_absolute_error"})");
  auto insight = testing::RunAnalyzer("explanations", constant, inputs, model_);
  ASSERT_TRUE(insight.ok()) << insight.status();
  Explanations result;
  ASSERT_TRUE(insight->payload().UnpackTo(&result));
  for (double drop : Feature(result.overall(), "x3").drops()) EXPECT_EQ(drop, 0.0);
  EXPECT_EQ(Feature(result.overall(), "x3").std(), 0.0);
  EXPECT_GT(Feature(result.overall(), "x1").importance(), 0.3);
}

TEST_F(PermutationImportanceTest, TreeShapOfTheRegressorAddsUpToItsPrediction) {
  const Explanations result = Run(R"({"rows": [0, 1, 2, 3, 4, 5, 6, 7]})");
  EXPECT_EQ(result.method(), "tree_shap");
  ASSERT_EQ(result.local_size(), 8);
  const Eigen::MatrixXd predictions = *model_->Predict(*data_);
  for (const auto& local : result.local()) {
    EXPECT_EQ(local.output(), "");
    EXPECT_NEAR(local.output_value(), predictions(local.row(), 0), 1e-5);  // Predict is float32.
  }
}

TEST_F(PermutationImportanceTest, PredictReplacingGivesTheImportancesOfPredictOnTheRegressor) {
  testing::RunInputs inputs;
  inputs.target = "y";
  inputs.task = glassbox::v1::REGRESSION;
  inputs.cohorts = {{"high x1", "x1 > 0.5"}};
  testing::ExpectPermutationEqualThroughPredictOnly(*data_, inputs, *model_);
}

TEST_F(PermutationImportanceTest, ModelWithoutContributionsFallsBackToPermutationAndKernelShap) {
  const testing::PredictOnly model(*model_);
  testing::RunInputs inputs;
  inputs.target = "y";
  inputs.task = glassbox::v1::REGRESSION;
  inputs.params = testing::ParseParams(R"({"rows": [4], "n_repeats": 2, "background_size": 40})");
  auto insight = testing::RunAnalyzer("explanations", *data_, inputs, &model);
  ASSERT_TRUE(insight.ok()) << insight.status();
  Explanations result;
  ASSERT_TRUE(insight->payload().UnpackTo(&result));
  EXPECT_EQ(result.method(), "permutation");
  EXPECT_EQ(result.local_method(), "kernel_shap");
  EXPECT_EQ(result.output_space(), glassbox::v1::analyses::OUTPUT_SPACE_PREDICTION);
  ASSERT_EQ(result.local_size(), 1);
  EXPECT_NEAR(result.local(0).output_value(), (*model_->Predict(*data_))(4, 0), 1e-9);

  inputs.params = testing::ParseParams(R"({"method": "tree_shap"})");
  const absl::Status refused = testing::RunAnalyzer("explanations", *data_, inputs, &model).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
  EXPECT_NE(refused.message().find("'method'"), absl::string_view::npos) << refused;
}

TEST_F(PermutationImportanceTest, StopsWhenCancelledAndReportsProgress) {
  const std::string names[] = {"x1", "x2", "x3"};
  const sdk::Table features = *data_->SelectColumns(names);
  sdk::Outcomes outcomes;
  outcomes.task = glassbox::v1::REGRESSION;
  outcomes.y_true = Eigen::VectorXd::Zero(1500);
  std::vector<size_t> rows(1500);
  std::iota(rows.begin(), rows.end(), size_t{0});
  const PredictionScorer scorer(*ScoringNamed("r2", glassbox::v1::REGRESSION), outcomes, rows,
                                *OutputsOf(model_->info(), outcomes));
  const size_t columns[] = {0, 1, 2};

  std::atomic<bool> cancel{false};
  std::vector<double> reported;
  sdk::AnalysisContext context;
  context.cancel_requested = &cancel;
  context.report_progress = [&](double fraction, std::string_view) { reported.push_back(fraction); };
  auto done = ComputePermutationImportance(*model_, features, scorer, columns, 2, 0, Progress(context));
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_FALSE(reported.empty());
  EXPECT_TRUE(std::is_sorted(reported.begin(), reported.end()));
  EXPECT_DOUBLE_EQ(reported.back(), 1.0);

  cancel = true;
  auto cancelled = ComputePermutationImportance(*model_, features, scorer, columns, 2, 0, Progress(context));
  EXPECT_EQ(cancelled.status().code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace glassbox::plugins::explanations
