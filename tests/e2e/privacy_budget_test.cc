// Privacy budgets through a real glassboxd: private_data_explorer runs charge
// their privacy_epsilon to the dataset's budget when created, concurrent
// CreateRun calls never overspend, a run past the budget is refused with
// RESOURCE_EXHAUSTED saying what is left, the ledger is audited and shown by
// the CLI, and the scorecard says its figures are private and at which
// epsilon.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"
#include "tests/support/shell.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

glassbox::v1::RunSpec PrivateSpec(const std::string& dataset_id, double epsilon) {
  glassbox::v1::RunSpec spec = AdultRunSpec(dataset_id, {});
  auto* analysis = spec.add_analyses();
  analysis->set_analyzer("private_data_explorer");
  auto& fields = *analysis->mutable_params()->mutable_fields();
  fields["privacy_epsilon"].set_number_value(epsilon);
  fields["bounds"].mutable_list_value()->add_values()->set_string_value("age=17..90");
  fields["categories"].mutable_list_value()->add_values()->set_string_value("sex=Female|Male");
  fields["sensitive_features"].mutable_list_value()->add_values()->set_string_value("sex");
  return spec;
}

glassbox::v1::PrivacyLedger Ledger(glassbox::v1::Glassbox::Stub& stub, const std::string& dataset_id) {
  grpc::ClientContext context;
  glassbox::v1::GetPrivacyLedgerRequest request;
  request.set_dataset_id(dataset_id);
  glassbox::v1::PrivacyLedger ledger;
  const grpc::Status status = stub.GetPrivacyLedger(&context, request, &ledger);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return ledger;
}

class PrivacyBudgetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult_test_scored.csv"), &dataset_).ok());
  }

  DaemonProcess daemon_;
  glassbox::v1::Dataset dataset_;
};

