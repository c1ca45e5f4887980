// ListRuns and ListScorecards filters at the store: each filter, and filters
// combined, select exactly the right rows on real SQLite and PostgreSQL
// databases, newest first and across pages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "google/protobuf/util/time_util.h"
#include "tests/storage/store_fixture.h"

namespace glassbox::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using google::protobuf::util::TimeUtil;

constexpr int64_t kSecond = 1'000'000;

// Every id a List call gives, following next_page_token through pages of two.
template <typename Item, typename Filter, typename Store>
std::vector<std::string> ListIds(Store& store, const Filter& filter) {
  std::vector<std::string> ids;
  PageRequest request;
  request.page_size = 2;
  do {
    auto page = store.List(filter, request);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) break;
    for (const Item& item : page->items) ids.push_back(item.id());
    request.page_token = page->next_page_token;
  } while (!request.page_token.empty());
  return ids;
}

class ListFiltersTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    for (const char* id : {"ds_a", "ds_b"}) AddDataset(id);

    AddRun("r1", "ds_a", "m", "1", "alice", 1000);
    AddRun("r2", "ds_a", "m", "2", "bob", 2000);
    AddRun("r3", "ds_b", "m", "2", "alice", 3000);
    AddRun("r4", "ds_b", "", "", "bob", 4000);
    AddRun("r5", "ds_a", "other", "1", "alice", 5000);
    AddScorecard("s1", "r1", glassbox::v1::PASS, "alice", 1100);
    // r2 was scored twice: its latest scorecard's verdict is the run's.
    AddScorecard("s2a", "r2", glassbox::v1::FAIL, "bob", 2100);
    AddScorecard("s2b", "r2", glassbox::v1::PASS, "carol", 2200);
    AddScorecard("s3", "r3", glassbox::v1::FAIL, "alice", 3100);
    AddScorecard("s4", "r4", glassbox::v1::VERDICT_UNSPECIFIED, "bob", 4100);
  }

  void AddRun(const std::string& id, const std::string& dataset, const std::string& model, const std::string& version,
              const std::string& creator, int64_t seconds) {
    glassbox::v1::Run run;
    run.set_id(id);
    run.mutable_spec()->set_dataset_id(dataset);
    if (!model.empty()) {
      run.mutable_spec()->mutable_model()->set_name(model);
      run.mutable_spec()->mutable_model()->set_version(version);
    }
    run.set_state(glassbox::v1::SUCCEEDED);
    run.set_creator(creator);
    *run.mutable_create_time() = TimeUtil::SecondsToTimestamp(seconds);
    runs_by_id_[id] = run;
    ASSERT_TRUE(runs_->Create(run, Audit(creator, "CreateRun", "runs/" + id)).ok());
  }

  void AddScorecard(const std::string& id, const std::string& run_id, glassbox::v1::Verdict verdict,
                    const std::string& creator, int64_t seconds) {
    const auto& run = runs_by_id_[run_id];
    glassbox::v1::Scorecard card;
    card.set_id(id);
    card.set_run_id(run_id);
    card.set_model_name(run.spec().model().name());
    card.set_model_version(run.spec().model().version());
    card.set_verdict(verdict);
    card.set_creator(creator);
    *card.mutable_create_time() = TimeUtil::SecondsToTimestamp(seconds);
    ASSERT_TRUE(scorecards_->Insert(card, "%PDF", Audit(creator, "CreateScorecard", "scorecards/" + id)).ok());
  }

  std::vector<std::string> Runs(const RunFilter& filter) {
    return ListIds<glassbox::v1::Run>(*runs_, filter);
  }
  std::vector<std::string> Scorecards(const ScorecardFilter& filter) {
    return ListIds<glassbox::v1::Scorecard>(*scorecards_, filter);
  }

  std::map<std::string, glassbox::v1::Run> runs_by_id_;
};

TEST_P(ListFiltersTest, RunsByCreator) {
  EXPECT_THAT(Runs({.creator = "alice"}), ElementsAre("r5", "r3", "r1"));
  EXPECT_THAT(Runs({.creator = "bob"}), ElementsAre("r4", "r2"));
  EXPECT_THAT(Runs({.creator = "carol"}), IsEmpty());
}

