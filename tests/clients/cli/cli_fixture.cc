#include "tests/clients/cli/cli_fixture.h"

#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {

DaemonProcess* CliTest::daemon_ = nullptr;
glassbox::v1::Dataset CliTest::scored_;

void CliTest::SetUpTestSuite() {
  daemon_ = new DaemonProcess();
  scored_.Clear();
  if (daemon_->running()) EXPECT_TRUE(UploadFile(daemon_->stub(), DatasetPath("adult_test_scored.csv"), &scored_).ok());
}

void CliModelTest::SetUpTestSuite() {
  CliTest::SetUpTestSuite();
  ASSERT_TRUE(daemon_->running());
  glassbox::v1::Dataset adult;
  ASSERT_TRUE(UploadFile(daemon_->stub(), DatasetPath("adult.csv"), &adult).ok());
  grpc::ClientContext context;
  glassbox::v1::ModelVersion model;
  grpc::Status status = daemon_->stub().RegisterModel(&context, AdultModelRequest("adult-xgb", adult.id()), &model);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

void CliTest::TearDownTestSuite() {
  delete daemon_;
  daemon_ = nullptr;
}

}  // namespace glassbox::testing
