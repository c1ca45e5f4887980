// Ending stored runs by id (CancelRun on any daemon, the lease reaper, a
// start on an unshared database): only unfinished runs change, a run whose
// daemon holds a live lease is asked to stop and never ended behind its
// back, and a run that ended on its own keeps its own ending.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/storage/store_fixture.h"

namespace glassbox::storage {
namespace {

class RunEndingTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    AddDataset("ds_a");
  }

  void AddRun(const std::string& id, glassbox::v1::RunState state, glassbox::v1::AnalysisState analysis) {
    glassbox::v1::Run run;
    run.set_id(id);
    run.mutable_spec()->set_dataset_id("ds_a");
    run.set_state(state);
    run.add_analyses()->set_state(analysis);
    ASSERT_TRUE(runs_->Create(run, Audit("alice", "CreateRun", "runs/" + id)).ok());
  }

  glassbox::v1::Run Stored(const std::string& id) {
    auto run = runs_->Get(id);
    EXPECT_TRUE(run.ok()) << run.status();
    return run.ok() ? *run : glassbox::v1::Run();
  }
};

TEST_P(RunEndingTest, CancelEndsAQueuedRunAtOnce) {
  AddRun("queued", glassbox::v1::QUEUED, glassbox::v1::PENDING);
  auto cancelled = runs_->Cancel("queued");
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  glassbox::v1::Run stored = Stored("queued");
  EXPECT_EQ(stored.SerializeAsString(), cancelled->SerializeAsString());
  EXPECT_EQ(stored.state(), glassbox::v1::CANCELLED);
  EXPECT_EQ(stored.error(), "cancelled before it started");
  EXPECT_EQ(stored.analyses(0).state(), glassbox::v1::ANALYSIS_CANCELLED);
  EXPECT_TRUE(stored.has_end_time());
}

TEST_P(RunEndingTest, CancelAsksTheDaemonHoldingALiveLeaseAndEndsAnExpiredOne) {
  AddRun("queued", glassbox::v1::QUEUED, glassbox::v1::PENDING);
  RunStore daemon(*database_, "daemon-a");
  auto claimed = daemon.Claim(absl::Seconds(60));
  ASSERT_TRUE(claimed.ok() && claimed->has_value()) << claimed.status();

  auto asked = runs_->Cancel("queued");
  ASSERT_TRUE(asked.ok()) << asked.status();
  EXPECT_EQ(asked->state(), glassbox::v1::RUNNING);
  EXPECT_EQ(Stored("queued").state(), glassbox::v1::RUNNING);
  auto lease = daemon.RenewLease("queued", absl::Seconds(60));
  ASSERT_TRUE(lease.ok()) << lease.status();
  EXPECT_TRUE(lease->held);
  EXPECT_TRUE(lease->cancel_requested);

  backend_.Execute("UPDATE runs SET lease_expiry = 0 WHERE id = 'queued'");
  auto ended = runs_->Cancel("queued");
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(ended->state(), glassbox::v1::CANCELLED);
  EXPECT_EQ(ended->error(), "cancelled; no daemon was executing it (its lease had expired)");
  EXPECT_EQ(Stored("queued").state(), glassbox::v1::CANCELLED);
}

TEST_P(RunEndingTest, AnEndedRunKeepsItsOwnEnding) {
  AddRun("done", glassbox::v1::SUCCEEDED, glassbox::v1::ANALYSIS_SUCCEEDED);
  glassbox::v1::Run before = Stored("done");
  auto ended = runs_->Cancel("done");
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(ended->state(), glassbox::v1::SUCCEEDED);
  EXPECT_EQ(Stored("done").SerializeAsString(), before.SerializeAsString());
}

TEST_P(RunEndingTest, AnUnknownRunIsNotFound) {
  EXPECT_EQ(runs_->Cancel("missing").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(RunEndingTest, TheReaperEndsOnlyRunsWhoseLeaseExpired) {
  AddRun("first", glassbox::v1::QUEUED, glassbox::v1::PENDING);
  AddRun("second", glassbox::v1::QUEUED, glassbox::v1::PENDING);
  AddRun("waiting", glassbox::v1::QUEUED, glassbox::v1::PENDING);
  RunStore dead(*database_, "daemon-dead");
  RunStore live(*database_, "daemon-live");
  ASSERT_TRUE(dead.Claim(absl::Seconds(60)).ok());
  ASSERT_TRUE(live.Claim(absl::Seconds(60)).ok());
  backend_.Execute("UPDATE runs SET lease_expiry = 0 WHERE id = 'first'");

  auto reaped = live.ReapExpired();
  ASSERT_TRUE(reaped.ok()) << reaped.status();
  EXPECT_EQ(*reaped, 1);
  glassbox::v1::Run first = Stored("first");
  EXPECT_EQ(first.state(), glassbox::v1::INTERRUPTED);
  EXPECT_EQ(first.error(), "the daemon executing the run (daemon-dead) stopped renewing its lease; create the run again");
  EXPECT_EQ(first.analyses(0).state(), glassbox::v1::ANALYSIS_CANCELLED);
  EXPECT_EQ(Stored("second").state(), glassbox::v1::RUNNING);
  EXPECT_EQ(Stored("waiting").state(), glassbox::v1::QUEUED);

  // The dead daemon's writes no longer land, and its lease is not renewed.
  EXPECT_EQ(dead.Update(first).code(), absl::StatusCode::kAborted);
  auto lease = dead.RenewLease("first", absl::Seconds(60));
  ASSERT_TRUE(lease.ok()) << lease.status();
  EXPECT_FALSE(lease->held);

  // A daemon's own runs are its own to end, whatever their lease says.
  backend_.Execute("UPDATE runs SET lease_expiry = 0 WHERE id = 'second'");
  reaped = live.ReapExpired();
  ASSERT_TRUE(reaped.ok()) << reaped.status();
  EXPECT_EQ(*reaped, 0);
  EXPECT_EQ(Stored("second").state(), glassbox::v1::RUNNING);
}

TEST_P(RunEndingTest, MarkInterruptedEndsEveryUnfinishedRun) {
  AddRun("queued", glassbox::v1::QUEUED, glassbox::v1::PENDING);
  AddRun("running", glassbox::v1::RUNNING, glassbox::v1::ANALYSIS_RUNNING);
  AddRun("done", glassbox::v1::SUCCEEDED, glassbox::v1::ANALYSIS_SUCCEEDED);
  auto marked = runs_->MarkInterrupted();
  ASSERT_TRUE(marked.ok()) << marked.status();
  EXPECT_EQ(*marked, 2);
  EXPECT_EQ(Stored("queued").state(), glassbox::v1::INTERRUPTED);
  EXPECT_EQ(Stored("running").state(), glassbox::v1::INTERRUPTED);
  EXPECT_EQ(Stored("done").state(), glassbox::v1::SUCCEEDED);
}

INSTANTIATE_TEST_SUITE_P(Backends, RunEndingTest, EveryBackend(), BackendName);

}  // namespace
}  // namespace glassbox::storage
