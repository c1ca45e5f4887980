// The search on the real adult XGBoost model: every result re-scored by the
// model itself, reproducibility, cancellation, and an unreachable outcome.
#include "counterfactual_search.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::plugins {
namespace {

constexpr int kHighIncome = 1;  // the adult model's output column of ">50K"

class CounterfactualSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    table_ = new sdk::Table(testing::ReadCsvFile(testing::DatasetPath("adult_test_scored.csv")));
    model_ = testing::LoadAdultModel().release();
  }
  static void TearDownTestSuite() {
    delete model_;
    delete table_;
  }

  FeatureSpace Space(const std::vector<std::string>& features_to_vary) const {
    auto space = FeatureSpace::Create(*table_, model_->info().feature_names, features_to_vary, {});
    EXPECT_TRUE(space.ok()) << space.status();
    return *std::move(space);
  }

  std::vector<double> Query(const FeatureSpace& space, size_t row) const {
    std::vector<double> values(space.size());
    space.ReadRow(row, values.data());
    return values;
  }

  // P(>50K) of each row, by the model on its own.
  std::vector<double> HighIncomeProbabilities(const FeatureSpace& space, const std::vector<double>& rows) const {
    auto scores = model_->Predict(space.ToTable(rows));
    EXPECT_TRUE(scores.ok()) << scores.status();
    std::vector<double> p;
    for (Eigen::Index r = 0; r < scores->rows(); ++r) p.push_back((*scores)(r, kHighIncome));
    return p;
  }

  // The search for one query row that the model gives <=50K, towards >50K.
  absl::StatusOr<SearchResult> SearchOne(const FeatureSpace& space, const CandidateScorer& scorer,
                                         const std::vector<double>& query, const SearchOptions& options, uint64_t seed,
                                         const std::function<bool()>& cancelled = nullptr) const {
    const SearchQuery queries[] = {{query, high_income_, seed}};
    auto results = SearchCounterfactuals(space, scorer, queries, options, cancelled);
    if (!results.ok()) return results.status();
    EXPECT_EQ(results->size(), 1u);
    return std::move(results->front());
  }

  static sdk::Table* table_;
  static sdk::Model* model_;
  const DesiredOutcome high_income_{.class_column = kHighIncome};
};

sdk::Table* CounterfactualSearchTest::table_ = nullptr;
sdk::Model* CounterfactualSearchTest::model_ = nullptr;

TEST_F(CounterfactualSearchTest, EveryResultReachesTheClassDiffersFromTheQueryAndComesNearestFirst) {
  const FeatureSpace space = Space(model_->info().feature_names);
  const CandidateScorer scorer(space, *model_, /*classification=*/true, kHighIncome);
  const std::vector<double> query = Query(space, 0);  // P(>50K) = 0.000721
  auto result = SearchOne(space, scorer, query, {.total_cfs = 6}, /*seed=*/1);
  ASSERT_TRUE(result.ok()) << result.status();
  const size_t d = space.size();
  ASSERT_EQ(result->counterfactuals.size(), 6 * d);
  const std::vector<double> p = HighIncomeProbabilities(space, result->counterfactuals);
  double previous = 0;
  for (size_t i = 0; i < 6; ++i) {
    const double* cf = &result->counterfactuals[i * d];
    EXPECT_GE(p[i], 0.5) << "counterfactual " << i;
    EXPECT_GT(space.CountChanges(cf, query.data()), 0u);
    const double distance = space.Distance(cf, query.data());
    EXPECT_GE(distance, previous);
    previous = distance;
    for (size_t j = 0; j < i; ++j) EXPECT_GT(space.CountChanges(cf, &result->counterfactuals[j * d]), 0u);
  }
  EXPECT_GE(result->rounds, 2);
  EXPECT_GE(result->candidates_scored, 2000);
}

TEST_F(CounterfactualSearchTest, OnlyTheFeaturesToVaryChange) {
  const FeatureSpace space = Space({"age", "hours-per-week", "occupation", "education"});
  const CandidateScorer scorer(space, *model_, true, kHighIncome);
  const std::vector<double> query = Query(space, 3);  // P(>50K) = 0.292
  auto result = SearchOne(space, scorer, query, {.total_cfs = 5}, /*seed=*/2);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_FALSE(result->counterfactuals.empty());
  const size_t d = space.size();
  for (size_t i = 0; i < result->counterfactuals.size() / d; ++i) {
    for (size_t p = 0; p < d; ++p) {
      if (!space.feature(p).varied) {
        EXPECT_EQ(result->counterfactuals[i * d + p], query[p]) << space.feature(p).name;
      }
    }
  }
  for (double p : HighIncomeProbabilities(space, result->counterfactuals)) EXPECT_GE(p, 0.5);
}

