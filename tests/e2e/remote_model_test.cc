// A model served over the Open Inference Protocol by a real v2 server (the
// scikit-learn test server), registered and used by a real daemon.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"
#include "tests/support/oip_server_process.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

// A registration of the model `server` serves, as model `name`, with its
// features and categories as the server states them.
glassbox::v1::RegisterModelRequest RegistrationOf(const OipServerProcess& server, const std::string& name,
                                                  glassbox::v1::TaskType task) {
  const OipModelCard& card = server.card();
  glassbox::v1::RegisterModelRequest request;
  request.set_name(name);
  request.set_format(glassbox::v1::OPEN_INFERENCE_PROTOCOL);
  request.mutable_remote()->set_endpoint(server.endpoint());
  request.mutable_remote()->set_model_name(card.model_name);
  request.set_task(task);
  for (const auto& feature : card.features) request.add_feature_names(feature);
  for (const auto& [feature, values] : card.categories) {
    (*request.mutable_categories())[feature].mutable_values()->Add(values.begin(), values.end());
  }
  return request;
}

TEST(RemoteModelE2eTest, RegistersAServedModelRunsWithItAndSurvivesItsServerGoingDown) {
  auto server = OipServerProcess::Start({"--target", "income"});
  ASSERT_TRUE(server.ok()) << server.status();
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult_test_scored.csv"), &dataset).ok());

  const OipModelCard& card = (*server)->card();
  glassbox::v1::RegisterModelRequest request =
      RegistrationOf(**server, "adult-logistic", glassbox::v1::BINARY_CLASSIFICATION);
  for (const auto& label : card.classes) request.add_class_labels(label);
  glassbox::v1::ModelVersion model;
  grpc::ClientContext register_context;
  ASSERT_TRUE(daemon.stub().RegisterModel(&register_context, request, &model).ok());
  EXPECT_EQ(model.format(), glassbox::v1::OPEN_INFERENCE_PROTOCOL);
  EXPECT_EQ(model.sha256().size(), 64u);

  glassbox::v1::CreateRunRequest run_request;
  *run_request.mutable_spec() = AdultRunSpec(dataset.id(), {"model_overview"}, "adult-logistic");
  glassbox::v1::Run run = CreateRunAndWait(daemon.stub(), run_request.spec());
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();

  // The accuracy of scikit-learn's own predict_proba (written by the server) against the labels.
  sdk::Table scored = ReadCsvFile(DatasetPath("adult_test_scored.csv"));
  const sdk::Column& income = *scored.Find("income");
  const Eigen::MatrixXd& expected = (*server)->expected();
  const int positive = card.classes[1] == ">50K" ? 1 : 0;
  double correct = 0;
  for (size_t row = 0; row < scored.num_rows(); ++row) {
    bool predicted_positive = expected(static_cast<Eigen::Index>(row), positive) >= 0.5;
    bool actual_positive = income.ValueAsString(row) == ">50K";
    correct += predicted_positive == actual_positive;
  }
  glassbox::v1::Insight insight = FetchInsight(daemon.stub(), run.analyses(0).insight_id());
  bool found = false;
  for (const auto& block : insight.blocks()) {
    if (block.has_metric() && block.metric().name() == "accuracy_score") {
      EXPECT_NEAR(block.metric().value(), correct / scored.num_rows(), 1e-12);
      found = true;
    }
  }
  EXPECT_TRUE(found);

  (*server)->Kill();
  grpc::ClientContext what_if_context;
  glassbox::v1::WhatIfRequest what_if;
  what_if.mutable_model()->set_name("adult-logistic");
  what_if.set_dataset_id(dataset.id());
  glassbox::v1::WhatIfResponse answer;
  grpc::Status down = daemon.stub().WhatIf(&what_if_context, what_if, &answer);
  EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(down.error_message(), HasSubstr((*server)->endpoint()));
  grpc::ClientContext again_context;
  glassbox::v1::Run second;
  ASSERT_TRUE(daemon.stub().CreateRun(&again_context, run_request, &second).ok());
  glassbox::v1::Run failed = WaitForRun(daemon.stub(), second.id());
  EXPECT_EQ(failed.state(), glassbox::v1::FAILED);
  EXPECT_THAT(failed.error(), HasSubstr((*server)->endpoint()));
  grpc::ClientContext list_context;
  glassbox::v1::ListRunsResponse runs;
  EXPECT_TRUE(daemon.stub().ListRuns(&list_context, {}, &runs).ok());
}

