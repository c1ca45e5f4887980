// Two real glassboxd on one real PostgreSQL archive, each with a data folder
// of its own (dataset bytes come from the database): a run created on one
// daemon is claimed by whichever has a free worker and completes there; GetRun, WatchRun and CancelRun work from the daemon that
// does not execute it; a daemon killed mid-run loses its run to the peer's
// reaper within the lease plus the reaper interval, while a run whose lease
// is live is never touched.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tests/e2e/fixture_plugins.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"
#include "tests/support/postgres_server.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// The lease and reaper interval both daemons run with: a run of a killed
// daemon ends within kLeaseSeconds + kReaperSeconds of its last heartbeat.
constexpr int kLeaseSeconds = 2;
constexpr int kReaperSeconds = 1;

class ClaimedRunsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = SharedPostgresServer();
    ASSERT_TRUE(server.ok()) << server.status();
    auto uri = (*server)->CreateDatabase();
    ASSERT_TRUE(uri.ok()) << uri.status();
    uri_ = *uri;
  }

  // A daemon of one worker on the archive, in a data folder of its own.
  std::unique_ptr<DaemonProcess> StartDaemon() {
    std::vector<std::string> flags = {"--database=" + uri_, PluginDirs(), "--workers=1",
                                      absl::StrCat("--run_lease_s=", kLeaseSeconds),
                                      absl::StrCat("--run_reaper_interval_s=", kReaperSeconds)};
    auto daemon = std::make_unique<DaemonProcess>(flags);
    EXPECT_TRUE(daemon->running());
    return daemon;
  }

  // The id of the daemon that claimed `run_id` (host:pid:random), as stored.
  std::string ClaimedBy(const std::string& run_id) {
    auto claimed = QueryPostgresql(uri_, "SELECT claimed_by FROM runs WHERE id = '" + run_id + "'");
    EXPECT_TRUE(claimed.ok()) << claimed.status();
    return claimed.ok() ? *claimed : "";
  }

  static bool IsOf(const std::string& daemon_id, const DaemonProcess& daemon) {
    return daemon_id.find(absl::StrCat(":", daemon.pid(), ":")) != std::string::npos;
  }

  // A run whose only analysis hangs until cancelled, created on `daemon` and
  // waited for until its analysis runs.
  glassbox::v1::Run StartHangingRun(DaemonProcess& daemon) {
    glassbox::v1::RunSpec spec = AdultRunSpec(dataset_.id(), {});
    AddMisbehaving(spec, "hang");
    glassbox::v1::Run run = StartRun(daemon.stub(), spec);
    for (auto deadline = Clock::now() + std::chrono::seconds(30); Clock::now() < deadline;) {
      run = GetRun(daemon.stub(), run.id());
      if (run.analyses_size() > 0 && run.analyses(0).state() == glassbox::v1::ANALYSIS_RUNNING) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(run.analyses(0).state(), glassbox::v1::ANALYSIS_RUNNING) << run.ShortDebugString();
    return run;
  }

  std::string uri_;
  glassbox::v1::Dataset dataset_;
};

TEST_F(ClaimedRunsTest, RunsCreatedOnOneDaemonAreExecutedByTheOtherAndWatchedAndCancelledFromEither) {
  auto a = StartDaemon();
  ASSERT_TRUE(a->running());
  ASSERT_TRUE(UploadFile(a->stub(), DatasetPath("adult_test_scored.csv"), &dataset_).ok());
  // A's only worker is busy before B starts, so the runs created next on A can only go to B.
  glassbox::v1::Run hanging = StartHangingRun(*a);
  EXPECT_TRUE(IsOf(ClaimedBy(hanging.id()), *a)) << ClaimedBy(hanging.id());
  auto b = StartDaemon();
  ASSERT_TRUE(b->running());

  std::vector<glassbox::v1::Run> created;
  for (int i = 0; i < 3; ++i) {
    created.push_back(StartRun(a->stub(), AdultRunSpec(dataset_.id(), {"model_overview", "data_explorer"})));
  }
  for (const auto& run : created) {
    // Watched on A, which does not execute it (it reads the stored run), and on B, which does.
    auto on_a = std::async(std::launch::async, [&] { return WaitForRun(a->stub(), run.id()); });
    glassbox::v1::Run on_b = WaitForRun(b->stub(), run.id());
    ASSERT_EQ(on_b.state(), glassbox::v1::SUCCEEDED) << on_b.error();
    EXPECT_EQ(on_a.get().SerializeAsString(), on_b.SerializeAsString());
    EXPECT_TRUE(IsOf(ClaimedBy(run.id()), *b)) << ClaimedBy(run.id());
    // Its insights read from either daemon.
    EXPECT_EQ(FetchInsight(a->stub(), on_b.analyses(1).insight_id()).analyzer(), "data_explorer");
  }

  // The hanging run, executed by A, watched and cancelled on B.
  grpc::ClientContext watch_context;
  glassbox::v1::WatchRunRequest watch;
  watch.set_id(hanging.id());
  auto watcher = b->stub().WatchRun(&watch_context, watch);
  glassbox::v1::RunEvent event;
  ASSERT_TRUE(watcher->Read(&event));
  EXPECT_EQ(event.state(), glassbox::v1::RUNNING);
  EXPECT_EQ(event.analyzer(), "misbehaving");
  EXPECT_EQ(event.analysis_state(), glassbox::v1::ANALYSIS_RUNNING);

  const auto cancelled_at = Clock::now();
  glassbox::v1::Run answered;
  grpc::Status cancel = CancelRun(b->stub(), hanging.id(), &answered);
  ASSERT_TRUE(cancel.ok()) << cancel.error_message();
  // Executed elsewhere: the cancel is recorded for A, which acts on it at its next heartbeat.
  EXPECT_EQ(answered.state(), glassbox::v1::RUNNING);
  while (watcher->Read(&event)) {
  }
  EXPECT_TRUE(watcher->Finish().ok());
  const double seconds = std::chrono::duration<double>(Clock::now() - cancelled_at).count();
  std::printf("CancelRun on B to CANCELLED seen by a watcher on B: %.2f s\n", seconds);
  EXPECT_EQ(event.state(), glassbox::v1::CANCELLED);
  EXPECT_LT(seconds, 5.0);
  glassbox::v1::Run ended = GetRun(a->stub(), hanging.id());
  EXPECT_EQ(ended.state(), glassbox::v1::CANCELLED);
  EXPECT_EQ(ended.error(), "cancelled");
  EXPECT_EQ(ended.analyses(0).state(), glassbox::v1::ANALYSIS_CANCELLED);

  grpc::ClientContext verify_context;
  glassbox::v1::VerifyAuditLogResponse verified;
  ASSERT_TRUE(b->stub().VerifyAuditLog(&verify_context, {}, &verified).ok());
  EXPECT_TRUE(verified.intact()) << verified.reason();
}

