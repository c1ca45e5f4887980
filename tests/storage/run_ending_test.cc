// Ending stored runs by id: only unfinished runs change, so a run that ended
// on its own between a caller's read and its write keeps its own ending.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/storage/store_fixture.h"

namespace glassbox::storage {
namespace {

using ::testing::ElementsAre;

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
};

TEST_P(RunEndingTest, AnUnfinishedRunEndsWithItsPendingAnalysesCancelled) {
  AddRun("queued", glassbox::v1::QUEUED, glassbox::v1::PENDING);
  AddRun("running", glassbox::v1::RUNNING, glassbox::v1::ANALYSIS_RUNNING);
  AddRun("done", glassbox::v1::SUCCEEDED, glassbox::v1::ANALYSIS_SUCCEEDED);
  auto unfinished = runs_->ListUnfinished();
  ASSERT_TRUE(unfinished.ok()) << unfinished.status();
  EXPECT_THAT(*unfinished, ElementsAre("queued", "running"));

  auto ended = runs_->EndUnfinished("running", glassbox::v1::INTERRUPTED, "nothing executes it");
  ASSERT_TRUE(ended.ok()) << ended.status();
  auto stored = runs_->Get("running");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->SerializeAsString(), ended->SerializeAsString());
  EXPECT_EQ(stored->state(), glassbox::v1::INTERRUPTED);
  EXPECT_EQ(stored->error(), "nothing executes it");
  EXPECT_EQ(stored->analyses(0).state(), glassbox::v1::ANALYSIS_CANCELLED);
  EXPECT_TRUE(stored->has_end_time());
  unfinished = runs_->ListUnfinished();
  ASSERT_TRUE(unfinished.ok()) << unfinished.status();
  EXPECT_THAT(*unfinished, ElementsAre("queued"));
}

TEST_P(RunEndingTest, AnEndedRunKeepsItsOwnEnding) {
  AddRun("done", glassbox::v1::SUCCEEDED, glassbox::v1::ANALYSIS_SUCCEEDED);
  auto before = runs_->Get("done");
  ASSERT_TRUE(before.ok()) << before.status();
  auto ended = runs_->EndUnfinished("done", glassbox::v1::CANCELLED, "cancelled");
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(ended->state(), glassbox::v1::SUCCEEDED);
  auto after = runs_->Get("done");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->SerializeAsString(), before->SerializeAsString());
}

TEST_P(RunEndingTest, AnUnknownRunIsNotFound) {
  EXPECT_EQ(runs_->EndUnfinished("missing", glassbox::v1::CANCELLED, "cancelled").status().code(),
            absl::StatusCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, RunEndingTest, EveryBackend(), BackendName);

}  // namespace
}  // namespace glassbox::storage
