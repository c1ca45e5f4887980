// The counterfactuals plugin, loaded and run as the daemon runs it, on
// adult_test_scored.csv scored by the adult XGBoost model. Every returned
// counterfactual is rebuilt as a table row and scored by the model here; the
// metrics are recomputed here from the returned counterfactuals with DiCE's
// formulas and numpy's MADs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "glassbox/v1/analyses/counterfactuals.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {
namespace {

namespace analyses = glassbox::v1::analyses;
using ::testing::HasSubstr;

constexpr double kTolerance = 1e-12;

// numpy 1.24 np.median(np.abs(v - np.median(v))) of adult_test_scored.csv's
// numeric columns; DiCE replaces the zero MADs (capital-gain, capital-loss) by 1.
const std::map<std::string, double>& NumpyMads() {
  static const auto* mads =
      new std::map<std::string, double>{{"age", 10.0},         {"fnlwgt", 60387.5},   {"education-num", 1.0},
                                        {"capital-gain", 1.0}, {"capital-loss", 1.0}, {"hours-per-week", 3.0}};
  return *mads;
}
constexpr int kFeatures = 14;
constexpr int kNumericFeatures = 6;
constexpr int kCategoricalFeatures = 8;

analyses::Counterfactuals Payload(const glassbox::v1::Insight& insight) {
  analyses::Counterfactuals payload;
  EXPECT_TRUE(insight.payload().UnpackTo(&payload));
  return payload;
}

RunInputs ModelScoredInputs(const std::string& params_json) {
  RunInputs inputs;
  inputs.target = "income";
  inputs.task = glassbox::v1::BINARY_CLASSIFICATION;
  inputs.positive_class = ">50K";
  inputs.params = ParseParams(params_json);
  return inputs;
}

std::string FirstRows(int n) {
  std::string rows;
  for (int i = 0; i < n; ++i) absl::StrAppend(&rows, i == 0 ? "" : ", ", i);
  return absl::StrCat("[", rows, "]");
}

// A feature's value as the payload gives it: the number, or the category ("" if missing).
using Value = std::variant<double, std::string>;

Value ValueOf(const analyses::FeatureValue& value) {
  if (value.has_category()) return value.category();
  if (value.has_number()) return value.number();
  return std::string();
}

class CounterfactualsAdultTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    table_ = new sdk::Table(ReadCsvFile(DatasetPath("adult_test_scored.csv")));
    model_ = LoadAdultModel().release();
    auto insight = RunAnalyzer(
        "counterfactuals", *table_,
        ModelScoredInputs(absl::StrCat(R"({"query_rows": )", FirstRows(20), R"(, "total_CFs": 10, "seed": 3})")),
        model_);
    ASSERT_TRUE(insight.ok()) << insight.status();
    insight_ = new glassbox::v1::Insight(*std::move(insight));
  }
  static void TearDownTestSuite() {
    delete insight_;
    delete model_;
    delete table_;
  }

  // The query row with the counterfactual's changes, as a one-row table.
  static sdk::Table Rebuild(int64_t row, const analyses::Counterfactual& counterfactual) {
    const size_t index = static_cast<size_t>(row);
    sdk::Table one = table_->SelectRows(std::span<const size_t>(&index, 1));
    for (const auto& change : counterfactual.changes()) {
      const sdk::Column* column = one.Find(change.feature());
      EXPECT_NE(column, nullptr) << change.feature();
      if (column->is_numeric()) {
        EXPECT_EQ(column->values()[0], change.original().number()) << change.feature();
        EXPECT_TRUE(one.ReplaceColumn(sdk::Column::Numeric(column->name(), {change.counterfactual().number()})).ok());
      } else {
        EXPECT_EQ(column->ValueAsString(0), change.original().category()) << change.feature();
        const std::optional<int32_t> code = column->CodeOf(change.counterfactual().category());
        EXPECT_TRUE(code.has_value()) << change.counterfactual().category();
        EXPECT_TRUE(
            one.ReplaceColumn(sdk::Column::Categorical(column->name(), column->categories(), {code.value_or(-1)}))
                .ok());
      }
    }
    return one;
  }

  // P(>50K) by the model for a one-row table.
  static double HighIncomeProbability(const sdk::Table& one) {
    auto scores = model_->Predict(one);
    EXPECT_TRUE(scores.ok()) << scores.status();
    return scores.ok() ? (*scores)(0, 1) : NAN;
  }

  static sdk::Table* table_;
  static sdk::Model* model_;
  static glassbox::v1::Insight* insight_;
};

