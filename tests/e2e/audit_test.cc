// The audit log through a real daemon: every mutating call and every read of
// an insight or scorecard is recorded; tampering with rows directly in SQLite
// (edit, delete, reorder) is detected by VerifyAuditLog.
#include <sqlite3.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

std::vector<glassbox::v1::AuditEvent> ListEvents(glassbox::v1::Glassbox::Stub& stub) {
  grpc::ClientContext context;
  glassbox::v1::ListAuditEventsRequest request;
  glassbox::v1::ListAuditEventsResponse response;
  EXPECT_TRUE(stub.ListAuditEvents(&context, request, &response).ok());
  return {response.events().begin(), response.events().end()};
}

glassbox::v1::VerifyAuditLogResponse Verify(glassbox::v1::Glassbox::Stub& stub) {
  grpc::ClientContext context;
  glassbox::v1::VerifyAuditLogResponse response;
  EXPECT_TRUE(stub.VerifyAuditLog(&context, {}, &response).ok());
  return response;
}

void Sql(const std::string& database, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(database.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(daemon_.running());
    glassbox::v1::Dataset dataset;
    ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult_test_scored.csv"), &dataset).ok());
    glassbox::v1::CreateRunRequest request;
    *request.mutable_spec() = AdultRunSpec(dataset.id(), {"model_overview"});
    grpc::ClientContext context;
    context.AddMetadata("x-request-id", "req-audit-test");
    glassbox::v1::Run created;
    ASSERT_TRUE(daemon_.stub().CreateRun(&context, request, &created).ok());
    run_ = WaitForRun(daemon_.stub(), created.id());
    grpc::ClientContext get_context;
    glassbox::v1::GetInsightRequest get;
    get.set_id(run_.analyses(0).insight_id());
    glassbox::v1::Insight insight;
    ASSERT_TRUE(daemon_.stub().GetInsight(&get_context, get, &insight).ok());
    request.mutable_spec()->set_target_column("incme");
    grpc::ClientContext refused_context;
    EXPECT_FALSE(daemon_.stub().CreateRun(&refused_context, request, &created).ok());
  }

  // Stops the daemon, applies `sql` to its database with the guards dropped, restarts it.
  void Tamper(const std::string& sql) {
    daemon_.Stop();
    Sql(daemon_.data_dir() + "/glassbox.db",
        "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; " + sql);
    daemon_.Restart();
    ASSERT_TRUE(daemon_.running());
  }

  DaemonProcess daemon_;
  glassbox::v1::Run run_;
};

TEST_F(AuditTest, RecordsMutationsReadsAndRefusalsAsAChain) {
  auto events = ListEvents(daemon_.stub());
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].action(), "UploadDataset");
  EXPECT_EQ(events[1].action(), "CreateRun");
  EXPECT_EQ(events[1].resource(), "runs/" + run_.id());
  EXPECT_EQ(events[1].request_id(), "req-audit-test");
  EXPECT_EQ(events[2].action(), "GetInsight");
  EXPECT_EQ(events[3].outcome(), "INVALID_ARGUMENT");
  EXPECT_THAT(events[3].detail(), HasSubstr("incme"));
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].sequence(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(events[i].principal(), "local");
    if (i > 0) EXPECT_EQ(events[i].previous_hash(), events[i - 1].hash());
  }
  auto verified = Verify(daemon_.stub());
  EXPECT_TRUE(verified.intact());
  EXPECT_EQ(verified.entries_checked(), 4);
  EXPECT_EQ(verified.head_hash(), events.back().hash());
}

TEST_F(AuditTest, TheDatabaseRefusesEditsWhileItsGuardsStand) {
  daemon_.Stop();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((daemon_.data_dir() + "/glassbox.db").c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM audit_events WHERE seq = 1", nullptr, nullptr, &error), SQLITE_OK);
  EXPECT_THAT(std::string(error ? error : ""), HasSubstr("append-only"));
  sqlite3_free(error);
  sqlite3_close(db);
}

TEST_F(AuditTest, DetectsAnEditedEntry) {
  Tamper("UPDATE audit_events SET principal = 'mallory' WHERE seq = 2;");
  auto verified = Verify(daemon_.stub());
  EXPECT_FALSE(verified.intact());
  EXPECT_EQ(verified.first_broken_sequence(), 2);
  EXPECT_THAT(verified.reason(), HasSubstr("edited"));
}

TEST_F(AuditTest, DetectsADeletedEntry) {
  Tamper("DELETE FROM audit_events WHERE seq = 2;");
  auto verified = Verify(daemon_.stub());
  EXPECT_FALSE(verified.intact());
  EXPECT_EQ(verified.first_broken_sequence(), 2);
  EXPECT_THAT(verified.reason(), HasSubstr("entry 2 is missing"));
}

TEST_F(AuditTest, DetectsReorderedEntries) {
  Tamper("UPDATE audit_events SET seq = -2 WHERE seq = 2; UPDATE audit_events SET seq = 2 WHERE seq = 3; "
         "UPDATE audit_events SET seq = 3 WHERE seq = -2;");
  auto verified = Verify(daemon_.stub());
  EXPECT_FALSE(verified.intact());
  EXPECT_EQ(verified.first_broken_sequence(), 2);
}

// A peer's refusals past the first 10 of a minute are one event counting them
// (refusal_audit.h), a link of the chain like any other: editing its count is detected.
TEST_F(AuditTest, DetectsAnEditedCountOfRefusals) {
  glassbox::v1::CreateRunRequest request;
  *request.mutable_spec() = AdultRunSpec(run_.spec().dataset_id(), {"model_overview"});
  request.mutable_spec()->set_target_column("incme");
  for (int i = 0; i < 15; ++i) {
    grpc::ClientContext context;
    glassbox::v1::Run run;
    EXPECT_EQ(daemon_.stub().CreateRun(&context, request, &run).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  const auto events = ListEvents(daemon_.stub());
  int64_t counted = 0;
  for (const auto& event : events) {
    if (event.action() == "CreateRun" && absl::StartsWith(event.detail(), "6 more like this")) counted = event.sequence();
  }
  ASSERT_NE(counted, 0) << "no count of the refusals past the first 10 (one of them the setup's)";
  EXPECT_TRUE(Verify(daemon_.stub()).intact());
  Tamper(absl::StrCat("UPDATE audit_events SET detail = replace(detail, '6 more', '0 more') WHERE seq = ", counted, ";"));
  auto verified = Verify(daemon_.stub());
  EXPECT_FALSE(verified.intact());
  EXPECT_EQ(verified.first_broken_sequence(), counted);
  EXPECT_THAT(verified.reason(), HasSubstr("edited"));
}

TEST_F(AuditTest, TheCliVerifiesAndExitsNonZeroOnABrokenChain) {
  CliResult intact = RunCli(daemon_.address(), {"verify-audit"});
  EXPECT_EQ(intact.exit_code, 0) << intact.err;
  EXPECT_THAT(intact.out, HasSubstr("intact: 4 entries"));
  Tamper("UPDATE audit_events SET detail = 'nothing happened' WHERE seq = 4;");
  CliResult broken = RunCli(daemon_.address(), {"verify-audit"});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_THAT(broken.out, HasSubstr("BROKEN at entry 4"));
}

}  // namespace
}  // namespace glassbox::testing
