// A crash (SIGKILL) in the middle of a run: after a restart every run
// reported committed is intact, the interrupted run is marked so, the audit
// chain verifies and SQLite's integrity check passes.
#include <sqlite3.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

std::string IntegrityCheck(const std::string& database) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(database.c_str(), &db), SQLITE_OK);
  std::string answer;
  sqlite3_exec(
      db, "PRAGMA integrity_check",
      [](void* out, int, char** values, char**) {
        *static_cast<std::string*>(out) += values[0];
        return 0;
      },
      &answer, nullptr);
  sqlite3_close(db);
  return answer;
}

TEST(DurabilityTest, ACrashMidRunLosesNothingCommitted) {
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset adult;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult.csv"), &adult).ok());
  glassbox::v1::ModelVersion version;
  grpc::ClientContext register_context;
  ASSERT_TRUE(daemon.stub().RegisterModel(&register_context, AdultModelRequest("adult-xgb", adult.id()), &version).ok());

  glassbox::v1::CreateRunRequest request;
  *request.mutable_spec() = AdultRunSpec(adult.id(), {"model_overview"}, "adult-xgb");
  auto* spec = request.mutable_spec();
  glassbox::v1::Run committed = CreateRunAndWait(daemon.stub(), *spec);
  ASSERT_EQ(committed.state(), glassbox::v1::SUCCEEDED);

  // Permutation importance with many repeats on 30k rows runs for seconds.
  auto* slow = spec->add_analyses();
  slow->set_analyzer("explanations");
  (*slow->mutable_params()->mutable_fields())["method"].set_string_value("permutation");
  (*slow->mutable_params()->mutable_fields())["n_repeats"].set_number_value(50);
  grpc::ClientContext second_context;
  glassbox::v1::Run second;
  ASSERT_TRUE(daemon.stub().CreateRun(&second_context, request, &second).ok());
  {
    grpc::ClientContext watch_context;
    glassbox::v1::WatchRunRequest watch;
    watch.set_id(second.id());
    auto reader = daemon.stub().WatchRun(&watch_context, watch);
    glassbox::v1::RunEvent event;
    while (reader->Read(&event) && event.analyzer() != "explanations") {
    }
    ASSERT_EQ(event.analyzer(), "explanations") << "the run ended before its slow analysis started";
    watch_context.TryCancel();
  }
  daemon.Kill();
  EXPECT_EQ(IntegrityCheck(daemon.data_dir() + "/glassbox.db"), "ok");
  daemon.Restart();
  ASSERT_TRUE(daemon.running());

  grpc::ClientContext get_first;
  glassbox::v1::GetRunRequest get;
  get.set_id(committed.id());
  glassbox::v1::Run after;
  ASSERT_TRUE(daemon.stub().GetRun(&get_first, get, &after).ok());
  EXPECT_EQ(after.SerializeAsString(), committed.SerializeAsString());
  get.set_id(second.id());
  grpc::ClientContext get_second;
  ASSERT_TRUE(daemon.stub().GetRun(&get_second, get, &after).ok());
  EXPECT_EQ(after.state(), glassbox::v1::INTERRUPTED);
  EXPECT_EQ(after.analyses(0).state(), glassbox::v1::ANALYSIS_SUCCEEDED);
  EXPECT_EQ(after.analyses(1).state(), glassbox::v1::ANALYSIS_CANCELLED);
  grpc::ClientContext insight_context;
  glassbox::v1::GetInsightRequest insight_request;
  insight_request.set_id(after.analyses(0).insight_id());
  glassbox::v1::Insight insight;
  EXPECT_TRUE(daemon.stub().GetInsight(&insight_context, insight_request, &insight).ok());

  grpc::ClientContext verify_context;
  glassbox::v1::VerifyAuditLogResponse verified;
  ASSERT_TRUE(daemon.stub().VerifyAuditLog(&verify_context, {}, &verified).ok());
  EXPECT_TRUE(verified.intact()) << verified.reason();
  EXPECT_EQ(IntegrityCheck(daemon.data_dir() + "/glassbox.db"), "ok");
}

}  // namespace
}  // namespace glassbox::testing