sdk::Table* CounterfactualsAdultTest::table_ = nullptr;
sdk::Model* CounterfactualsAdultTest::model_ = nullptr;
glassbox::v1::Insight* CounterfactualsAdultTest::insight_ = nullptr;

TEST_F(CounterfactualsAdultTest, EveryCounterfactualReachesTheOppositeClassWhenRescoredByTheModel) {
  const analyses::Counterfactuals payload = Payload(*insight_);
  ASSERT_EQ(payload.queries_size(), 20);
  EXPECT_EQ(payload.desired_class(), "opposite");
  int checked = 0;
  for (int q = 0; q < 20; ++q) {
    const auto& query = payload.queries(q);
    EXPECT_EQ(query.row(), q);
    const size_t row = static_cast<size_t>(q);
    const double query_p = HighIncomeProbability(table_->SelectRows(std::span<const size_t>(&row, 1)));
    const std::string predicted = query_p >= 0.5 ? ">50K" : "<=50K";
    const std::string opposite = query_p >= 0.5 ? "<=50K" : ">50K";
    EXPECT_EQ(query.predicted_class(), predicted) << "row " << q;
    EXPECT_EQ(query.desired_class(), opposite) << "row " << q;
    EXPECT_EQ(query.outcome(), analyses::FOUND) << "row " << q;
    ASSERT_EQ(query.counterfactuals_size(), 10) << "row " << q;
    for (const auto& counterfactual : query.counterfactuals()) {
      const double p = HighIncomeProbability(Rebuild(query.row(), counterfactual));
      EXPECT_EQ(p >= 0.5 ? ">50K" : "<=50K", opposite) << "row " << q;
      EXPECT_EQ(counterfactual.predicted_class(), opposite);
      EXPECT_NEAR(counterfactual.desired_class_probability(), opposite == ">50K" ? p : 1 - p, kTolerance);
      EXPECT_GT(counterfactual.changes_size(), 0);
      ++checked;
    }
    EXPECT_EQ(query.metrics().validity(), 1.0);
  }
  EXPECT_EQ(checked, 200);
  EXPECT_EQ(payload.overall().validity(), 1.0);
  EXPECT_TRUE(payload.all_found());
  EXPECT_EQ(payload.queries_without_counterfactuals(), 0);
}

TEST_F(CounterfactualsAdultTest, ChangedValuesStayWithinTheDataRangesAndSeenCategories) {
  const analyses::Counterfactuals payload = Payload(*insight_);
  for (const auto& query : payload.queries()) {
    std::set<std::vector<std::string>> distinct;
    for (const auto& counterfactual : query.counterfactuals()) {
      std::vector<std::string> key;
      for (const auto& change : counterfactual.changes()) {
        const sdk::Column* column = table_->Find(change.feature());
        ASSERT_NE(column, nullptr);
        if (column->is_numeric()) {
          const double value = change.counterfactual().number();
          const auto [min, max] = std::minmax_element(column->values().begin(), column->values().end());
          EXPECT_GE(value, *min) << change.feature();
          EXPECT_LE(value, *max) << change.feature();
          EXPECT_EQ(value, std::floor(value)) << change.feature() << " is whole in the data";
          key.push_back(absl::StrCat(change.feature(), "=", value));
        } else {
          EXPECT_TRUE(column->CodeOf(change.counterfactual().category()).has_value()) << change.feature();
          key.push_back(absl::StrCat(change.feature(), "=", change.counterfactual().category()));
        }
      }
      EXPECT_TRUE(distinct.insert(key).second) << "row " << query.row() << " repeats a counterfactual";
    }
  }
}

