// Crashes (SIGKILL) in the middle of a run and in the middle of an upload:
// after a restart every run reported committed is intact, the interrupted run
// is marked so, no half-received dataset is visible and every stored
// dataset's bytes in the database match its SHA-256, the audit chain verifies and SQLite's
// integrity check passes.
#include <sqlite3.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "absl/strings/escaping.h"
#include "storage/sha256.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

// Calls `on_row` with the text of each column of each row `sql` gives.
void Query(const std::string& database, const std::string& sql,
           std::function<void(const std::vector<std::string>&)> on_row) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(database.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  auto each_row = [](void* callback, int count, char** values, char**) {
    std::vector<std::string> row;
    for (int i = 0; i < count; ++i) row.emplace_back(values[i] != nullptr ? values[i] : "");
    (*static_cast<decltype(on_row)*>(callback))(row);
    return 0;
  };
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), each_row, &on_row, &error), SQLITE_OK) << (error != nullptr ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

std::string IntegrityCheck(const std::string& database) {
  std::string answer;
  Query(database, "PRAGMA integrity_check", [&](const std::vector<std::string>& row) { answer += row[0]; });
  return answer;
}

// The checks after a crash, on the dead daemon's files and then on the
// restarted daemon: SQLite's integrity check; every dataset row's file hashes
// to its SHA-256; each run of `committed` reads back byte for byte; the audit
// chain verifies. Returns the datasets ListDatasets gives.
std::vector<glassbox::v1::Dataset> ExpectRecovered(DaemonProcess& daemon,
                                                   const std::vector<glassbox::v1::Run>& committed) {
  const std::string database = daemon.data_dir() + "/glassbox.db";
  EXPECT_EQ(IntegrityCheck(database), "ok");
  daemon.Restart();
  if (!daemon.running()) {
    ADD_FAILURE() << "glassboxd did not restart";
    return {};
  }
  EXPECT_EQ(IntegrityCheck(database), "ok");
  Query(database,
        "SELECT id, sha256, (SELECT group_concat(hex(bytes), '') FROM (SELECT bytes FROM blob_chunks AS c "
        "WHERE c.sha256 = datasets.sha256 ORDER BY chunk)) FROM datasets",
        [](const std::vector<std::string>& row) {
          EXPECT_EQ(storage::Sha256Hex(absl::HexStringToBytes(row[2])), row[1]) << "dataset " << row[0];
        });

  for (const auto& run : committed) {
    grpc::ClientContext context;
    glassbox::v1::GetRunRequest get;
    get.set_id(run.id());
    glassbox::v1::Run after;
    EXPECT_TRUE(daemon.stub().GetRun(&context, get, &after).ok());
    EXPECT_EQ(after.SerializeAsString(), run.SerializeAsString());
  }

  grpc::ClientContext verify_context;
  glassbox::v1::VerifyAuditLogResponse verified;
  EXPECT_TRUE(daemon.stub().VerifyAuditLog(&verify_context, {}, &verified).ok());
  EXPECT_TRUE(verified.intact()) << verified.reason();

  grpc::ClientContext list_context;
  glassbox::v1::ListDatasetsResponse listed;
  EXPECT_TRUE(daemon.stub().ListDatasets(&list_context, {}, &listed).ok());
  return {listed.datasets().begin(), listed.datasets().end()};
}

std::vector<std::string> Ids(const std::vector<glassbox::v1::Dataset>& datasets) {
  std::vector<std::string> ids;
  for (const auto& dataset : datasets) ids.push_back(dataset.id());
  return ids;
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
  EXPECT_THAT(Ids(ExpectRecovered(daemon, {committed})), ElementsAre(adult.id()));

  glassbox::v1::Run after;
  glassbox::v1::GetRunRequest get;
  get.set_id(second.id());
  grpc::ClientContext get_second;
  ASSERT_TRUE(daemon.stub().GetRun(&get_second, get, &after).ok());
  EXPECT_EQ(after.state(), glassbox::v1::INTERRUPTED);
  EXPECT_EQ(after.analyses(0).state(), glassbox::v1::ANALYSIS_SUCCEEDED);
  EXPECT_EQ(after.analyses(1).state(), glassbox::v1::ANALYSIS_CANCELLED);
  EXPECT_EQ(FetchInsight(daemon.stub(), after.analyses(0).insight_id()).id(), after.analyses(0).insight_id());
}

// adult.csv's rows `copies` times under one header (about 3.3 MB each).
std::string ReplicatedAdult(int copies) {
  std::string file = ReadFileBytes(DatasetPath("adult.csv"));
  size_t header_end = file.find('\n') + 1;
  std::string bytes = file.substr(0, header_end);
  for (int i = 0; i < copies; ++i) bytes.append(file, header_end);
  return bytes;
}

// Streams `bytes` through UploadDataset in 64 KiB chunks and SIGKILLs the
// daemon: after `kill_after` bytes were sent when that is less than the size;
// else once the stream ended and the daemon began writing the dataset into
// its folder (a staged file, or the stored file, appeared).
void UploadAndKill(DaemonProcess& daemon, const std::string& bytes, size_t kill_after) {
  grpc::ClientContext context;
  glassbox::v1::Dataset dataset;
  auto writer = daemon.stub().UploadDataset(&context, &dataset);
  glassbox::v1::UploadDatasetRequest request;
  request.mutable_header()->set_display_name("adult x4");
  request.mutable_header()->set_size_bytes(static_cast<int64_t>(bytes.size()));
  ASSERT_TRUE(writer->Write(request));
  constexpr size_t kChunk = 64 << 10;
  for (size_t offset = 0; offset < kill_after; offset += kChunk) {
    request.set_chunk(bytes.substr(offset, std::min(kChunk, kill_after - offset)));
    ASSERT_TRUE(writer->Write(request)) << "the daemon stopped reading at byte " << offset;
  }
  if (kill_after == bytes.size()) {
    writer->WritesDone();
    const std::filesystem::path folder = daemon.data_dir() + "/datasets";
    const std::filesystem::path stored = folder / storage::Sha256Hex(bytes);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::filesystem::is_empty(folder / "staging") && !std::filesystem::exists(stored)) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the daemon never began storing the upload";
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  daemon.Kill();
  grpc::Status status = writer->Finish();
  if (kill_after < bytes.size()) EXPECT_FALSE(status.ok()) << "an upload cut short was accepted";
}

TEST(DurabilityTest, ACrashMidUploadLeavesNoHalfDataset) {
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset scored;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult_test_scored.csv"), &scored).ok());
  glassbox::v1::Run committed = CreateRunAndWait(daemon.stub(), AdultRunSpec(scored.id(), {"model_overview"}));
  ASSERT_EQ(committed.state(), glassbox::v1::SUCCEEDED);
  const std::string big = ReplicatedAdult(4);

  UploadAndKill(daemon, big, big.size() / 2);
  EXPECT_THAT(Ids(ExpectRecovered(daemon, {committed})), ElementsAre(scored.id()));

  // Killed while the daemon stores the whole upload: it is either stored
  // whole or absent.
  UploadAndKill(daemon, big, big.size());
  std::vector<glassbox::v1::Dataset> datasets = ExpectRecovered(daemon, {committed});
  ASSERT_THAT(datasets.size(), AnyOf(1u, 2u));
  for (const auto& dataset : datasets) {
    if (dataset.id() != scored.id()) EXPECT_EQ(dataset.sha256(), storage::Sha256Hex(big));
  }

  // The store takes the same bytes again, and keeps them through a crash.
  glassbox::v1::Dataset stored;
  ASSERT_TRUE(UploadBytes(daemon.stub(), big, &stored).ok());
  EXPECT_EQ(stored.sha256(), storage::Sha256Hex(big));
  EXPECT_EQ(stored.row_count(), 4 * 30162);
  daemon.Kill();
  EXPECT_THAT(Ids(ExpectRecovered(daemon, {committed})), UnorderedElementsAre(scored.id(), stored.id()));
}

}  // namespace
}  // namespace glassbox::testing
