// Storage faults through a real glassboxd: a damaged row answers DATA_LOSS
// naming it; a disk that fills mid-run (a real tmpfs, filled for real) ends
// the run FAILED once space is back; a run stored unfinished that nothing
// executes is ended by CancelRun or by the reaper.
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "tests/e2e/fixture_plugins.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"
#include "tests/support/sqlite_file.h"

namespace glassbox::testing {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

std::string DatabasePath(const DaemonProcess& daemon) { return daemon.data_dir() + "/glassbox.db"; }

// Writes a run stored RUNNING (one analysis running) or QUEUED (one pending)
// that no process executes: what a lost final write, or another process, leaves behind.
void StoreOrphanRun(const DaemonProcess& daemon, const std::string& id, const std::string& dataset_id,
                    glassbox::v1::RunState state = glassbox::v1::RUNNING) {
  glassbox::v1::Run run;
  run.set_id(id);
  run.mutable_spec()->set_dataset_id(dataset_id);
  run.set_state(state);
  run.set_creator("local");
  run.add_analyses()->set_state(state == glassbox::v1::RUNNING ? glassbox::v1::ANALYSIS_RUNNING
                                                                : glassbox::v1::PENDING);
  ExecuteSql(DatabasePath(daemon),
             "INSERT INTO runs (id, dataset_id, state, create_time, creator, resource) VALUES ('" + id + "', '" +
                 dataset_id + "', " + std::to_string(state) + ", 0, 'local', x'" +
                 absl::BytesToHexString(run.SerializeAsString()) + "')");
}

TEST(DamagedRowTest, ADamagedRowAnswersDataLossNamingTableAndId) {
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult_test_scored.csv"), &dataset).ok());
  glassbox::v1::Run run = CreateRunAndWait(daemon.stub(), AdultRunSpec(dataset.id(), {"model_overview"}));
  ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
  const std::string insight_id = run.analyses(0).insight_id();

  // x'ff' starts a varint that never ends: no message parses from it.
  ExecuteSql(DatabasePath(daemon), "UPDATE runs SET resource = x'ff' WHERE id = '" + run.id() + "'");
  ExecuteSql(DatabasePath(daemon), "UPDATE insights SET resource = x'ff' WHERE id = '" + insight_id + "'");

  grpc::Status status;
  GetRun(daemon.stub(), run.id(), &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("table 'runs' row id '" + run.id() + "'"));

  grpc::ClientContext insight_context;
  glassbox::v1::GetInsightRequest get_insight;
  get_insight.set_id(insight_id);
  glassbox::v1::Insight insight;
  status = daemon.stub().GetInsight(&insight_context, get_insight, &insight);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("table 'insights' row id '" + insight_id + "'"));

  grpc::ClientContext list_context;
  glassbox::v1::ListRunsResponse listed;
  status = daemon.stub().ListRuns(&list_context, {}, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("table 'runs' row seq "));

  grpc::ClientContext datasets_context;
  glassbox::v1::ListDatasetsResponse datasets;
  EXPECT_TRUE(daemon.stub().ListDatasets(&datasets_context, {}, &datasets).ok()) << "the daemon stopped serving";
}