// DiCE's figures, recomputed from the payload's counterfactuals.
struct Recomputed {
  double proximity = 0, continuous = 0, categorical = 0, sparsity = 0, diversity = 0, count_diversity = 0;
};

Recomputed Recompute(const analyses::CounterfactualQuery& query, const std::vector<std::string>& names) {
  std::vector<std::map<std::string, Value>> rows;
  std::map<std::string, Value> original;
  for (int p = 0; p < kFeatures; ++p) original[names[p]] = ValueOf(query.values(p));
  for (const auto& counterfactual : query.counterfactuals()) {
    std::map<std::string, Value> row = original;
    for (const auto& change : counterfactual.changes()) row[change.feature()] = ValueOf(change.counterfactual());
    rows.push_back(row);
  }
  struct Terms {
    double numeric = 0, categorical = 0, changes = 0;
  };
  const auto terms = [&](const std::map<std::string, Value>& a, const std::map<std::string, Value>& b) {
    Terms t;
    for (const auto& name : names) {
      if (a.at(name) == b.at(name)) continue;
      t.changes += 1;
      const auto mad = NumpyMads().find(name);
      if (mad == NumpyMads().end()) {
        t.categorical += 1;
      } else {
        t.numeric += std::abs(std::get<double>(a.at(name)) - std::get<double>(b.at(name))) / mad->second;
      }
    }
    return t;
  };
  Recomputed r;
  const double k = static_cast<double>(rows.size());
  for (const auto& row : rows) {
    const Terms t = terms(row, original);
    r.proximity += (t.numeric + t.categorical) / kFeatures / k;
    r.continuous -= t.numeric / kNumericFeatures / k;
    r.categorical += t.categorical / kCategoricalFeatures / k;
    r.sparsity += t.changes / k;
  }
  r.categorical = 1 - r.categorical;
  const double pairs = k * (k - 1) / 2;
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t j = i + 1; j < rows.size(); ++j) {
      const Terms t = terms(rows[i], rows[j]);
      r.diversity += (t.numeric + t.categorical) / kFeatures / pairs;
      r.count_diversity += t.changes / kFeatures / pairs;
    }
  }
  return r;
}

TEST_F(CounterfactualsAdultTest, MetricsMatchDicesFormulasRecomputedFromTheCounterfactuals) {
  const analyses::Counterfactuals payload = Payload(*insight_);
  std::vector<std::string> names;
  for (const auto& feature : payload.features()) names.push_back(feature.name());
  ASSERT_EQ(names.size(), static_cast<size_t>(kFeatures));
  for (const auto& feature : payload.features()) {
    const auto mad = NumpyMads().find(feature.name());
    EXPECT_EQ(feature.categorical(), mad == NumpyMads().end()) << feature.name();
    if (mad != NumpyMads().end()) {
      EXPECT_EQ(feature.mad(), mad->second) << feature.name();
    }
  }
  Recomputed mean;
  for (const auto& query : payload.queries()) {
    const Recomputed r = Recompute(query, names);
    const auto& m = query.metrics();
    EXPECT_NEAR(m.proximity(), r.proximity, kTolerance) << "row " << query.row();
    EXPECT_NEAR(m.continuous_proximity(), r.continuous, kTolerance) << "row " << query.row();
    EXPECT_NEAR(m.categorical_proximity(), r.categorical, kTolerance) << "row " << query.row();
    EXPECT_NEAR(m.sparsity(), r.sparsity, kTolerance) << "row " << query.row();
    EXPECT_NEAR(m.diversity(), r.diversity, kTolerance) << "row " << query.row();
    EXPECT_NEAR(m.count_diversity(), r.count_diversity, kTolerance) << "row " << query.row();
    mean.proximity += r.proximity / 20;
    mean.sparsity += r.sparsity / 20;
    mean.diversity += r.diversity / 20;
    for (const auto& counterfactual : query.counterfactuals()) {
      EXPECT_LE(counterfactual.distance(), m.proximity() * query.counterfactuals_size() + kTolerance);
    }
  }
  EXPECT_NEAR(payload.overall().proximity(), mean.proximity, kTolerance);
  EXPECT_NEAR(payload.overall().sparsity(), mean.sparsity, kTolerance);
  EXPECT_NEAR(payload.overall().diversity(), mean.diversity, kTolerance);
  EXPECT_EQ(payload.overall().requested(), 200);
  EXPECT_EQ(payload.overall().found(), 200);
}

