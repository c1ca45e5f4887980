// The spine end to end: a real glassboxd on 127.0.0.1, the real adult data,
// real plugins, checked through the API and through the CLI's --json.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <map>

#include <grpcpp/generic/generic_stub.h>

#include "google/protobuf/util/json_util.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

const glassbox::v1::Block* FindMetric(const glassbox::v1::Insight& insight, const std::string& name,
                                      const std::string& cohort = "") {
  for (const auto& block : insight.blocks()) {
    if (block.has_metric() && block.metric().name() == name && block.metric().cohort() == cohort) return &block;
  }
  return nullptr;
}

glassbox::v1::RunSpec AdultSpec(const std::string& dataset_id) {
  glassbox::v1::RunSpec spec;
  spec.set_dataset_id(dataset_id);
  spec.set_target_column("income");
  spec.set_task(glassbox::v1::BINARY_CLASSIFICATION);
  spec.mutable_predictions()->set_prediction_column("prediction");
  spec.mutable_predictions()->add_probability_columns("probability");
  spec.set_positive_class(">50K");
  spec.add_analyses()->set_analyzer("model_overview");
  spec.add_analyses()->set_analyzer("data_explorer");
  auto* older = spec.add_cohorts();
  older->set_name("older");
  older->set_filter("age > 40");
  auto* women = spec.add_cohorts();
  women->set_name("women");
  women->set_filter("sex == Female");
  return spec;
}

class SpineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(daemon_.running());
    ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult_test_scored.csv"), &dataset_).ok());
  }

  DaemonProcess daemon_;
  glassbox::v1::Dataset dataset_;
};

TEST_F(SpineTest, UploadsAreContentAddressed) {
  // sha256sum of ../shared/datasets/adult_test_scored.csv.
  EXPECT_EQ(dataset_.sha256(), "53573601f12ddcb84f0cf9e0ebe98698858c6c6aebf7001ffa22eecf328cf94a");
  EXPECT_EQ(dataset_.row_count(), 10054);
  EXPECT_EQ(dataset_.columns_size(), 17);
  glassbox::v1::Dataset again;
  ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult_test_scored.csv"), &again).ok());
  EXPECT_EQ(again.id(), dataset_.id());
  grpc::ClientContext context;
  glassbox::v1::ListDatasetsResponse list;
  ASSERT_TRUE(daemon_.stub().ListDatasets(&context, {}, &list).ok());
  EXPECT_EQ(list.datasets_size(), 1);
}

TEST_F(SpineTest, RunsBothAnalyzersWithCohortsAndStoresTheInsights) {
  grpc::ClientContext context;
  glassbox::v1::CreateRunRequest request;
  *request.mutable_spec() = AdultSpec(dataset_.id());
  glassbox::v1::Run created;
  ASSERT_TRUE(daemon_.stub().CreateRun(&context, request, &created).ok());
  EXPECT_EQ(created.state(), glassbox::v1::QUEUED);

  glassbox::v1::Run run = WaitForRun(daemon_.stub(), created.id());
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
  ASSERT_EQ(run.analyses_size(), 2);

  glassbox::v1::Insight overview = FetchInsight(daemon_.stub(), run.analyses(0).insight_id());
  EXPECT_EQ(overview.analyzer(), "model_overview");
  EXPECT_EQ(overview.plugin_sha256().size(), 64u);
  // scikit-learn 1.2.1 accuracy_score(income, prediction) and roc_auc_score(income == '>50K', probability)
  // on adult_test_scored.csv.
  const auto* accuracy = FindMetric(overview, "accuracy_score");
  ASSERT_NE(accuracy, nullptr);
  EXPECT_NEAR(accuracy->metric().value(), 0.8670181022478616, 1e-12);
  const auto* auc = FindMetric(overview, "roc_auc_score");
  ASSERT_NE(auc, nullptr);
  EXPECT_NEAR(auc->metric().value(), 0.9237039509680159, 1e-12);
}

