// A real glassboxd on a real PostgreSQL 15 archive (--database): a dataset
// uploaded, a run analysed, a scorecard issued at its end and another on
// demand, and after a restart all of it reads back byte for byte from the
// database (nothing went to a SQLite file) and the audit chain verifies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "storage/sha256.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"
#include "tests/support/postgres_server.h"
#include "tests/support/shell.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

// The targets of scorecard_test.cc on adult_test_scored.csv: scikit-learn 1.2.1 on its prediction column gives
// accuracy_score 0.8670 (meets >= 0.85) and f1_score 0.7109 (misses >= 0.75).
constexpr char kConfig[] = R"({"Metrics": {"accuracy_score": {"threshold": ">=0.85"},
                                           "f1_score": {"threshold": ">=0.75"}}})";

std::string ArchiveUri() {
  auto server = SharedPostgresServer();
  if (!server.ok()) {
    ADD_FAILURE() << server.status();
    return "";
  }
  auto uri = (*server)->CreateDatabase();
  if (!uri.ok()) ADD_FAILURE() << uri.status();
  return uri.ok() ? *uri : "";
}

// The PDF of scorecard `id`; its SHA-256 as stored goes to `sha256`.
std::string Download(glassbox::v1::Glassbox::Stub& stub, const std::string& id, std::string* sha256 = nullptr) {
  grpc::ClientContext context;
  glassbox::v1::GetScorecardRequest request;
  request.set_id(id);
  auto reader = stub.GetScorecard(&context, request);
  glassbox::v1::ScorecardChunk chunk;
  std::string pdf;
  while (reader->Read(&chunk)) {
    if (chunk.has_scorecard() && sha256 != nullptr) *sha256 = chunk.scorecard().sha256();
    pdf += chunk.data();
  }
  EXPECT_TRUE(reader->Finish().ok());
  return pdf;
}

glassbox::v1::VerifyAuditLogResponse Verify(glassbox::v1::Glassbox::Stub& stub) {
  grpc::ClientContext context;
  glassbox::v1::VerifyAuditLogResponse response;
  EXPECT_TRUE(stub.VerifyAuditLog(&context, {}, &response).ok());
  return response;
}

std::string PdfText(const std::string& pdf, const std::string& folder) {
  std::string path = folder + "/card.pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  return RunShell("pdftotext -layout " + path + " - 2>/dev/null").out;
}