TEST_F(CounterfactualsAdultTest, EachQueryTableShowsOnlyTheChangedFeatures) {
  const analyses::Counterfactuals payload = Payload(*insight_);
  int q = 0;
  for (const auto& block : insight_->blocks()) {
    if (!block.title().starts_with("Counterfactuals for row ")) continue;
    ASSERT_LT(q, payload.queries_size());
    const auto& query = payload.queries(q++);
    EXPECT_THAT(block.title(), HasSubstr(absl::StrCat("row ", query.row(), ":")));
    std::set<std::string> changed;
    for (const auto& counterfactual : query.counterfactuals()) {
      for (const auto& change : counterfactual.changes()) changed.insert(change.feature());
    }
    const auto& columns = block.table().columns();
    // "Counterfactual", the changed features, "Predicted class", "P(<desired>)", "Distance".
    ASSERT_EQ(static_cast<size_t>(columns.size()), changed.size() + 4);
    for (int c = 1; c <= static_cast<int>(changed.size()); ++c) EXPECT_TRUE(changed.contains(columns[c]));
    ASSERT_EQ(block.table().rows_size(), query.counterfactuals_size());
    for (int i = 0; i < query.counterfactuals_size(); ++i) {
      const auto& cells = block.table().rows(i).cells();
      for (const auto& change : query.counterfactuals(i).changes()) {
        const int c = static_cast<int>(std::find(columns.begin(), columns.end(), change.feature()) - columns.begin());
        const auto text = [](const analyses::FeatureValue& v) {
          return v.has_category() ? v.category() : absl::StrCat(v.number());
        };
        EXPECT_EQ(cells[c].text(), absl::StrCat(text(change.original()), " → ", text(change.counterfactual())));
      }
    }
  }
  EXPECT_EQ(q, 20);
}

TEST_F(CounterfactualsAdultTest, OnlyFeaturesToVaryChangeWithinPermittedRanges) {
  auto insight =
      RunAnalyzer("counterfactuals", *table_,
                  ModelScoredInputs(absl::StrCat(R"({"query_rows": )", FirstRows(10), R"(, "total_CFs": 5, "seed": 4,
              "features_to_vary": ["age", "hours-per-week", "workclass", "occupation", "education"],
              "permitted_range": "{\"age\": [25, 45], \"hours-per-week\": [35, 60],
                                   \"workclass\": [\"Private\", \"Self-emp-inc\", \"Federal-gov\"]}"})")),
                  model_);
  ASSERT_TRUE(insight.ok()) << insight.status();
  const analyses::Counterfactuals payload = Payload(*insight);
  const std::set<std::string> varied = {"age", "hours-per-week", "workclass", "occupation", "education"};
  const std::set<std::string> workclasses = {"Private", "Self-emp-inc", "Federal-gov"};
  int changes = 0;
  for (const auto& query : payload.queries()) {
    for (const auto& counterfactual : query.counterfactuals()) {
      const double p = HighIncomeProbability(Rebuild(query.row(), counterfactual));
      EXPECT_EQ(p >= 0.5 ? ">50K" : "<=50K", query.desired_class());
      for (const auto& change : counterfactual.changes()) {
        ++changes;
        EXPECT_TRUE(varied.contains(change.feature())) << change.feature();
        const double value = change.counterfactual().number();
        if (change.feature() == "age") {
          EXPECT_TRUE(value >= 25 && value <= 45) << value;
        } else if (change.feature() == "hours-per-week") {
          EXPECT_TRUE(value >= 35 && value <= 60) << value;
        } else if (change.feature() == "workclass") {
          EXPECT_TRUE(workclasses.contains(change.counterfactual().category())) << change.counterfactual().category();
        }
      }
    }
  }
  EXPECT_GT(changes, 0);
  for (const auto& feature : payload.features()) EXPECT_EQ(feature.varied(), varied.contains(feature.name()));
}

