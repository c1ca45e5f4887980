// A stored resource whose bytes are damaged (changed in the real database
// behind the store's back) reads back as DATA_LOSS naming its table and
// row, through Get and List alike, never as an empty message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/storage/store_fixture.h"

namespace glassbox::storage {
namespace {

using ::testing::HasSubstr;

// 0xff starts a varint that never ends: no message parses from it.
constexpr char kDamage[] = "ff";

class DamagedRowTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    AddDataset("ds_a");

    glassbox::v1::ModelVersion model;
    model.set_name("m");
    model.set_format(glassbox::v1::OPEN_INFERENCE_PROTOCOL);
    ASSERT_TRUE(models_->Register(model, "", Audit("alice", "RegisterModel", "models/m")).ok());

    glassbox::v1::Run run;
    run.set_id("r1");
    run.mutable_spec()->set_dataset_id("ds_a");
    run.set_state(glassbox::v1::RUNNING);
    run.add_analyses()->set_analyzer("model_overview");
    ASSERT_TRUE(runs_->Create(run, Audit("alice", "CreateRun", "runs/r1")).ok());
    glassbox::v1::Insight insight;
    insight.set_id("i1");
    insight.set_run_id("r1");
    insight.set_analyzer("model_overview");
    ASSERT_TRUE(runs_->CommitInsight(run, 0, insight).ok());

    glassbox::v1::Scorecard card;
    card.set_id("s1");
    card.set_run_id("r1");
    card.set_sha256(Sha256Hex("%PDF"));
    ASSERT_TRUE(scorecards_->Insert(card, "%PDF", Audit("alice", "CreateScorecard", "scorecards/s1")).ok());
  }

  void Damage(const std::string& table, const std::string& where) {
    backend_.Execute("UPDATE " + table + " SET resource = " + backend_.BlobLiteral(kDamage) + " WHERE " + where);
  }

  template <typename T>
  static void ExpectDataLoss(const absl::StatusOr<T>& read, const std::string& row) {
    ASSERT_FALSE(read.ok()) << "a damaged row read back as a message";
    EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss) << read.status();
    EXPECT_THAT(std::string(read.status().message()), HasSubstr(row)) << read.status();
  }
};

TEST_P(DamagedRowTest, Run) {
  Damage("runs", "id = 'r1'");
  ExpectDataLoss(runs_->Get("r1"), "table 'runs' row id 'r1' does not hold a valid glassbox.v1.Run");
  ExpectDataLoss(runs_->List({}, {}), "table 'runs' row seq 1 ");
  ExpectDataLoss(runs_->Cancel("r1"), "table 'runs' row id 'r1'");
  ExpectDataLoss(runs_->MarkInterrupted(), "table 'runs' row id 'r1'");
}

TEST_P(DamagedRowTest, ADamagedQueuedRunDoesNotStopTheQueue) {
  for (const char* id : {"q1", "q2"}) {
    glassbox::v1::Run run;
    run.set_id(id);
    run.mutable_spec()->set_dataset_id("ds_a");
    run.set_state(glassbox::v1::QUEUED);
    ASSERT_TRUE(runs_->Create(run, Audit("alice", "CreateRun", std::string("runs/") + id)).ok());
  }
  Damage("runs", "id = 'q1'");
  RunStore daemon(*database_, "daemon-a");
  ExpectDataLoss(daemon.Claim(absl::Seconds(30)), "table 'runs' row id 'q1'");
  auto next = daemon.Claim(absl::Seconds(30));
  ASSERT_TRUE(next.ok()) << next.status();
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->id(), "q2");
}

TEST_P(DamagedRowTest, Insight) {
  Damage("insights", "id = 'i1'");
  ExpectDataLoss(runs_->GetInsight("i1"), "table 'insights' row id 'i1' does not hold a valid glassbox.v1.Insight");
  ExpectDataLoss(runs_->ListInsights("r1"), "table 'insights' row id 'i1'");
}

TEST_P(DamagedRowTest, Dataset) {
  Damage("datasets", "id = 'ds_a'");
  ExpectDataLoss(datasets_->Get("ds_a"), "table 'datasets' row id 'ds_a' does not hold a valid glassbox.v1.Dataset");
  ExpectDataLoss(datasets_->List(ProjectSet::All(), {}), "table 'datasets' row seq 1 ");
}

TEST_P(DamagedRowTest, Model) {
  Damage("models", "name = 'm'");
  ExpectDataLoss(models_->Get("", "m", "1"), "table 'models' row name 'm' version 1 does not hold a valid");
  ExpectDataLoss(models_->Get("", "m", ""), "table 'models' row name 'm' latest version");
  ExpectDataLoss(models_->ListLatest(ProjectSet::All(), {}), "table 'models' row seq 1 ");
  ExpectDataLoss(models_->ListVersions("", "m", {}), "table 'models' row seq 1 ");
}

TEST_P(DamagedRowTest, Scorecard) {
  Damage("scorecards", "id = 's1'");
  ExpectDataLoss(scorecards_->Get("s1"), "table 'scorecards' row id 's1' does not hold a valid glassbox.v1.Scorecard");
  ExpectDataLoss(scorecards_->List({}, {}), "table 'scorecards' row seq 1 ");
}

TEST_P(DamagedRowTest, AScorecardPdfThatNoLongerHashesToItsSha256IsDataLoss) {
  ASSERT_EQ(scorecards_->ReadPdf("s1").value_or(""), "%PDF");
  backend_.Execute("UPDATE scorecards SET pdf = " + backend_.BlobLiteral("255044") + " WHERE id = 's1'");
  ExpectDataLoss(scorecards_->ReadPdf("s1"), "the stored PDF of scorecard 's1' no longer hashes");
}

INSTANTIATE_TEST_SUITE_P(Backends, DamagedRowTest, EveryBackend(), BackendName);

}  // namespace
}  // namespace glassbox::storage