// Eight runs of epsilon 0.3 race for the default budget of 1: exactly three
// fit (0.9), and the ledger holds exactly those three.
TEST_F(PrivacyBudgetTest, ConcurrentRunsNeverOverspend) {
  constexpr int kRuns = 8;
  std::vector<grpc::Status> statuses(kRuns);
  std::vector<glassbox::v1::Run> runs(kRuns);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int i = 0; i < kRuns; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      statuses[i] = TryCreateRun(daemon_.stub(), PrivateSpec(dataset_.id(), 0.3), &runs[i]);
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  std::vector<std::string> created;
  for (int i = 0; i < kRuns; ++i) {
    if (statuses[i].ok()) {
      created.push_back(runs[i].id());
      continue;
    }
    EXPECT_EQ(statuses[i].error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << statuses[i].error_message();
    EXPECT_THAT(statuses[i].error_message(), HasSubstr("epsilon 0.1, delta 1e-06 left"));
    EXPECT_THAT(statuses[i].error_message(), HasSubstr("this run asks epsilon 0.3"));
  }
  ASSERT_EQ(created.size(), 3u);
  for (const auto& id : created) EXPECT_EQ(WaitForRun(daemon_.stub(), id).state(), glassbox::v1::SUCCEEDED);

  const glassbox::v1::PrivacyLedger ledger = Ledger(daemon_.stub(), dataset_.id());
  EXPECT_DOUBLE_EQ(ledger.budget().epsilon(), 1);
  EXPECT_DOUBLE_EQ(ledger.spent().epsilon(), 0.9);
  EXPECT_NEAR(ledger.remaining().epsilon(), 0.1, 1e-12);
  ASSERT_EQ(ledger.releases_size(), 3);
  for (const auto& release : ledger.releases()) {
    EXPECT_EQ(release.analyzer(), "private_data_explorer");
    EXPECT_EQ(release.mechanism(), "laplace");
    EXPECT_DOUBLE_EQ(release.epsilon(), 0.3);
    EXPECT_EQ(release.principal(), "local");
    EXPECT_THAT(release.parameters_json(), HasSubstr("age=17..90"));
    EXPECT_NE(std::find(created.begin(), created.end(), release.run_id()), created.end());
  }
}

TEST_F(PrivacyBudgetTest, AdminSetsBudgetAndCliShowsLedger) {
  glassbox::v1::Run run;
  ASSERT_TRUE(TryCreateRun(daemon_.stub(), PrivateSpec(dataset_.id(), 0.75), &run).ok());
  EXPECT_EQ(TryCreateRun(daemon_.stub(), PrivateSpec(dataset_.id(), 0.5), &run).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);

  // Below what was spent: refused.
  CliResult low = RunCli(daemon_.address(), {"privacy", dataset_.id(), "--set-epsilon", "0.5"});
  EXPECT_EQ(low.exit_code, 1);
  EXPECT_THAT(low.err, HasSubstr("FAILED_PRECONDITION"));
  CliResult raised = RunCli(daemon_.address(), {"privacy", dataset_.id(), "--set-epsilon", "2"});
  ASSERT_EQ(raised.exit_code, 0) << raised.err;
  EXPECT_THAT(raised.out, HasSubstr("budget epsilon 2"));
  ASSERT_TRUE(TryCreateRun(daemon_.stub(), PrivateSpec(dataset_.id(), 0.5), &run).ok());
  WaitForRun(daemon_.stub(), run.id());

  CliResult shown = RunCli(daemon_.address(), {"privacy", dataset_.id()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("spent epsilon 1.25"));
  EXPECT_THAT(shown.out, HasSubstr("left epsilon 0.75"));
  EXPECT_THAT(shown.out, HasSubstr("budget set by local"));
  EXPECT_THAT(shown.out, HasSubstr("private_data_explorer  laplace  epsilon 0.75"));
  EXPECT_THAT(shown.out, HasSubstr(run.id()));

  // Reading the ledger and setting the budget are audited.
  grpc::ClientContext context;
  glassbox::v1::ListAuditEventsRequest request;
  request.set_resource_prefix(absl::StrCat("datasets/", dataset_.id(), "/privacy"));
  glassbox::v1::ListAuditEventsResponse events;
  ASSERT_TRUE(daemon_.stub().ListAuditEvents(&context, request, &events).ok());
  std::vector<std::string> actions;
  for (const auto& event : events.events()) actions.push_back(absl::StrCat(event.action(), " ", event.outcome()));
  EXPECT_THAT(actions, ::testing::Contains("SetPrivacyBudget OK"));
  EXPECT_THAT(actions, ::testing::Contains("SetPrivacyBudget FAILED_PRECONDITION"));
  EXPECT_THAT(actions, ::testing::Contains("GetPrivacyLedger OK"));
}

TEST_F(PrivacyBudgetTest, BudgetAtUploadAndFieldChecks) {
  glassbox::v1::DatasetHeader header;
  header.mutable_privacy_budget()->set_epsilon(0.2);
  glassbox::v1::Dataset small;
  const std::string csv = "x,y,p\n1,a,a\n2,b,b\n3,a,b\n";
  ASSERT_TRUE(UploadBytes(daemon_.stub(), csv, &small, header).ok());
  EXPECT_DOUBLE_EQ(Ledger(daemon_.stub(), small.id()).budget().epsilon(), 0.2);
  // The same bytes with another budget would reset it: refused.
  header.mutable_privacy_budget()->set_epsilon(5);
  glassbox::v1::Dataset again;
  const grpc::Status reset = UploadBytes(daemon_.stub(), csv, &again, header);
  EXPECT_EQ(reset.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(reset.error_message(), HasSubstr("header.privacy_budget"));

  grpc::ClientContext context;
  glassbox::v1::SetPrivacyBudgetRequest set;
  set.set_dataset_id(dataset_.id());
  set.mutable_budget()->set_epsilon(-1);
  glassbox::v1::PrivacyLedger ledger;
  const grpc::Status negative = daemon_.stub().SetPrivacyBudget(&context, set, &ledger);
  EXPECT_EQ(negative.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(negative.error_message(), HasSubstr("budget.epsilon"));

  grpc::ClientContext missing_context;
  glassbox::v1::GetPrivacyLedgerRequest missing;
  missing.set_dataset_id("ds_000000000000000000000000");
  EXPECT_EQ(daemon_.stub().GetPrivacyLedger(&missing_context, missing, &ledger).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// A budget out of range is refused before any byte is stored, so the failed
// upload leaves no dataset behind; `glassbox upload` sets one with its flags.
TEST_F(PrivacyBudgetTest, AnUploadWithABudgetOutOfRangeStoresNothingAndTheCliSetsOne) {
  const std::string csv = "x,y\n1,a\n2,b\n3,a\n";
  glassbox::v1::DatasetHeader header;
  header.mutable_privacy_budget()->set_epsilon(0);
  glassbox::v1::Dataset refused;
  const grpc::Status zero = UploadBytes(daemon_.stub(), csv, &refused, header);
  EXPECT_EQ(zero.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(zero.error_message(), HasSubstr("header.privacy_budget.epsilon: 0 is not in (0, 1000]"));
  header.mutable_privacy_budget()->set_epsilon(1);
  header.mutable_privacy_budget()->set_delta(1);
  const grpc::Status delta = UploadBytes(daemon_.stub(), csv, &refused, header);
  EXPECT_EQ(delta.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(delta.error_message(), HasSubstr("header.privacy_budget.delta: 1 is not in [0, 1)"));
  grpc::ClientContext context;
  glassbox::v1::ListDatasetsResponse datasets;
  ASSERT_TRUE(daemon_.stub().ListDatasets(&context, {}, &datasets).ok());
  ASSERT_EQ(datasets.datasets_size(), 1);  // the fixture's own
  EXPECT_EQ(datasets.datasets(0).id(), dataset_.id());

  testing::TemporaryFolder folder;
  const std::string path = folder.path() + "/small.csv";
  std::ofstream(path) << csv;
  CliResult wrong = RunCli(daemon_.address(), {"upload", path, "--privacy-epsilon", "-2"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_THAT(wrong.err, HasSubstr("--privacy-epsilon: -2 is not in (0, 1000]"));
  CliResult uploaded =
      RunCli(daemon_.address(), {"upload", path, "--privacy-epsilon", "0.4", "--privacy-delta", "1e-7", "--json"});
  ASSERT_EQ(uploaded.exit_code, 0) << uploaded.err;
  glassbox::v1::Dataset small;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(uploaded.out, &small).ok()) << uploaded.out;
  const auto budget = Ledger(daemon_.stub(), small.id()).budget();
  EXPECT_DOUBLE_EQ(budget.epsilon(), 0.4);
  EXPECT_DOUBLE_EQ(budget.delta(), 1e-7);
}

// The scorecard's section of a private run says so, with its epsilon, and
// prints the noise scale of Adult counts: epsilon 1 over 6 releases, b = 6.
TEST_F(PrivacyBudgetTest, ScorecardSaysFiguresArePrivate) {
  glassbox::v1::RunSpec spec = PrivateSpec(dataset_.id(), 1);
  spec.set_scorecard_config(R"({"Model": {"ModelName": "Adult income", "ModelType": "Classification"}})");
  glassbox::v1::Run run;
  ASSERT_TRUE(TryCreateRun(daemon_.stub(), spec, &run).ok());
  run = WaitForRun(daemon_.stub(), run.id());
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
  grpc::ClientContext context;
  glassbox::v1::GetScorecardRequest request;
  request.set_id(run.scorecard_id());
  auto reader = daemon_.stub().GetScorecard(&context, request);
  glassbox::v1::ScorecardChunk chunk;
  std::string pdf;
  while (reader->Read(&chunk)) pdf += chunk.data();
  ASSERT_TRUE(reader->Finish().ok());
  const std::string path = absl::StrCat(GLASSBOX_BINARY_DIR, "/privacy_scorecard.pdf");
  std::ofstream(path, std::ios::binary) << pdf;
  const std::string text = RunShell("pdftotext " + path + " - 2>/dev/null").out;
  EXPECT_THAT(text, HasSubstr("differentially private"));
  EXPECT_THAT(text, HasSubstr("epsilon = 1"));
  EXPECT_THAT(text, HasSubstr("Private numeric summaries"));
  EXPECT_THAT(text, HasSubstr("95% lower"));
}

}  // namespace
}  // namespace glassbox::testing
