// CompareRuns through a real daemon: the Adult model scored on its test third
// against its training third. Each compared value is the one the run's own
// insight holds; refusals name the field; the call is audited; the CLI prints it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

class CompareRunsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    daemon_ = new DaemonProcess();
    ASSERT_TRUE(daemon_->running());
    glassbox::v1::Dataset adult, test, train;
    ASSERT_TRUE(UploadFile(daemon_->stub(), DatasetPath("adult.csv"), &adult).ok());
    ASSERT_TRUE(UploadFile(daemon_->stub(), DatasetPath("adult_test_scored.csv"), &test).ok());
    ASSERT_TRUE(UploadFile(daemon_->stub(), DatasetPath("adult_train.csv"), &train).ok());
    grpc::ClientContext context;
    glassbox::v1::ModelVersion model;
    ASSERT_TRUE(daemon_->stub().RegisterModel(&context, AdultModelRequest("adult-xgb", adult.id()), &model).ok());
    const std::vector<std::string> analyzers = {"model_overview", "explanations"};
    test_run_ = new glassbox::v1::Run(CreateRunAndWait(daemon_->stub(), AdultRunSpec(test.id(), analyzers, "adult-xgb")));
    train_run_ =
        new glassbox::v1::Run(CreateRunAndWait(daemon_->stub(), AdultRunSpec(train.id(), analyzers, "adult-xgb")));
    ASSERT_EQ(test_run_->state(), glassbox::v1::SUCCEEDED) << test_run_->error();
    ASSERT_EQ(train_run_->state(), glassbox::v1::SUCCEEDED) << train_run_->error();
  }
  static void TearDownTestSuite() {
    delete test_run_;
    delete train_run_;
    delete daemon_;
  }

  static grpc::Status Compare(const std::string& run, const std::string& other,
                              glassbox::v1::CompareRunsResponse* response) {
    grpc::ClientContext context;
    glassbox::v1::CompareRunsRequest request;
    request.set_run_id(run);
    request.set_other_run_id(other);
    return daemon_->stub().CompareRuns(&context, request, response);
  }

  // The metric values of `run`'s model_overview insight, by name, whole data only.
  static std::map<std::string, double> OverviewMetrics(const glassbox::v1::Run& run) {
    std::map<std::string, double> values;
    grpc::ClientContext context;
    glassbox::v1::ListInsightsRequest request;
    request.set_run_id(run.id());
    glassbox::v1::ListInsightsResponse response;
    EXPECT_TRUE(daemon_->stub().ListInsights(&context, request, &response).ok());
    for (const auto& insight : response.insights()) {
      if (insight.analyzer() != "model_overview") continue;
      for (const auto& block : insight.blocks()) {
        if (block.has_metric() && block.metric().cohort().empty()) values.emplace(block.metric().name(), block.metric().value());
      }
    }
    return values;
  }

  static DaemonProcess* daemon_;
  static glassbox::v1::Run* test_run_;
  static glassbox::v1::Run* train_run_;
};

DaemonProcess* CompareRunsTest::daemon_ = nullptr;
glassbox::v1::Run* CompareRunsTest::test_run_ = nullptr;
glassbox::v1::Run* CompareRunsTest::train_run_ = nullptr;

TEST_F(CompareRunsTest, EverySharedMetricCarriesBothRunsValuesAndTheirDelta) {
  glassbox::v1::CompareRunsResponse comparison;
  ASSERT_TRUE(Compare(test_run_->id(), train_run_->id(), &comparison).ok());
  const auto test_values = OverviewMetrics(*test_run_);
  const auto train_values = OverviewMetrics(*train_run_);
  ASSERT_FALSE(test_values.empty());
  int overview_metrics = 0;
  for (const auto& metric : comparison.metrics()) {
    if (metric.analyzer() != "model_overview" || !metric.cohort().empty()) continue;
    ++overview_metrics;
    ASSERT_TRUE(test_values.contains(metric.name())) << metric.name();
    EXPECT_EQ(metric.value(), test_values.at(metric.name())) << metric.name();
    EXPECT_EQ(metric.other_value(), train_values.at(metric.name())) << metric.name();
    EXPECT_EQ(metric.delta(), metric.other_value() - metric.value()) << metric.name();
  }
  EXPECT_EQ(overview_metrics, static_cast<int>(test_values.size()));
  // The test third's accuracy, as scikit-learn's accuracy_score gives it for the model's predictions (0.8670,
  // tests/e2e/scorecard_pdf_test.cc); the rows analysed differ, so "rows" changed without a direction.
  for (const auto& metric : comparison.metrics()) {
    if (metric.name() == "accuracy_score" && metric.cohort().empty()) EXPECT_NEAR(metric.value(), 0.8670, 5e-5);
    if (metric.name() == "rows") EXPECT_EQ(metric.change(), glassbox::v1::CHANGED);
  }
  // Both explanations rank the same 14 features.
  EXPECT_EQ(comparison.features_size(), 14);
  for (const auto& feature : comparison.features()) {
    EXPECT_GT(feature.rank(), 0) << feature.feature();
    EXPECT_GT(feature.other_rank(), 0) << feature.feature();
  }
  EXPECT_EQ(comparison.features(0).rank(), 1);
}

TEST_F(CompareRunsTest, BadAndUnknownRunsAreRefusedNamingTheField) {
  glassbox::v1::CompareRunsResponse comparison;
  grpc::Status status = Compare(test_run_->id(), "not a run", &comparison);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("other_run_id"));
  status = Compare("run_0000000000000000", train_run_->id(), &comparison);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("run_id"));
}

TEST_F(CompareRunsTest, TheComparisonIsAuditedAndTheCliPrintsIt) {
  const CliResult cli = RunCli(daemon_->address(), {"compare", test_run_->id(), train_run_->id()});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_THAT(cli.out, HasSubstr(test_run_->id() + " (baseline) against " + train_run_->id()));
  EXPECT_THAT(cli.out, HasSubstr("accuracy_score"));
  EXPECT_THAT(cli.out, HasSubstr("feature importance:"));
  const CliResult one = RunCli(daemon_->address(), {"compare", test_run_->id()});
  EXPECT_NE(one.exit_code, 0);
  EXPECT_THAT(one.err, HasSubstr("'compare' needs two run ids"));

  grpc::ClientContext context;
  glassbox::v1::ListAuditEventsRequest request;
  request.set_action("CompareRuns");
  glassbox::v1::ListAuditEventsResponse events;
  ASSERT_TRUE(daemon_->stub().ListAuditEvents(&context, request, &events).ok());
  int compared = 0;
  for (const auto& event : events.events()) {
    if (event.resource() == "runs/" + test_run_->id() + "/compare/" + train_run_->id() && event.outcome() == "OK") {
      ++compared;
    }
  }
  EXPECT_GE(compared, 1);
}

}  // namespace
}  // namespace glassbox::testing