TEST_F(CounterfactualSearchTest, TheSameSeedGivesTheSameCounterfactuals) {
  const FeatureSpace space = Space(model_->info().feature_names);
  const CandidateScorer scorer(space, *model_, true, kHighIncome);
  const std::vector<double> query = Query(space, 5);
  auto first = SearchOne(space, scorer, query, {}, 11);
  auto second = SearchOne(space, scorer, query, {}, 11);
  auto other = SearchOne(space, scorer, query, {}, 12);
  ASSERT_TRUE(first.ok() && second.ok() && other.ok());
  EXPECT_EQ(first->counterfactuals, second->counterfactuals);
  EXPECT_EQ(first->candidates_scored, second->candidates_scored);
  EXPECT_NE(first->counterfactuals, other->counterfactuals);
  EXPECT_NE(QuerySeed(11, 5), QuerySeed(11, 6));
  EXPECT_NE(QuerySeed(11, 5), QuerySeed(12, 5));
}

TEST_F(CounterfactualSearchTest, ARowsResultDoesNotDependOnTheRowsSearchedWithIt) {
  const FeatureSpace space = Space(model_->info().feature_names);
  const CandidateScorer scorer(space, *model_, true, kHighIncome);
  const std::vector<double> first = Query(space, 0);
  const std::vector<double> second = Query(space, 3);
  const std::vector<double> third = Query(space, 8);
  const SearchQuery together[] = {{first, high_income_, 5}, {second, high_income_, 6}, {third, high_income_, 7}};
  std::vector<size_t> finished;
  auto results = SearchCounterfactuals(space, scorer, together, {.total_cfs = 5}, nullptr,
                                       [&](size_t q, const SearchResult&) { finished.push_back(q); });
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), 3u);
  EXPECT_THAT(finished, ::testing::UnorderedElementsAre(0, 1, 2));
  const std::vector<double>* queries[] = {&first, &second, &third};
  for (size_t q = 0; q < 3; ++q) {
    auto alone = SearchOne(space, scorer, *queries[q], {.total_cfs = 5}, 5 + q);
    ASSERT_TRUE(alone.ok()) << alone.status();
    EXPECT_EQ((*results)[q].counterfactuals, alone->counterfactuals) << "query " << q;
    EXPECT_EQ((*results)[q].candidates_scored, alone->candidates_scored) << "query " << q;
    EXPECT_EQ((*results)[q].rounds, alone->rounds) << "query " << q;
  }
}

TEST_F(CounterfactualSearchTest, StopsWithCancelledBeforeTheNextBatch) {
  const FeatureSpace space = Space(model_->info().feature_names);
  const CandidateScorer scorer(space, *model_, true, kHighIncome);
  const std::vector<double> query = Query(space, 0);
  auto at_once = SearchOne(space, scorer, query, {}, 0, [] { return true; });
  EXPECT_EQ(at_once.status().code(), absl::StatusCode::kCancelled);
  int batches = 0;
  auto midway = SearchOne(space, scorer, query, {.total_cfs = 10}, 0, [&] { return ++batches > 4; });
  EXPECT_EQ(midway.status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(batches, 5);
}

TEST_F(CounterfactualSearchTest, AnUnreachableOutcomeUsesTheWholeBudgetAndFindsNothing) {
  // Row 19 has P(>50K) = 0.000062; changing sex alone cannot lift it over 0.5.
  const FeatureSpace space = Space({"sex"});
  const CandidateScorer scorer(space, *model_, true, kHighIncome);
  const std::vector<double> query = Query(space, 19);
  auto result = SearchOne(space, scorer, query, {.sample_size = 50, .max_iterations = 3}, 0);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->counterfactuals.empty());
  EXPECT_EQ(result->rounds, 3);
  // Each round's 50 samples are all the row with sex changed: one distinct candidate per round.
  EXPECT_EQ(result->candidates_scored, 3);
}

}  // namespace
}  // namespace glassbox::plugins
