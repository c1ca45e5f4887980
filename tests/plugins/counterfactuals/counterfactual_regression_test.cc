// The regression path: counterfactuals whose predicted hours-per-week fall in
// desired_range, from a small XGBoost regressor of adult_train.csv
// (data/README.md), each re-scored by the model here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "glassbox/v1/analyses/counterfactuals.pb.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {
namespace {

namespace analyses = glassbox::v1::analyses;
using ::testing::HasSubstr;

class CounterfactualRegressionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    table_ = new sdk::Table(ReadCsvFile(DatasetPath("adult_test_scored.csv")));
    daemon::XgboostModelOptions options = AdultModelOptions();
    options.class_labels.clear();
    auto model = daemon::XgboostModel::Load(
        ReadFileBytes(std::string(GLASSBOX_SOURCE_DIR) + "/tests/plugins/counterfactuals/data/hours_xgb.json"),
        options);
    ASSERT_TRUE(model.ok()) << model.status();
    model_ = model->release();
  }
  static void TearDownTestSuite() {
    delete model_;
    delete table_;
  }

  static RunInputs Inputs(const std::string& params) {
    RunInputs inputs;
    inputs.target = "hours-per-week";
    inputs.task = glassbox::v1::REGRESSION;
    inputs.params = ParseParams(params);
    return inputs;
  }

  static sdk::Table* table_;
  static sdk::Model* model_;
};

sdk::Table* CounterfactualRegressionTest::table_ = nullptr;
sdk::Model* CounterfactualRegressionTest::model_ = nullptr;

TEST_F(CounterfactualRegressionTest, PredictionsOfTheCounterfactualsFallInTheDesiredRange) {
  auto insight =
      RunAnalyzer("counterfactuals", *table_,
                  Inputs(R"({"query_rows": [0, 1, 2, 3, 4], "desired_range": [50, 70], "total_CFs": 5})"), model_);
  ASSERT_TRUE(insight.ok()) << insight.status();
  analyses::Counterfactuals payload;
  ASSERT_TRUE(insight->payload().UnpackTo(&payload));
  EXPECT_THAT(payload.desired_range(), ::testing::ElementsAre(50, 70));
  // python xgboost 1.7.4 XGBRegressor.predict on rows 0-4.
  const double expected[] = {33.27043533325195, 38.31664276123047, 37.210330963134766, 43.309844970703125,
                             50.61054229736328};
  ASSERT_EQ(payload.queries_size(), 5);
  int checked = 0;
  for (int q = 0; q < 5; ++q) {
    const auto& query = payload.queries(q);
    EXPECT_NEAR(query.prediction(), expected[q], 1e-4) << "row " << q;
    if (q == 4) {
      EXPECT_EQ(query.outcome(), analyses::ALREADY_DESIRED);
      EXPECT_EQ(query.counterfactuals_size(), 0);
      continue;
    }
    EXPECT_EQ(query.outcome(), analyses::FOUND) << "row " << q;
    for (const auto& counterfactual : query.counterfactuals()) {
      const size_t row = static_cast<size_t>(q);
      sdk::Table one = table_->SelectRows(std::span<const size_t>(&row, 1));
      for (const auto& change : counterfactual.changes()) {
        const sdk::Column& column = *one.Find(change.feature());
        if (column.is_numeric()) {
          ASSERT_TRUE(one.ReplaceColumn(sdk::Column::Numeric(column.name(), {change.counterfactual().number()})).ok());
        } else {
          const auto code = column.CodeOf(change.counterfactual().category());
          ASSERT_TRUE(code.has_value());
          ASSERT_TRUE(one.ReplaceColumn(sdk::Column::Categorical(column.name(), column.categories(), {*code})).ok());
        }
        EXPECT_NE(change.feature(), "hours-per-week") << "the target is no feature of the model";
      }
      auto scores = model_->Predict(one);
      ASSERT_TRUE(scores.ok()) << scores.status();
      EXPECT_GE((*scores)(0, 0), 50.0);
      EXPECT_LE((*scores)(0, 0), 70.0);
      EXPECT_EQ(counterfactual.prediction(), (*scores)(0, 0));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 20);
  // Row 4 needs no search and is left out of the overall figures.
  EXPECT_EQ(payload.overall().queries(), 4);
  EXPECT_EQ(payload.overall().requested(), 20);
  EXPECT_EQ(payload.overall().validity(), 1.0);
  EXPECT_TRUE(payload.all_found());
}

TEST_F(CounterfactualRegressionTest, RefusesAClassOrAMissingRange) {
  const struct {
    std::string params;
    std::string message;
  } cases[] = {
      {R"({"query_rows": [0], "desired_class": "opposite", "desired_range": [50, 70]})",
       "parameter 'desired_class' applies to classification only"},
      {R"({"query_rows": [0]})", "parameter 'desired_range' is required for regression"},
      {R"({"query_rows": [0], "desired_range": [50]})", "parameter 'desired_range' is required for regression"},
      {R"({"query_rows": [0], "desired_range": [70, 50]})", "low <= high; got [70, 50]"},
  };
  for (const auto& c : cases) {
    const absl::Status status = ValidateAnalyzer("counterfactuals", *table_, Inputs(c.params), model_);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.params;
    EXPECT_THAT(status.message(), HasSubstr(c.message)) << c.params;
  }
}

}  // namespace
}  // namespace glassbox::testing