TEST_F(CounterfactualsAdultTest, TheSameSeedGivesTheSameInsight) {
  const std::string params = R"({"query_rows": [3, 7, 14], "total_CFs": 4, "seed": 21})";
  auto first = RunAnalyzer("counterfactuals", *table_, ModelScoredInputs(params), model_);
  auto second = RunAnalyzer("counterfactuals", *table_, ModelScoredInputs(params), model_);
  auto other = RunAnalyzer("counterfactuals", *table_,
                           ModelScoredInputs(R"({"query_rows": [3, 7, 14], "total_CFs": 4, "seed": 22})"), model_);
  ASSERT_TRUE(first.ok() && second.ok() && other.ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*first, *second));
  analyses::Counterfactuals other_payload = Payload(*other);
  other_payload.set_seed(21);
  EXPECT_FALSE(google::protobuf::util::MessageDifferencer::Equals(Payload(*first), other_payload));
}

TEST_F(CounterfactualsAdultTest, AnExplicitDesiredClassAndACohortOfQueryRows) {
  RunInputs inputs = ModelScoredInputs(R"({"cohort": "women", "max_queries": 3, "desired_class": ">50K"})");
  inputs.cohorts = {{"women", "sex == Female"}};
  auto insight = RunAnalyzer("counterfactuals", *table_, inputs, model_);
  ASSERT_TRUE(insight.ok()) << insight.status();
  const analyses::Counterfactuals payload = Payload(*insight);
  std::vector<int64_t> women;
  const sdk::Column& sex = *table_->Find("sex");
  for (size_t r = 0; r < table_->num_rows() && women.size() < 3; ++r) {
    if (sex.ValueAsString(r) == "Female") women.push_back(static_cast<int64_t>(r));
  }
  ASSERT_EQ(payload.queries_size(), 3);
  for (int q = 0; q < 3; ++q) {
    const auto& query = payload.queries(q);
    EXPECT_EQ(query.row(), women[q]);
    EXPECT_EQ(query.desired_class(), ">50K");
    EXPECT_EQ(query.counterfactuals_size(), 4);  // the default total_CFs
    for (const auto& counterfactual : query.counterfactuals()) {
      EXPECT_GE(HighIncomeProbability(Rebuild(query.row(), counterfactual)), 0.5);
    }
  }
}

TEST_F(CounterfactualsAdultTest, SaysSoWhenNoCounterfactualIsFound) {
  // Row 19: P(>50K) = 0.000062; neither sex nor race can lift it to 0.5.
  auto insight =
      RunAnalyzer("counterfactuals", *table_,
                  ModelScoredInputs(R"({"query_rows": [19, 14], "features_to_vary": ["sex", "race"], "sample_size": 100,
                            "max_iterations": 3})"),
                  model_);
  ASSERT_TRUE(insight.ok()) << insight.status();
  const analyses::Counterfactuals payload = Payload(*insight);
  ASSERT_EQ(payload.queries_size(), 2);
  EXPECT_EQ(payload.queries(0).outcome(), analyses::NOT_FOUND);
  EXPECT_EQ(payload.queries(0).counterfactuals_size(), 0);
  EXPECT_EQ(payload.queries(0).rounds(), 3);
  // Distinct candidates: round 1 changes sex (1 way) or race (4 ways); rounds 2
  // and 3 change both (4 ways).
  EXPECT_EQ(payload.queries(0).candidates_scored(), 5 + 4 + 4);
  EXPECT_FALSE(payload.all_found());
  EXPECT_EQ(payload.queries_without_counterfactuals(), payload.queries(1).outcome() == analyses::NOT_FOUND ? 2 : 1);
  bool said = false;
  for (const auto& block : insight->blocks()) {
    if (block.title() == "Counterfactuals not found") {
      said = true;
      EXPECT_THAT(block.text().text(), HasSubstr("None was found for row(s) 19"));
    }
  }
  EXPECT_TRUE(said);
}

