// PrepareRun with a model: the run's task and the model's objective agree on
// regression or classification. Found by tests/fuzz/create_run_fuzzer
// (regressions/create_run/classification_run_on_regression_model): CreateRun
// accepted such runs, whose worker then failed INTERNAL ("returned 1 score
// columns for 0 classes") or, the other way round, read class 0's probability as
// the predicted value.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/models/xgboost_model.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::run {
namespace {

using ::testing::HasSubstr;

const char* const kDiabetesFeatures[] = {"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"};

// The ten numeric features diabetes_reg.json reads beside a 0/1 column y.
sdk::Table DiabetesFeaturesAndLabel() {
  std::string csv = absl::StrCat(absl::StrJoin(kDiabetesFeatures, ","), ",y\n");
  for (int row = 0; row < 6; ++row) {
    for (int j = 0; j < 10; ++j) absl::StrAppend(&csv, (row * 10 + j) % 7 * 0.01, ",");
    absl::StrAppend(&csv, row % 2, "\n");
  }
  return testing::ReadCsvText(csv);
}

// Prepares a model_overview run of `task` on target y, scored by diabetes_reg.json.
absl::Status PrepareWithDiabetesModel(glassbox::v1::TaskType task) {
  auto model = daemon::XgboostModel::Load(
      testing::ReadFileBytes(std::string(GLASSBOX_SOURCE_DIR) + "/tests/daemon/models/testdata/diabetes_reg.json"),
      {});
  if (!model.ok()) return model.status();
  testing::RunInputs inputs;
  inputs.target = "y";
  inputs.task = task;
  return testing::ValidateAnalyzer("model_overview", DiabetesFeaturesAndLabel(), inputs, model->get());
}

TEST(PrepareRunTest, RefusesAClassificationRunOnARegressionModel) {
  absl::Status status = PrepareWithDiabetesModel(glassbox::v1::BINARY_CLASSIFICATION);
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("task: BINARY_CLASSIFICATION, but the model's objective is REGRESSION"));
}

TEST(PrepareRunTest, RefusesARegressionRunOnAClassificationModel) {
  auto model = testing::LoadAdultModel();
  ASSERT_NE(model, nullptr);
  testing::RunInputs inputs;
  inputs.target = "age";
  inputs.task = glassbox::v1::REGRESSION;
  absl::Status status = testing::ValidateAnalyzer(
      "model_overview", testing::ReadCsvFile(testing::DatasetPath("adult_test_scored.csv")), inputs, model.get());
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("task: REGRESSION, but the model's objective is BINARY_CLASSIFICATION"));
}

TEST(PrepareRunTest, AcceptsARegressionRunOnARegressionModel) {
  EXPECT_TRUE(PrepareWithDiabetesModel(glassbox::v1::REGRESSION).ok());
}

}  // namespace
}  // namespace glassbox::run