TEST(PostgresqlArchiveTest, EverythingStoredReadsBackAfterARestartAndTheAuditChainVerifies) {
  const std::string uri = ArchiveUri();
  ASSERT_FALSE(uri.empty());
  DaemonProcess daemon({"--database=" + uri});
  ASSERT_TRUE(daemon.running());

  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult_test_scored.csv"), &dataset).ok());
  glassbox::v1::RunSpec spec = AdultRunSpec(dataset.id(), {"model_overview", "data_explorer"});
  spec.set_scorecard_config(kConfig);
  glassbox::v1::Run run = CreateRunAndWait(daemon.stub(), spec);
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
  ASSERT_FALSE(run.scorecard_id().empty());

  grpc::ClientContext issue_context;
  glassbox::v1::CreateScorecardRequest issue;
  issue.set_run_id(run.id());
  issue.set_config_json(R"({"Metrics": {"accuracy_score": {"threshold": ">=0.85"}}})");
  glassbox::v1::Scorecard on_demand;
  ASSERT_TRUE(daemon.stub().CreateScorecard(&issue_context, issue, &on_demand).ok());

  std::vector<glassbox::v1::Insight> insights;
  for (const auto& analysis : run.analyses()) insights.push_back(FetchInsight(daemon.stub(), analysis.insight_id()));
  ASSERT_EQ(insights.size(), 2u);
  std::string stored_sha256;
  const std::string pdf = Download(daemon.stub(), run.scorecard_id(), &stored_sha256);
  EXPECT_EQ(storage::Sha256Hex(pdf), stored_sha256);
  const std::string text = PdfText(pdf, daemon.data_dir());
  EXPECT_THAT(text, ::testing::ContainsRegex("accuracy_score .* 0\\.8670 +>= 0\\.85 +✓ PASS"));
  EXPECT_THAT(text, ::testing::ContainsRegex("f1_score .* 0\\.7109 +>= 0\\.75 +✗ FAIL"));
  const std::string on_demand_pdf = Download(daemon.stub(), on_demand.id());
  const auto before = Verify(daemon.stub());
  EXPECT_TRUE(before.intact()) << before.reason();

  daemon.Restart();
  ASSERT_TRUE(daemon.running());
  EXPECT_FALSE(std::filesystem::exists(daemon.data_dir() + "/glassbox.db"))
      << "with --database the archive is PostgreSQL's, not a SQLite file's";

  grpc::ClientContext dataset_context;
  glassbox::v1::GetDatasetRequest get_dataset;
  get_dataset.set_id(dataset.id());
  glassbox::v1::Dataset dataset_after;
  ASSERT_TRUE(daemon.stub().GetDataset(&dataset_context, get_dataset, &dataset_after).ok());
  EXPECT_EQ(dataset_after.SerializeAsString(), dataset.SerializeAsString());

  grpc::ClientContext run_context;
  glassbox::v1::GetRunRequest get_run;
  get_run.set_id(run.id());
  glassbox::v1::Run run_after;
  ASSERT_TRUE(daemon.stub().GetRun(&run_context, get_run, &run_after).ok());
  EXPECT_EQ(run_after.SerializeAsString(), run.SerializeAsString());
  for (const auto& insight : insights) {
    EXPECT_EQ(FetchInsight(daemon.stub(), insight.id()).SerializeAsString(), insight.SerializeAsString());
  }
  EXPECT_EQ(Download(daemon.stub(), run.scorecard_id()), pdf);
  EXPECT_EQ(Download(daemon.stub(), on_demand.id()), on_demand_pdf);

  grpc::ClientContext list_context;
  glassbox::v1::ListScorecardsRequest list;
  list.set_run_id(run.id());
  glassbox::v1::ListScorecardsResponse cards;
  ASSERT_TRUE(daemon.stub().ListScorecards(&list_context, list, &cards).ok());
  ASSERT_EQ(cards.scorecards_size(), 2);
  EXPECT_EQ(cards.scorecards(0).id(), on_demand.id()) << "newest first";
  EXPECT_EQ(cards.scorecards(1).id(), run.scorecard_id());

  grpc::ClientContext runs_context;
  glassbox::v1::ListRunsRequest runs_request;
  runs_request.set_verdict(glassbox::v1::TARGETS_MET);
  glassbox::v1::ListRunsResponse runs;
  ASSERT_TRUE(daemon.stub().ListRuns(&runs_context, runs_request, &runs).ok());
  ASSERT_EQ(runs.runs_size(), 1) << "the run's latest scorecard (accuracy >= 0.85 only) is met";
  EXPECT_EQ(runs.runs(0).id(), run.id());
  grpc::ClientContext not_met_context;
  runs_request.set_verdict(glassbox::v1::TARGETS_NOT_MET);
  ASSERT_TRUE(daemon.stub().ListRuns(&not_met_context, runs_request, &runs).ok());
  EXPECT_EQ(runs.runs_size(), 0) << "only its first scorecard (f1 >= 0.75 missed) was not met";

  const auto after = Verify(daemon.stub());
  EXPECT_TRUE(after.intact()) << after.reason();
  // The reads since (insights and scorecards) were audited on top of the chain as it was.
  EXPECT_GT(after.entries_checked(), before.entries_checked());
}

TEST(PostgresqlArchiveTest, AnUnreachableDatabaseStopsTheDaemonNamingIt) {
  TemporaryFolder folder;
  ShellResult started = RunShell(std::string(GLASSBOX_BINARY_DIR) + "/bin/glassboxd --listen=127.0.0.1:0 --data_dir=" +
                                 folder.path() + " --database=postgresql://glassbox@127.0.0.1:1/archive 2>&1");
  EXPECT_EQ(started.exit_status, 1);
  EXPECT_THAT(started.out, HasSubstr("cannot connect to PostgreSQL at 127.0.0.1:1/archive"));
}

}  // namespace
}  // namespace glassbox::testing
