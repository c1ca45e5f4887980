// PrepareRun with a model: a model serves only runs of its own objective, and
// a classifier's classes are its target's distinct values; otherwise
// FAILED_PRECONDITION naming the model's objective, its classes and the run's
// task. Found first by tests/fuzz/create_run_fuzzer
// (regressions/create_run/classification_run_on_regression_model): CreateRun
// accepted such runs, whose worker then failed INTERNAL ("returned 1 score
// columns for 0 classes") or, the other way round, read class 0's probability as
// the predicted value; a binary model under a multiclass task was accepted.
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

// Prepares a model_overview run of `task` on target species, whose values are
// `labels` in turn, scored by the three-class Iris model.
absl::Status PrepareWithIrisModel(glassbox::v1::TaskType task, const std::vector<std::string>& labels) {
  daemon::XgboostModelOptions options;
  options.feature_names = {"sepal length", "sepal width", "petal length", "petal width"};
  options.class_labels = {"setosa", "versicolor", "virginica"};
  auto model = daemon::XgboostModel::Load(
      testing::ReadFileBytes(std::string(GLASSBOX_SOURCE_DIR) + "/tests/daemon/models/testdata/iris_softmax.json"),
      options);
  if (!model.ok()) return model.status();
  std::string csv = "sepal length,sepal width,petal length,petal width,species\n";
  for (size_t row = 0; row < 2 * labels.size(); ++row) {
    absl::StrAppend(&csv, 4.5 + 0.3 * row, ",3.1,", 1.2 + 0.8 * row, ",", 0.2 + 0.3 * row, ",",
                    labels[row % labels.size()], "\n");
  }
  testing::RunInputs inputs;
  inputs.target = "species";
  inputs.task = task;
  return testing::ValidateAnalyzer("model_overview", testing::ReadCsvText(csv), inputs, model->get());
}

absl::Status PrepareWithAdultModel(const std::string& target, glassbox::v1::TaskType task) {
  auto model = testing::LoadAdultModel();
  if (model == nullptr) return absl::InternalError("adult_xgb.json does not load");
  testing::RunInputs inputs;
  inputs.target = target;
  inputs.task = task;
  return testing::ValidateAnalyzer(
      "model_overview", testing::ReadCsvFile(testing::DatasetPath("adult_test_scored.csv")), inputs, model.get());
}

TEST(PrepareRunTest, RefusesAClassificationRunOnARegressionModel) {
  absl::Status status = PrepareWithDiabetesModel(glassbox::v1::BINARY_CLASSIFICATION);
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("task: BINARY_CLASSIFICATION, but the model (objective REGRESSION, no "
                                          "classes) serves only REGRESSION runs; set task to REGRESSION"));
}

TEST(PrepareRunTest, RefusesARegressionRunOnAClassificationModel) {
  absl::Status status = PrepareWithAdultModel("age", glassbox::v1::REGRESSION);
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("task: REGRESSION, but the model (objective BINARY_CLASSIFICATION, 2 "
                                          "classes: <=50K, >50K) serves only BINARY_CLASSIFICATION runs"));
}

TEST(PrepareRunTest, RefusesAMulticlassRunOnABinaryModel) {
  absl::Status status = PrepareWithAdultModel("income", glassbox::v1::MULTICLASS_CLASSIFICATION);
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("task: MULTICLASS_CLASSIFICATION, but the model (objective "
                                          "BINARY_CLASSIFICATION, 2 classes: <=50K, >50K)"));
  EXPECT_THAT(status.message(), HasSubstr("or reference a model trained for MULTICLASS_CLASSIFICATION"));
}

TEST(PrepareRunTest, RefusesABinaryRunOnAMulticlassModel) {
  absl::Status status =
      PrepareWithIrisModel(glassbox::v1::BINARY_CLASSIFICATION, {"setosa", "versicolor", "virginica"});
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("task: BINARY_CLASSIFICATION, but the model (objective "
                                          "MULTICLASS_CLASSIFICATION, 3 classes: setosa, versicolor, virginica) "
                                          "serves only MULTICLASS_CLASSIFICATION runs"));
}

TEST(PrepareRunTest, RefusesATargetWithFewerOrMoreValuesThanTheModelHasClasses) {
  absl::Status fewer = PrepareWithIrisModel(glassbox::v1::MULTICLASS_CLASSIFICATION, {"setosa", "virginica"});
  EXPECT_TRUE(absl::IsFailedPrecondition(fewer)) << fewer;
  EXPECT_THAT(fewer.message(),
              HasSubstr("target_column: 'species' holds 2 distinct values (setosa, virginica), but the model "
                        "(objective MULTICLASS_CLASSIFICATION, 3 classes: setosa, versicolor, virginica) predicts 3, "
                        "and the run's task is MULTICLASS_CLASSIFICATION"));
  absl::Status more =
      PrepareWithIrisModel(glassbox::v1::MULTICLASS_CLASSIFICATION, {"setosa", "versicolor", "virginica", "hybrid"});
  EXPECT_TRUE(absl::IsFailedPrecondition(more)) << more;
  EXPECT_THAT(more.message(), HasSubstr("holds 4 distinct values (hybrid, setosa, versicolor, virginica)"));
}

TEST(PrepareRunTest, AcceptsRunsOfTheModelsOwnObjectiveAndClasses) {
  EXPECT_TRUE(PrepareWithDiabetesModel(glassbox::v1::REGRESSION).ok());
  EXPECT_TRUE(PrepareWithAdultModel("income", glassbox::v1::BINARY_CLASSIFICATION).ok());
  absl::Status iris =
      PrepareWithIrisModel(glassbox::v1::MULTICLASS_CLASSIFICATION, {"setosa", "versicolor", "virginica"});
  EXPECT_TRUE(iris.ok()) << iris;
}

}  // namespace
}  // namespace glassbox::run