// A tmpfs of `megabytes` mounted on a fresh folder for the test's life.
class Tmpfs {
 public:
  explicit Tmpfs(int megabytes) {
    const std::string options = "size=" + std::to_string(megabytes) + "m,mode=0700";
    if (::mount("tmpfs", folder_.path().c_str(), "tmpfs", 0, options.c_str()) == 0) {
      mounted_ = true;
    } else {
      error_ = std::strerror(errno);
    }
  }
  ~Tmpfs() {
    if (mounted_) ::umount2(folder_.path().c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  const std::string& path() const { return folder_.path(); }

  // Writes a file of zeros until the file system is full; true once it is.
  bool Fill() const {
    int fd = ::open(filler().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return false;
    const std::string zeros(1 << 16, '\0');
    while (::write(fd, zeros.data(), zeros.size()) > 0) {
    }
    const bool full = errno == ENOSPC;
    ::close(fd);
    return full;
  }
  void Free() const { std::filesystem::remove(filler()); }

 private:
  std::string filler() const { return folder_.path() + "/filler"; }

  TemporaryFolder folder_;
  bool mounted_ = false;
  std::string error_;
};

TEST(StorageFaultTest, ADiskFullMidRunEndsTheRunFailedOnceSpaceIsFreed) {
  Tmpfs disk(16);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs (needs root): " << disk.error();
  DaemonProcess daemon({PluginDirs(), "--data_dir=" + disk.path() + "/data"});
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult_test_scored.csv"), &dataset).ok());
  glassbox::v1::RunSpec spec = AdultRunSpec(dataset.id(), {});
  AddMisbehaving(spec, "hang");
  spec.add_analyses()->set_analyzer("row_counter");
  glassbox::v1::Run run = StartRun(daemon.stub(), spec);
  ASSERT_FALSE(run.id().empty());

  grpc::ClientContext watch_context;
  glassbox::v1::WatchRunRequest watch;
  watch.set_id(run.id());
  auto reader = daemon.stub().WatchRun(&watch_context, watch);
  glassbox::v1::RunEvent event;
  while (reader->Read(&event) && !(event.analyzer() == "misbehaving" &&
                                   event.analysis_state() == glassbox::v1::ANALYSIS_RUNNING)) {
  }
  ASSERT_EQ(event.analyzer(), "misbehaving") << "the run ended before its hanging analysis started";

  ASSERT_TRUE(disk.Fill());
  // The cancel is taken; its audit event cannot be written, so the call itself fails.
  glassbox::v1::Run ignored;
  CancelRun(daemon.stub(), run.id(), &ignored);
  bool retrying = false;
  while (!retrying && reader->Read(&event)) retrying = absl::StartsWith(event.message(), "cannot save the run's end");
  ASSERT_TRUE(retrying) << "the run ended without its end stored; last event: " << event.ShortDebugString();
  EXPECT_EQ(event.state(), glassbox::v1::RUNNING);

  disk.Free();
  while (reader->Read(&event)) {
  }
  EXPECT_EQ(event.state(), glassbox::v1::FAILED);
  glassbox::v1::Run ended = GetRun(daemon.stub(), run.id());
  EXPECT_EQ(ended.state(), glassbox::v1::FAILED);
  EXPECT_THAT(ended.error(), HasSubstr("storage failed during the run, which stopped: "));
  EXPECT_THAT(ended.error(), AnyOf(HasSubstr("database or disk is full"), HasSubstr("disk I/O error")));
  ASSERT_EQ(ended.analyses_size(), 2);
  EXPECT_EQ(ended.analyses(1).state(), glassbox::v1::ANALYSIS_CANCELLED);

  grpc::ClientContext verify_context;
  glassbox::v1::VerifyAuditLogResponse verified;
  EXPECT_TRUE(daemon.stub().VerifyAuditLog(&verify_context, {}, &verified).ok());
  EXPECT_TRUE(verified.intact()) << verified.reason();
}

class UnexecutedRunTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> flags) {
    flags.push_back(PluginDirs());
    daemon_ = std::make_unique<DaemonProcess>(flags);
    ASSERT_TRUE(daemon_->running());
    ASSERT_TRUE(UploadFile(daemon_->stub(), DatasetPath("adult_test_scored.csv"), &dataset_).ok());
  }

  std::unique_ptr<DaemonProcess> daemon_;
  glassbox::v1::Dataset dataset_;
};

TEST_F(UnexecutedRunTest, CancelRunEndsARunThatNothingExecutes) {
  Start({});
  struct Orphan {
    const char* id;
    glassbox::v1::RunState state;
    const char* error;
  };
  for (const auto& [id, state, error] :
       {Orphan{"run_00000000000000ab", glassbox::v1::RUNNING,
               "cancelled; no daemon was executing it (its lease had expired)"},
        Orphan{"run_00000000000000ac", glassbox::v1::QUEUED, "cancelled before it started"}}) {
    SCOPED_TRACE(glassbox::v1::RunState_Name(state));
    StoreOrphanRun(*daemon_, id, dataset_.id(), state);
    glassbox::v1::Run cancelled;
    grpc::Status status = CancelRun(daemon_->stub(), id, &cancelled);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(cancelled.state(), glassbox::v1::CANCELLED);
    EXPECT_EQ(cancelled.error(), error);
    glassbox::v1::Run stored = GetRun(daemon_->stub(), id);
    EXPECT_EQ(stored.state(), glassbox::v1::CANCELLED);
    EXPECT_EQ(stored.analyses(0).state(), glassbox::v1::ANALYSIS_CANCELLED);
    EXPECT_TRUE(stored.has_end_time());

    status = CancelRun(daemon_->stub(), id, &cancelled);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_THAT(status.error_message(), HasSubstr("has already ended (CANCELLED)"));
  }
}

TEST_F(UnexecutedRunTest, TheReaperEndsOnlyRunsThatNothingExecutes) {
  Start({"--run_reaper_interval_s=1"});
  glassbox::v1::RunSpec spec = AdultRunSpec(dataset_.id(), {});
  AddMisbehaving(spec, "hang");
  glassbox::v1::Run executing = StartRun(daemon_->stub(), spec);
  ASSERT_FALSE(executing.id().empty());
  StoreOrphanRun(*daemon_, "run_00000000000000ab", dataset_.id());

  glassbox::v1::Run orphan;
  for (int attempt = 0; attempt < 600; ++attempt) {
    orphan = GetRun(daemon_->stub(), "run_00000000000000ab");
    if (orphan.state() != glassbox::v1::RUNNING) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(orphan.state(), glassbox::v1::INTERRUPTED);
  EXPECT_EQ(orphan.error(), "no daemon was executing the run; create the run again");
  EXPECT_EQ(orphan.analyses(0).state(), glassbox::v1::ANALYSIS_CANCELLED);
  // The pass that ended the orphan looked at the executing run too.
  EXPECT_THAT(GetRun(daemon_->stub(), executing.id()).state(), AnyOf(glassbox::v1::QUEUED, glassbox::v1::RUNNING));

  glassbox::v1::Run cancelled;
  ASSERT_TRUE(CancelRun(daemon_->stub(), executing.id(), &cancelled).ok());
  EXPECT_EQ(WaitForRun(daemon_->stub(), executing.id()).state(), glassbox::v1::CANCELLED);
}

}  // namespace
}  // namespace glassbox::testing
