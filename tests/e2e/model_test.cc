// Registered models through a real daemon: the registry, runs scored by the
// model, what-if, and bad models refused with nothing half-registered.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "storage/sha256.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

class ModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(daemon_.running());
    ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult.csv"), &adult_).ok());
    ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult_test_scored.csv"), &scored_).ok());
  }

  glassbox::v1::RegisterModelRequest AdultRequest() {
    glassbox::v1::RegisterModelRequest request = AdultModelRequest("adult-xgb", adult_.id());
    request.mutable_datasheet()->set_owner("Risk team");
    return request;
  }

  grpc::Status Register(const glassbox::v1::RegisterModelRequest& request, glassbox::v1::ModelVersion* model) {
    grpc::ClientContext context;
    return daemon_.stub().RegisterModel(&context, request, model);
  }

  DaemonProcess daemon_;
  glassbox::v1::Dataset adult_;
  glassbox::v1::Dataset scored_;
};

TEST_F(ModelTest, RegistersVersionsOncePerContent) {
  glassbox::v1::ModelVersion first;
  ASSERT_TRUE(Register(AdultRequest(), &first).ok());
  EXPECT_EQ(first.version(), "1");
  EXPECT_EQ(first.task(), glassbox::v1::BINARY_CLASSIFICATION);
  EXPECT_EQ(first.feature_names_size(), 14);
  EXPECT_EQ(first.categories().at("sex").values_size(), 2);
  EXPECT_EQ(first.datasheet().owner(), "Risk team");
  glassbox::v1::ModelVersion again;
  ASSERT_TRUE(Register(AdultRequest(), &again).ok());
  EXPECT_EQ(again.version(), "1");

  grpc::ClientContext context;
  glassbox::v1::ListModelVersionsRequest list;
  list.set_name("adult-xgb");
  glassbox::v1::ListModelVersionsResponse versions;
  ASSERT_TRUE(daemon_.stub().ListModelVersions(&context, list, &versions).ok());
  EXPECT_EQ(versions.versions_size(), 1);
}

// Once the second registration silently returned version 1 with the old
// datasheet (and the old class labels, had they differed).
TEST_F(ModelTest, TheSameBytesWithANewDatasheetOrNewLabelsAreANewVersion) {
  glassbox::v1::ModelVersion first;
  ASSERT_TRUE(Register(AdultRequest(), &first).ok());
  auto renamed_owner = AdultRequest();
  renamed_owner.mutable_datasheet()->set_owner("Model risk office");
  glassbox::v1::ModelVersion second;
  ASSERT_TRUE(Register(renamed_owner, &second).ok());
  EXPECT_EQ(second.version(), "2");
  EXPECT_EQ(second.sha256(), first.sha256());
  EXPECT_EQ(second.datasheet().owner(), "Model risk office");
  glassbox::v1::ModelVersion again;
  ASSERT_TRUE(Register(renamed_owner, &again).ok());
  EXPECT_EQ(again.version(), "2");
  ASSERT_TRUE(Register(AdultRequest(), &again).ok());
  EXPECT_EQ(again.version(), "1");
  EXPECT_EQ(again.datasheet().owner(), "Risk team");

  auto relabelled = AdultRequest();
  relabelled.clear_class_labels();
  relabelled.add_class_labels("low");
  relabelled.add_class_labels("high");
  glassbox::v1::ModelVersion third;
  ASSERT_TRUE(Register(relabelled, &third).ok());
  EXPECT_EQ(third.version(), "3");
  EXPECT_THAT(third.class_labels(), ::testing::ElementsAre("low", "high"));
}

TEST_F(ModelTest, ARunScoredByTheModelReproducesTheScoredColumn) {
  glassbox::v1::ModelVersion model;
  ASSERT_TRUE(Register(AdultRequest(), &model).ok());
  glassbox::v1::Run run =
      CreateRunAndWait(daemon_.stub(), AdultRunSpec(scored_.id(), {"model_overview"}, "adult-xgb"));
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
  glassbox::v1::Insight insight = FetchInsight(daemon_.stub(), run.analyses(0).insight_id());
  // The model's predictions are the file's `prediction` column: scikit-learn's
  // accuracy_score(income, prediction) on adult_test_scored.csv.
  for (const auto& block : insight.blocks()) {
    if (block.has_metric() && block.metric().name() == "accuracy_score") {
      EXPECT_NEAR(block.metric().value(), 0.8670181022478616, 1e-12);
    }
  }
}