TEST_F(SpineTest, TheCliShowsTheSameRunAsJson) {
  CliResult created = RunCli(daemon_.address(),
                             {"run", "--dataset", dataset_.id(), "--target", "income", "--task", "binary",
                              "--prediction", "prediction", "--probability", "probability", "--positive-class", ">50K",
                              "--analyzer", "model_overview", "--analyzer", "data_explorer", "--cohort",
                              "older:age > 40", "--cohort", "women:sex == Female", "--watch"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_THAT(created.err, HasSubstr("100%"));
  std::string run_id = created.err.substr(4, created.err.find('\n') - 4);

  CliResult shown = RunCli(daemon_.address(), {"show", run_id, "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  google::protobuf::Struct document;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(shown.out, &document).ok()) << shown.out;
  const auto& run = document.fields().at("run").struct_value();
  EXPECT_EQ(run.fields().at("state").string_value(), "SUCCEEDED");
  const auto& insights = document.fields().at("insights").struct_value().fields().at("insights").list_value();
  ASSERT_EQ(insights.values_size(), 2);
  const auto& explorer = insights.values(1).struct_value();
  EXPECT_EQ(explorer.fields().at("analyzer").string_value(), "data_explorer");
  // pandas: (age > 40).sum() == 4144 and (sex == 'Female').sum() == 3287 on adult_test_scored.csv.
  std::map<std::string, double> cohort_rows;
  for (const auto& block : explorer.fields().at("blocks").list_value().values()) {
    if (block.struct_value().fields().at("title").string_value() != "Cohort sizes") continue;
    const auto& table = block.struct_value().fields().at("table").struct_value();
    for (const auto& row : table.fields().at("rows").list_value().values()) {
      const auto& cells = row.struct_value().fields().at("cells").list_value();
      cohort_rows[cells.values(1).struct_value().fields().at("text").string_value()] =
          cells.values(2).struct_value().fields().at("number").number_value();
    }
  }
  EXPECT_EQ(cohort_rows, (std::map<std::string, double>{{"age > 40", 4144}, {"sex == Female", 3287}}));

  CliResult text = RunCli(daemon_.address(), {"show", run_id});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("model_overview"));
  EXPECT_THAT(text.out, HasSubstr("0.867"));
}

TEST_F(SpineTest, ListsRunsByDatasetAndStateAcrossPages) {
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext context;
    glassbox::v1::CreateRunRequest request;
    *request.mutable_spec() = AdultSpec(dataset_.id());
    glassbox::v1::Run run;
    ASSERT_TRUE(daemon_.stub().CreateRun(&context, request, &run).ok());
    WaitForRun(daemon_.stub(), run.id());
  }
  glassbox::v1::ListRunsRequest request;
  request.set_dataset_id(dataset_.id());
  request.set_state(glassbox::v1::SUCCEEDED);
  request.set_page_size(2);
  int seen = 0;
  do {
    grpc::ClientContext context;
    glassbox::v1::ListRunsResponse page;
    ASSERT_TRUE(daemon_.stub().ListRuns(&context, request, &page).ok());
    seen += page.runs_size();
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(seen, 3);
  request.set_dataset_id("ds_00000000000000000000beef");
  request.clear_page_token();
  grpc::ClientContext context;
  glassbox::v1::ListRunsResponse none;
  ASSERT_TRUE(daemon_.stub().ListRuns(&context, request, &none).ok());
  EXPECT_EQ(none.runs_size(), 0);
}

TEST_F(SpineTest, HistorySurvivesARestart) {
  grpc::ClientContext context;
  glassbox::v1::CreateRunRequest request;
  *request.mutable_spec() = AdultSpec(dataset_.id());
  glassbox::v1::Run created;
  ASSERT_TRUE(daemon_.stub().CreateRun(&context, request, &created).ok());
  glassbox::v1::Run before = WaitForRun(daemon_.stub(), created.id());
  daemon_.Restart();
  ASSERT_TRUE(daemon_.running());
  grpc::ClientContext get_context;
  glassbox::v1::GetRunRequest get;
  get.set_id(created.id());
  glassbox::v1::Run after;
  ASSERT_TRUE(daemon_.stub().GetRun(&get_context, get, &after).ok());
  EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString());
}

// grpc.health.v1.Health/Check with an empty request (service ""); the answer
// HealthCheckResponse{status: SERVING (1)} serializes to the bytes 08 01.
TEST(DaemonTest, AnswersGrpcHealthChecks) {
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.running());
  grpc::GenericStub stub(daemon.channel());
  grpc::ClientContext context;
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&](grpc::Status status) { done.set_value(status); });
  ASSERT_TRUE(done.get_future().get().ok());
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const auto& slice : slices) bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  EXPECT_EQ(bytes, std::string("\x08\x01", 2));
}

TEST(DaemonTest, ListsTheBuiltInAnalyzers) {
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.running());
  grpc::ClientContext context;
  glassbox::v1::ListAnalyzersResponse analyzers;
  ASSERT_TRUE(daemon.stub().ListAnalyzers(&context, {}, &analyzers).ok());
  std::vector<std::string> names;
  for (const auto& analyzer : analyzers.analyzers()) names.push_back(analyzer.name());
  EXPECT_THAT(names, ::testing::IsSupersetOf({"data_explorer", "model_overview"}));
  CliResult health = RunCli(daemon.address(), {"analyzers"});
  EXPECT_EQ(health.exit_code, 0) << health.err;
  EXPECT_THAT(health.out, HasSubstr("data_explorer"));
}

}  // namespace
}  // namespace glassbox::testing