TEST_P(ListFiltersTest, RunsByModelAllVersionsOrOne) {
  EXPECT_THAT(Runs({.model_name = "m"}), ElementsAre("r3", "r2", "r1"));
  EXPECT_THAT(Runs({.model_name = "m", .model_version = "2"}), ElementsAre("r3", "r2"));
  EXPECT_THAT(Runs({.model_name = "m", .model_version = "1"}), ElementsAre("r1"));
  EXPECT_THAT(Runs({.model_name = "m", .model_version = "3"}), IsEmpty());
}

TEST_P(ListFiltersTest, RunsByCreationTimeFromSinceUpToUntil) {
  EXPECT_THAT(Runs({.created = {2000 * kSecond, 4000 * kSecond}}), ElementsAre("r3", "r2"));
  EXPECT_THAT(Runs({.created = {3000 * kSecond, std::nullopt}}), ElementsAre("r5", "r4", "r3"));
  EXPECT_THAT(Runs({.created = {std::nullopt, 2000 * kSecond}}), ElementsAre("r1"));
  EXPECT_THAT(Runs({.created = {2500 * kSecond, 2500 * kSecond}}), IsEmpty());
}

TEST_P(ListFiltersTest, RunsByTheVerdictOfTheirLatestScorecard) {
  EXPECT_THAT(Runs({.verdict = glassbox::v1::TARGETS_MET}), ElementsAre("r2", "r1"));
  EXPECT_THAT(Runs({.verdict = glassbox::v1::TARGETS_NOT_MET}), ElementsAre("r3"));
  // r4's scorecard has no targets; r5 has no scorecard.
  EXPECT_THAT(Runs({.verdict = glassbox::v1::NO_TARGETS}), ElementsAre("r5", "r4"));
}

TEST_P(ListFiltersTest, RunFiltersCombine) {
  EXPECT_THAT(Runs({.dataset_id = "ds_b", .creator = "alice", .verdict = glassbox::v1::TARGETS_NOT_MET}),
              ElementsAre("r3"));
  EXPECT_THAT(Runs({.dataset_id = "ds_a", .model_name = "m", .creator = "alice"}), ElementsAre("r1"));
  EXPECT_THAT(
      Runs({.model_name = "m", .created = {1500 * kSecond, std::nullopt}, .verdict = glassbox::v1::TARGETS_MET}),
      ElementsAre("r2"));
  EXPECT_THAT(Runs({.state = glassbox::v1::FAILED, .creator = "alice"}), IsEmpty());
  EXPECT_THAT(Runs({}), ElementsAre("r5", "r4", "r3", "r2", "r1"));
}

TEST_P(ListFiltersTest, ScorecardsByCreatorModelTimeAndVerdict) {
  EXPECT_THAT(Scorecards({.creator = "bob"}), ElementsAre("s4", "s2a"));
  EXPECT_THAT(Scorecards({.model_name = "m"}), ElementsAre("s3", "s2b", "s2a", "s1"));
  EXPECT_THAT(Scorecards({.model_name = "m", .model_version = "2"}), ElementsAre("s3", "s2b", "s2a"));
  EXPECT_THAT(Scorecards({.created = {2100 * kSecond, 3100 * kSecond}}), ElementsAre("s2b", "s2a"));
  EXPECT_THAT(Scorecards({.verdict = glassbox::v1::TARGETS_MET}), ElementsAre("s2b", "s1"));
  EXPECT_THAT(Scorecards({.verdict = glassbox::v1::TARGETS_NOT_MET}), ElementsAre("s3", "s2a"));
  EXPECT_THAT(Scorecards({.verdict = glassbox::v1::NO_TARGETS}), ElementsAre("s4"));
  EXPECT_THAT(Scorecards({.run_id = "r2", .verdict = glassbox::v1::TARGETS_NOT_MET}), ElementsAre("s2a"));
  EXPECT_THAT(Scorecards({.run_id = "r2", .creator = "carol"}), ElementsAre("s2b"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ListFiltersTest, EveryBackend(), BackendName);

}  // namespace
}  // namespace glassbox::storage