TEST_F(ClaimedRunsTest, ARunOfAKilledDaemonEndsInterruptedOnItsPeerWithinTheLeaseAndReaperInterval) {
  auto a = StartDaemon();
  ASSERT_TRUE(a->running());
  ASSERT_TRUE(UploadFile(a->stub(), DatasetPath("adult_test_scored.csv"), &dataset_).ok());
  glassbox::v1::Run orphaned = StartHangingRun(*a);
  const std::string a_id = ClaimedBy(orphaned.id());
  ASSERT_TRUE(IsOf(a_id, *a)) << a_id;
  auto b = StartDaemon();
  ASSERT_TRUE(b->running());
  // B's own run, under a lease B keeps renewing.
  glassbox::v1::Run live = StartHangingRun(*b);
  ASSERT_TRUE(IsOf(ClaimedBy(live.id()), *b));

  a->Kill();
  const auto killed_at = Clock::now();
  glassbox::v1::Run run;
  while (Clock::now() - killed_at < std::chrono::seconds(30)) {
    run = GetRun(b->stub(), orphaned.id());
    if (run.state() != glassbox::v1::RUNNING) break;
    ASSERT_EQ(GetRun(b->stub(), live.id()).state(), glassbox::v1::RUNNING);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - killed_at).count();
  std::printf("SIGKILL of A to its run INTERRUPTED on B: %.2f s (lease %d s + reaper interval %d s)\n", seconds,
              kLeaseSeconds, kReaperSeconds);
  EXPECT_EQ(run.state(), glassbox::v1::INTERRUPTED);
  EXPECT_EQ(run.error(), "the daemon executing the run (" + a_id + ") stopped renewing its lease; create the run again");
  EXPECT_EQ(run.analyses(0).state(), glassbox::v1::ANALYSIS_CANCELLED);
  // Not before the lease, last renewed at most a third of it before the kill, could have expired; within the
  // documented bound, plus 0.5 s for this loop and the reaper's own work.
  EXPECT_GE(seconds, kLeaseSeconds * 2.0 / 3.0);
  EXPECT_LE(seconds, kLeaseSeconds + kReaperSeconds + 0.5);

  // Several reaper passes later, B's live run is still running, then ends as B's to cancel.
  std::this_thread::sleep_for(std::chrono::seconds(3 * kReaperSeconds));
  EXPECT_EQ(GetRun(b->stub(), live.id()).state(), glassbox::v1::RUNNING);
  glassbox::v1::Run answered;
  ASSERT_TRUE(CancelRun(b->stub(), live.id(), &answered).ok());
  EXPECT_EQ(WaitForRun(b->stub(), live.id()).state(), glassbox::v1::CANCELLED);

  grpc::ClientContext verify_context;
  glassbox::v1::VerifyAuditLogResponse verified;
  ASSERT_TRUE(b->stub().VerifyAuditLog(&verify_context, {}, &verified).ok());
  EXPECT_TRUE(verified.intact()) << verified.reason();
}

TEST_F(ClaimedRunsTest, ADatasetAndModelStoredThroughAStoppedDaemonServeARunOnAPeerThatNeverSawThem) {
  auto a = StartDaemon();
  ASSERT_TRUE(a->running());
  glassbox::v1::Dataset adult;
  ASSERT_TRUE(UploadFile(a->stub(), DatasetPath("adult.csv"), &adult).ok());
  grpc::ClientContext register_context;
  glassbox::v1::ModelVersion model;
  ASSERT_TRUE(a->stub().RegisterModel(&register_context, AdultModelRequest("adult-xgb", adult.id()), &model).ok());
  const std::string a_folder = a->data_dir();
  a.reset();
  auto b = StartDaemon();
  ASSERT_TRUE(b->running());
  ASSERT_NE(b->data_dir(), a_folder);

  glassbox::v1::Run run = CreateRunAndWait(b->stub(), AdultRunSpec(adult.id(), {"model_overview"}, "adult-xgb"));
  EXPECT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
  // B fetched both from the database into its own cache, named by their digests.
  EXPECT_TRUE(std::filesystem::exists(b->data_dir() + "/datasets/" + adult.sha256()));
  EXPECT_TRUE(std::filesystem::exists(b->data_dir() + "/models/" + model.sha256()));
}

}  // namespace
}  // namespace glassbox::testing
