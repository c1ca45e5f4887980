// Claiming queued runs: the oldest first, each by one daemon only however
// many race for it (each daemon with a database connection of its own, as
// real daemons have), under a lease in the database's clock; only the
// claiming daemon writes the run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "storage/clock.h"
#include "tests/storage/store_fixture.h"

namespace glassbox::storage {
namespace {

class RunClaimTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    AddDataset("ds_a");
  }

  void AddQueued(const std::string& id) {
    glassbox::v1::Run run;
    run.set_id(id);
    run.mutable_spec()->set_dataset_id("ds_a");
    run.set_state(glassbox::v1::QUEUED);
    run.add_analyses()->set_state(glassbox::v1::PENDING);
    ASSERT_TRUE(runs_->Create(run, Audit("alice", "CreateRun", "runs/" + id)).ok());
  }
};

TEST_P(RunClaimTest, TheOldestQueuedRunIsClaimedRunningUnderALease) {
  AddQueued("older");
  AddQueued("newer");
  RunStore daemon(*database_, "daemon-a");
  const int64_t before = absl::ToUnixMicros(absl::Now());
  auto claimed = daemon.Claim(absl::Seconds(30));
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  ASSERT_TRUE(claimed->has_value());
  EXPECT_EQ((*claimed)->id(), "older");
  EXPECT_EQ((*claimed)->state(), glassbox::v1::RUNNING);
  EXPECT_TRUE((*claimed)->has_start_time());
  auto stored = runs_->Get("older");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->SerializeAsString(), (*claimed)->SerializeAsString());

  Session session(*database_);
  auto lease = session.Prepare("SELECT claimed_by, lease_expiry FROM runs WHERE id = 'older'");
  ASSERT_TRUE(*lease.Step());
  EXPECT_EQ(lease.ColumnText(0), "daemon-a");
  // The database's clock (SQLite's has milliseconds) and this host's agree here.
  EXPECT_GE(lease.ColumnInt(1), before + 30'000'000 - 5'000);
  EXPECT_LE(lease.ColumnInt(1), absl::ToUnixMicros(absl::Now()) + 30'000'000 + 5'000);
}

TEST_P(RunClaimTest, NothingQueuedClaimsNothing) {
  RunStore daemon(*database_, "daemon-a");
  auto claimed = daemon.Claim(absl::Seconds(30));
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  EXPECT_FALSE(claimed->has_value());
}

TEST_P(RunClaimTest, OnlyTheClaimingDaemonWritesTheRun) {
  AddQueued("r");
  RunStore a(*database_, "daemon-a");
  RunStore b(*database_, "daemon-b");
  auto claimed = a.Claim(absl::Seconds(30));
  ASSERT_TRUE(claimed.ok() && claimed->has_value()) << claimed.status();
  glassbox::v1::Run run = **claimed;
  run.mutable_analyses(0)->set_state(glassbox::v1::ANALYSIS_RUNNING);
  EXPECT_TRUE(a.Update(run).ok());
  EXPECT_EQ(b.Update(run).code(), absl::StatusCode::kAborted);
  glassbox::v1::Insight insight;
  insight.set_id("i1");
  insight.set_run_id("r");
  EXPECT_EQ(b.CommitInsight(run, 0, insight).code(), absl::StatusCode::kAborted);
  EXPECT_EQ(runs_->GetInsight("i1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(a.CommitInsight(run, 0, insight).ok());
  auto lease = b.RenewLease("r", absl::Seconds(30));
  ASSERT_TRUE(lease.ok()) << lease.status();
  EXPECT_FALSE(lease->held);
}

TEST_P(RunClaimTest, TheQueueLimitCountsQueuedRunsOfEveryDaemon) {
  AddQueued("r1");
  AddQueued("r2");
  glassbox::v1::Run third;
  third.set_id("r3");
  third.mutable_spec()->set_dataset_id("ds_a");
  third.set_state(glassbox::v1::QUEUED);
  absl::Status refused = runs_->Create(third, Audit("alice", "CreateRun", "runs/r3"), {}, 2);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(refused.message()), ::testing::HasSubstr("the run queue is full (2 runs waiting)"));
  RunStore daemon(*database_, "daemon-a");
  ASSERT_TRUE(daemon.Claim(absl::Seconds(30)).ok());
  EXPECT_TRUE(runs_->Create(third, Audit("alice", "CreateRun", "runs/r3"), {}, 2).ok());
}

// Four daemons, each on a connection of its own, race to claim 200 runs: each
// run is claimed exactly once.
TEST_P(RunClaimTest, DaemonsRacingForQueuedRunsClaimEachExactlyOnce) {
  constexpr int kRuns = 200;
  constexpr int kDaemons = 4;
  for (int i = 0; i < kRuns; ++i) AddQueued(absl::StrCat("run_", i));
  std::mutex mutex;
  std::map<std::string, int> claims;
  std::vector<absl::Status> failures;
  std::vector<std::thread> daemons;
  for (int d = 0; d < kDaemons; ++d) {
    daemons.emplace_back([&, d] {
      auto database = Database::Open(backend_.location());
      if (!database.ok()) {
        std::lock_guard lock(mutex);
        failures.push_back(database.status());
        return;
      }
      RunStore store(**database, absl::StrCat("daemon-", d));
      while (true) {
        auto claimed = store.Claim(absl::Seconds(30));
        std::lock_guard lock(mutex);
        if (!claimed.ok()) {
          failures.push_back(claimed.status());
          return;
        }
        if (!claimed->has_value()) return;
        ++claims[(*claimed)->id()];
      }
    });
  }
  for (auto& daemon : daemons) daemon.join();
  for (const auto& failure : failures) ADD_FAILURE() << failure;
  EXPECT_EQ(claims.size(), static_cast<size_t>(kRuns));
  for (const auto& [id, count] : claims) EXPECT_EQ(count, 1) << id;
}

INSTANTIATE_TEST_SUITE_P(Backends, RunClaimTest, EveryBackend(), BackendName);

}  // namespace
}  // namespace glassbox::storage