// A served model's classes come from its output metadata when the
// registration names none; a run of another task or of a target with other
// classes is refused at CreateRun, as for a model file.
TEST(RemoteModelE2eTest, AServedModelIsRefusedForARunOfAnotherTaskOrOtherClasses) {
  auto server = OipServerProcess::Start({"--target", "race"});
  ASSERT_TRUE(server.ok()) << server.status();
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult_test_scored.csv"), &dataset).ok());

  const OipModelCard& card = (*server)->card();
  ASSERT_EQ(card.classes.size(), 5u);
  const glassbox::v1::RegisterModelRequest request =
      RegistrationOf(**server, "adult-race", glassbox::v1::MULTICLASS_CLASSIFICATION);
  glassbox::v1::ModelVersion model;
  grpc::ClientContext register_context;
  ASSERT_TRUE(daemon.stub().RegisterModel(&register_context, request, &model).ok());
  // The server states an output of shape [-1, 5]: five classes, named by their index.
  EXPECT_THAT(model.class_labels(), ::testing::ElementsAre("0", "1", "2", "3", "4"));

  auto refused = [&](const glassbox::v1::RunSpec& spec) {
    glassbox::v1::Run run;
    const grpc::Status status = TryCreateRun(daemon.stub(), spec, &run);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
    return status.error_message();
  };
  glassbox::v1::RunSpec spec = AdultRunSpec(dataset.id(), {"model_overview"}, "adult-race");
  EXPECT_THAT(refused(spec), HasSubstr("spec.task: BINARY_CLASSIFICATION, but model 'adult-race' (objective "
                                       "MULTICLASS_CLASSIFICATION, 5 classes: 0, 1, 2, 3, 4) serves only "
                                       "MULTICLASS_CLASSIFICATION runs"));
  spec.clear_positive_class();
  spec.set_task(glassbox::v1::MULTICLASS_CLASSIFICATION);
  EXPECT_THAT(refused(spec), HasSubstr("spec.target_column: 'income' holds 2 distinct values (<=50K, >50K), but "
                                       "model 'adult-race' (objective MULTICLASS_CLASSIFICATION, 5 classes: 0, 1, 2, "
                                       "3, 4) predicts 5"));
}

TEST(RemoteModelE2eTest, AnUnreachableEndpointIsRefusedAtRegistration) {
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.running());
  glassbox::v1::RegisterModelRequest request;
  request.set_name("nowhere");
  request.set_format(glassbox::v1::OPEN_INFERENCE_PROTOCOL);
  request.mutable_remote()->set_endpoint("127.0.0.1:1");
  request.mutable_remote()->set_model_name("m");
  request.mutable_remote()->set_deadline_seconds(2);
  request.set_task(glassbox::v1::REGRESSION);
  request.add_feature_names("x");
  glassbox::v1::ModelVersion model;
  grpc::ClientContext context;
  grpc::Status status = daemon.stub().RegisterModel(&context, request, &model);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("127.0.0.1:1"));
  grpc::ClientContext list_context;
  glassbox::v1::ListModelsResponse models;
  ASSERT_TRUE(daemon.stub().ListModels(&list_context, {}, &models).ok());
  EXPECT_EQ(models.models_size(), 0);
}

}  // namespace
}  // namespace glassbox::testing