TEST_F(CounterfactualsAdultTest, RefusesParametersTheRunCannotServe) {
  const struct {
    std::string params;
    std::string parameter;
    std::string detail;
  } cases[] = {
      {R"({"query_rows": [0], "total_CFs": 0})", "total_CFs", ">= 1"},
      {R"({"query_rows": [0], "desired_class": "rich"})", "desired_class", "'rich' is not a class"},
      {R"({"query_rows": [0], "features_to_vary": ["probability"]})", "features_to_vary", "not a feature of the model"},
      {R"({"query_rows": [0], "features_to_vary": ["salary"]})", "features_to_vary", "salary"},
      {R"({"query_rows": [0], "desired_range": [0, 1]})", "desired_range", "regression only"},
      {R"({"query_rows": [0], "permitted_range": "{\"age\": [20, "})", "permitted_range", "JSON object"},
      {R"({"query_rows": [0], "permitted_range": "[1, 2]"})", "permitted_range", "JSON object"},
      {R"({"query_rows": [0], "permitted_range": "{\"salary\": [1, 2]}"})", "permitted_range", "'salary'"},
      {R"({"query_rows": [0], "permitted_range": "{\"age\": [60, 20]}"})", "permitted_range", "low <= high"},
      {R"({"query_rows": [0], "permitted_range": "{\"age\": [\"old\"]}"})", "permitted_range", "[low, high]"},
      {R"({"query_rows": [0], "permitted_range": "{\"workclass\": [\"Pirate\"]}"})", "permitted_range", "'Pirate'"},
      {R"({"query_rows": [0], "permitted_range": "{\"workclass\": []}"})", "permitted_range", "categories"},
      {R"({})", "query_rows", "is required"},
      {R"({"query_rows": [-1]})", "query_rows", "whole numbers >= 0"},
      {R"({"query_rows": [1.5]})", "query_rows", "whole numbers >= 0"},
      {R"({"query_rows": [10054]})", "query_rows", "row 10054, out of range; the dataset has 10054 rows"},
      {R"({"query_rows": [1], "cohort": "women"})", "query_rows", "only one"},
  };
  for (const auto& c : cases) {
    RunInputs inputs = ModelScoredInputs(c.params);
    inputs.cohorts = {{"women", "sex == Female"}};
    const absl::Status status = ValidateAnalyzer("counterfactuals", *table_, inputs, model_);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.params;
    EXPECT_THAT(status.message(), HasSubstr(c.parameter)) << c.params;
    EXPECT_THAT(status.message(), HasSubstr(c.detail)) << c.params;
  }
  EXPECT_TRUE(ValidateAnalyzer("counterfactuals", *table_,
                               ModelScoredInputs(R"({"query_rows": [0], "desired_class": "<=50K",
                                   "permitted_range": "{\"age\": [20, 60], \"workclass\": [\"Private\"]}"})"),
                               model_)
                  .ok());
}

TEST_F(CounterfactualsAdultTest, RefusesARowOutsideTheDatasetWhenRun) {
  auto insight = RunAnalyzer("counterfactuals", *table_, ModelScoredInputs(R"({"query_rows": [10054]})"), model_);
  EXPECT_EQ(insight.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(insight.status().message(), HasSubstr("query_rows"));
  EXPECT_THAT(insight.status().message(), HasSubstr("10054 rows"));
}

TEST_F(CounterfactualsAdultTest, RefusesARunWithoutAModel) {
  RunInputs inputs = AdultScoredInputs();
  inputs.params = ParseParams(R"({"query_rows": [0]})");
  const absl::Status status = ValidateAnalyzer("counterfactuals", *table_, inputs);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("model"));
}

}  // namespace
}  // namespace glassbox::testing