TEST_F(ModelTest, WhatIfScoresADatasetRowAndAChangedOne) {
  glassbox::v1::ModelVersion model;
  ASSERT_TRUE(Register(AdultRequest(), &model).ok());
  glassbox::v1::WhatIfRequest request;
  request.mutable_model()->set_name("adult-xgb");
  request.set_dataset_id(scored_.id());
  request.set_row_index(0);
  grpc::ClientContext context;
  glassbox::v1::WhatIfResponse response;
  ASSERT_TRUE(daemon_.stub().WhatIf(&context, request, &response).ok());
  // Row 0 of adult_test_scored.csv: probability 0.000721 (6 decimals), prediction <=50K.
  EXPECT_NEAR(response.probabilities(1), 0.000721, 1e-6);
  EXPECT_EQ(response.predicted_class(), "<=50K");
  double margin = response.bias();
  for (const auto& contribution : response.contributions()) margin += contribution.contribution();
  EXPECT_NEAR(1 / (1 + std::exp(-margin)), response.probabilities(1), 1e-6);

  (*request.mutable_values())["capital-gain"] = "99999";
  grpc::ClientContext changed_context;
  glassbox::v1::WhatIfResponse changed;
  ASSERT_TRUE(daemon_.stub().WhatIf(&changed_context, request, &changed).ok());
  EXPECT_EQ(changed.row().at("capital-gain"), "99999");
  EXPECT_GT(changed.probabilities(1), response.probabilities(1));

  CliResult cli = RunCli(daemon_.address(), {"whatif", "adult-xgb", "--dataset", scored_.id(), "--row-index", "0",
                                             "--row", "sex=Female"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_THAT(cli.out, HasSubstr("sex = Female"));
}

TEST_F(ModelTest, AWhatIfRowOutsideTheDatasetIsRefusedNamingItsRows) {
  glassbox::v1::ModelVersion model;
  ASSERT_TRUE(Register(AdultRequest(), &model).ok());
  // adult_test_scored.csv has 10,054 rows: 0 to 10,053.
  for (int64_t row : {int64_t{-1}, int64_t{10054}, int64_t{1} << 62}) {
    glassbox::v1::WhatIfRequest request;
    request.mutable_model()->set_name("adult-xgb");
    request.set_dataset_id(scored_.id());
    request.set_row_index(row);
    grpc::ClientContext context;
    glassbox::v1::WhatIfResponse response;
    const grpc::Status status = daemon_.stub().WhatIf(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << row;
    EXPECT_THAT(status.error_message(), HasSubstr(absl::StrCat("row_index ", row, " is outside dataset")));
    EXPECT_THAT(status.error_message(), HasSubstr("(rows 0 to 10053)"));
  }
  grpc::ClientContext context;
  glassbox::v1::ListModelsResponse models;
  EXPECT_TRUE(daemon_.stub().ListModels(&context, {}, &models).ok());
}

TEST_F(ModelTest, BadModelsAndMismatchedDataAreRefused) {
  auto corrupt = AdultRequest();
  corrupt.set_model_bytes(corrupt.model_bytes().substr(0, 1000));
  glassbox::v1::ModelVersion model;
  grpc::Status status = Register(corrupt, &model);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("model_bytes"));
  auto no_categories = AdultRequest();
  no_categories.clear_categories_from_dataset_id();
  status = Register(no_categories, &model);
  EXPECT_THAT(status.error_message(), HasSubstr("needs its categories"));
  grpc::ClientContext list_context;
  glassbox::v1::ListModelsResponse models;
  ASSERT_TRUE(daemon_.stub().ListModels(&list_context, {}, &models).ok());
  EXPECT_EQ(models.models_size(), 0);

  ASSERT_TRUE(Register(AdultRequest(), &model).ok());
  glassbox::v1::Dataset narrow;
  ASSERT_TRUE(UploadBytes(daemon_.stub(), "age,income\n30,<=50K\n50,>50K\n", &narrow).ok());
  glassbox::v1::CreateRunRequest request;
  *request.mutable_spec() = AdultRunSpec(narrow.id(), {"model_overview"}, "adult-xgb");
  auto* spec = request.mutable_spec();
  grpc::ClientContext context;
  glassbox::v1::Run run;
  status = daemon_.stub().CreateRun(&context, request, &run);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("lacks features model 'adult-xgb' version 1 needs: workclass, fnlwgt"));
  EXPECT_THAT(status.error_message(), HasSubstr("columns the model does not use: none"));

  spec->mutable_model()->set_name("nope");
  grpc::ClientContext missing_context;
  status = daemon_.stub().CreateRun(&missing_context, request, &run);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

// A model answers only for the task it was trained for. Once a binary model
// under --task regression gave R² -3.05 (its P(first class) read as the
// value) and under --task multiclass was accepted without a word.
TEST_F(ModelTest, AModelIsRefusedForARunOfAnotherTaskOrOtherClasses) {
  glassbox::v1::ModelVersion adult;
  ASSERT_TRUE(Register(AdultRequest(), &adult).ok());
  auto refused = [&](const glassbox::v1::RunSpec& spec) {
    glassbox::v1::Run run;
    const grpc::Status status = TryCreateRun(daemon_.stub(), spec, &run);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
    return status.error_message();
  };
  glassbox::v1::RunSpec multiclass = AdultRunSpec(scored_.id(), {"model_overview"}, "adult-xgb");
  multiclass.clear_positive_class();
  multiclass.set_task(glassbox::v1::MULTICLASS_CLASSIFICATION);
  EXPECT_THAT(refused(multiclass),
              HasSubstr("spec.task: MULTICLASS_CLASSIFICATION, but model 'adult-xgb' (objective BINARY_CLASSIFICATION, "
                        "2 classes: <=50K, >50K) serves only BINARY_CLASSIFICATION runs; set task to "
                        "BINARY_CLASSIFICATION, or reference a model trained for MULTICLASS_CLASSIFICATION"));
  glassbox::v1::RunSpec regression = multiclass;
  regression.set_task(glassbox::v1::REGRESSION);
  regression.set_target_column("hours-per-week");
  EXPECT_THAT(refused(regression), HasSubstr("spec.task: REGRESSION, but model 'adult-xgb' (objective "
                                             "BINARY_CLASSIFICATION, 2 classes: <=50K, >50K)"));

  // The three-class Iris model (multi:softmax) beside a numeric code of its classes.
  glassbox::v1::RegisterModelRequest iris_request;
  iris_request.set_name("iris");
  iris_request.set_format(glassbox::v1::XGBOOST);
  iris_request.set_model_bytes(
      ReadFileBytes(std::string(GLASSBOX_SOURCE_DIR) + "/tests/daemon/models/testdata/iris_softmax.json"));
  for (const char* feature : {"sepal length", "sepal width", "petal length", "petal width"}) {
    iris_request.add_feature_names(feature);
  }
  for (const char* label : {"setosa", "versicolor", "virginica"}) iris_request.add_class_labels(label);
  glassbox::v1::ModelVersion iris;
  ASSERT_TRUE(Register(iris_request, &iris).ok());
  EXPECT_EQ(iris.task(), glassbox::v1::MULTICLASS_CLASSIFICATION);
  glassbox::v1::Dataset flowers;
  ASSERT_TRUE(UploadBytes(daemon_.stub(),
                          "sepal length,sepal width,petal length,petal width,species,code,kind\n"
                          "5.1,3.5,1.4,0.2,setosa,0,setosa\n4.9,3.0,1.4,0.2,setosa,0,setosa\n"
                          "7.0,3.2,4.7,1.4,versicolor,1,versicolor\n6.4,3.2,4.5,1.5,versicolor,1,versicolor\n"
                          "6.3,3.3,6.0,2.5,virginica,2,versicolor\n5.8,2.7,5.1,1.9,virginica,2,versicolor\n",
                          &flowers)
                  .ok());
  glassbox::v1::RunSpec iris_spec;
  iris_spec.set_dataset_id(flowers.id());
  iris_spec.mutable_model()->set_name("iris");
  iris_spec.add_analyses()->set_analyzer("model_overview");
  iris_spec.set_target_column("code");
  iris_spec.set_task(glassbox::v1::REGRESSION);
  EXPECT_THAT(refused(iris_spec), HasSubstr("spec.task: REGRESSION, but model 'iris' (objective "
                                            "MULTICLASS_CLASSIFICATION, 3 classes: setosa, versicolor, virginica) "
                                            "serves only MULTICLASS_CLASSIFICATION runs"));
  iris_spec.set_target_column("species");
  iris_spec.set_task(glassbox::v1::BINARY_CLASSIFICATION);
  EXPECT_THAT(refused(iris_spec), HasSubstr("spec.task: BINARY_CLASSIFICATION, but model 'iris' (objective "
                                            "MULTICLASS_CLASSIFICATION"));
  iris_spec.set_target_column("kind");
  iris_spec.set_task(glassbox::v1::MULTICLASS_CLASSIFICATION);
  EXPECT_THAT(refused(iris_spec),
              HasSubstr("spec.target_column: 'kind' holds 2 distinct values (setosa, versicolor), but model 'iris' "
                        "(objective MULTICLASS_CLASSIFICATION, 3 classes: setosa, versicolor, virginica) predicts 3, "
                        "and the run's task is MULTICLASS_CLASSIFICATION"));
  grpc::ClientContext list_context;
  glassbox::v1::ListRunsResponse runs;
  ASSERT_TRUE(daemon_.stub().ListRuns(&list_context, {}, &runs).ok());
  EXPECT_EQ(runs.runs_size(), 0);

  iris_spec.set_target_column("species");
  glassbox::v1::Run run = CreateRunAndWait(daemon_.stub(), iris_spec);
  EXPECT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
}

TEST_F(ModelTest, LineageTracesAScorecardToItsDataModelAnalyzersAndConfig) {
  glassbox::v1::ModelVersion model;
  ASSERT_TRUE(Register(AdultRequest(), &model).ok());
  glassbox::v1::RunSpec spec = AdultRunSpec(scored_.id(), {"model_overview"}, "adult-xgb");
  const std::string config = R"({"Metrics": {"accuracy_score": {"threshold": ">=0.85"}}})";
  spec.set_scorecard_config(config);
  glassbox::v1::Run run = CreateRunAndWait(daemon_.stub(), spec);
  EXPECT_EQ(run.spec().model().version(), "1");
  ASSERT_FALSE(run.scorecard_id().empty()) << run.error();

  grpc::ClientContext lineage_context;
  glassbox::v1::GetLineageRequest lineage_request;
  lineage_request.set_resource("scorecards/" + run.scorecard_id());
  glassbox::v1::Lineage lineage;
  ASSERT_TRUE(daemon_.stub().GetLineage(&lineage_context, lineage_request, &lineage).ok());
  EXPECT_EQ(lineage.run().id(), run.id());
  EXPECT_EQ(lineage.dataset().sha256(), scored_.sha256());
  EXPECT_EQ(lineage.model().sha256(), model.sha256());
  ASSERT_EQ(lineage.analyzers_size(), 1);
  EXPECT_EQ(lineage.analyzers(0).analyzer(), "model_overview");
  EXPECT_EQ(lineage.analyzers(0).plugin_sha256().size(), 64u);
  EXPECT_EQ(lineage.scorecard_config_sha256(), storage::Sha256Hex(config));
  EXPECT_EQ(lineage.creator(), "local");
  EXPECT_FALSE(lineage.daemon_version().empty());

  CliResult history = RunCli(daemon_.address(), {"history", "--model", "adult-xgb"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_THAT(history.out, HasSubstr(run.id()));
  EXPECT_THAT(history.out, HasSubstr(run.scorecard_id()));
  CliResult shown = RunCli(daemon_.address(), {"lineage", "runs/" + run.id()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("model adult-xgb version 1 sha256 " + model.sha256()));
}

}  // namespace
}  // namespace glassbox::testing
