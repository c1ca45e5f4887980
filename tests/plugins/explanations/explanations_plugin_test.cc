// The explanations plugin, loaded by the daemon's plugin host, on the real
// adult_test_scored.csv (10,054 rows) with the real adult_xgb.json model
// scoring the table (no prediction column given).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "glassbox/v1/analyses/explanations.pb.h"
#include "tests/plugins/explanations/permutation_paths.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {
namespace {

using glassbox::v1::analyses::CohortImportance;
using glassbox::v1::analyses::Explanations;

class ExplanationsPluginTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    table_ = new sdk::Table(ReadCsvFile(DatasetPath("adult_test_scored.csv")));
    model_ = LoadAdultModel().release();
    auto scores = model_->Predict(*table_);
    ASSERT_TRUE(scores.ok()) << scores.status();
    probability_ = new Eigen::VectorXd(scores->col(1));  // The model's classes: <=50K, >50K.
  }

  static RunInputs Inputs(const std::string& params) {
    RunInputs inputs;
    inputs.target = "income";
    inputs.task = glassbox::v1::BINARY_CLASSIFICATION;
    inputs.positive_class = ">50K";
    inputs.cohorts = {{"women", "sex == Female"}, {"canada", "native-country == Canada"}};
    inputs.params = ParseParams(params);
    return inputs;
  }

  static Explanations Analyze(const std::string& params, glassbox::v1::Insight* insight = nullptr) {
    auto result = RunAnalyzer("explanations", *table_, Inputs(params), model_);
    EXPECT_TRUE(result.ok()) << result.status();
    Explanations payload;
    if (result.ok()) {
      EXPECT_TRUE(result->payload().UnpackTo(&payload));
      if (insight != nullptr) *insight = *result;
    }
    return payload;
  }

  static absl::Status Refusal(const std::string& params, const sdk::Model* model = model_) {
    return ValidateAnalyzer("explanations", *table_, Inputs(params), model);
  }

  static absl::Status AnalyzeRefusal(const std::string& params) {
    return RunAnalyzer("explanations", *table_, Inputs(params), model_).status();
  }

  static std::vector<size_t> RowsWhere(const std::string& column, const std::string& value) {
    const sdk::Column* found = table_->Find(column);
    std::vector<size_t> rows;
    for (size_t r = 0; r < table_->num_rows(); ++r) {
      if (found->ValueAsString(r) == value) rows.push_back(r);
    }
    return rows;
  }

  static sdk::Table* table_;
  static daemon::XgboostModel* model_;
  static Eigen::VectorXd* probability_;
};

sdk::Table* ExplanationsPluginTest::table_ = nullptr;
daemon::XgboostModel* ExplanationsPluginTest::model_ = nullptr;
Eigen::VectorXd* ExplanationsPluginTest::probability_ = nullptr;

std::vector<std::string> Ranking(const CohortImportance& importance, int count) {
  std::vector<std::string> names;
  for (int i = 0; i < std::min(count, importance.features_size()); ++i)
    names.push_back(importance.features(i).feature());
  return names;
}

std::map<std::string, double> Importances(const CohortImportance& importance) {
  std::map<std::string, double> values;
  for (const auto& feature : importance.features()) values[feature.feature()] = feature.importance();
  return values;
}

double Logit(double p) { return std::log(p / (1.0 - p)); }

TEST_F(ExplanationsPluginTest, PredictReplacingGivesTheImportancesOfPredictOnAdult) {
  ExpectPermutationEqualThroughPredictOnly(*table_, Inputs("{}"), *model_);
}

TEST_F(ExplanationsPluginTest, TreeShapAddsUpToTheMarginOnEveryRow) {
  // Contributions + bias = the raw margin = logit of Predict's probability of
  // >50K. Predict's probabilities are float32, so logit(p) is known to
  // 2^-24 / (p (1 - p)) relative; the margin's float32 sum over 100 trees adds ~1e-6.
  for (size_t first = 0; first < table_->num_rows(); first += 1000) {
    std::vector<std::string> rows;
    for (size_t r = first; r < std::min(table_->num_rows(), first + 1000); ++r) rows.push_back(absl::StrCat(r));
    const Explanations result =
        Analyze(absl::StrCat(R"({"method": "tree_shap", "rows": [)", absl::StrJoin(rows, ","), "]}"));
    ASSERT_EQ(result.local_size(), static_cast<int>(rows.size()));
    EXPECT_EQ(result.local_method(), "tree_shap");
    for (const auto& local : result.local()) {
      ASSERT_EQ(local.contributions_size(), 14);
      double sum = local.base_value();
      for (double c : local.contributions()) sum += c;
      EXPECT_NEAR(local.output_value(), sum, 1e-9);
      const double p = (*probability_)[local.row()];
      EXPECT_NEAR(sum, Logit(p), 1e-5 + 2e-7 / (p * (1.0 - p))) << "row " << local.row();
      EXPECT_EQ(local.output(), ">50K");
    }
  }
}

TEST_F(ExplanationsPluginTest, TreeShapImportanceIsXgboostsMeanAbsoluteContribution) {
  // python xgboost 1.7.4: Booster.predict(DMatrix(X, enable_categorical=True),
  // pred_contribs=True) on adult_test_scored.csv (categories: adult.csv's sorted
  // strings), np.abs(contribs[:, :-1].astype(np.float64)).mean(0) (its float32
  // contributions bound the agreement to ~1e-6 relative); the women cohort on sex == 'Female' (3,287 rows).
  glassbox::v1::Insight insight;
  const Explanations result = Analyze("{}", &insight);
  EXPECT_EQ(result.method(), "tree_shap");
  EXPECT_EQ(result.output_space(), glassbox::v1::analyses::OUTPUT_SPACE_MARGIN);
  EXPECT_EQ(result.overall().size(), 10054);
  const std::map<std::string, double> expected = {{"age", 0.826534712},
                                                  {"marital-status", 0.765973639},
                                                  {"relationship", 0.662373864},
                                                  {"capital-gain", 0.548427322},
                                                  {"education", 0.499161952},
                                                  {"occupation", 0.443863134},
                                                  {"hours-per-week", 0.374771753},
                                                  {"fnlwgt", 0.199967073},
                                                  {"capital-loss", 0.1609686},
                                                  {"sex", 0.141546549},
                                                  {"workclass", 0.123546061},
                                                  {"native-country", 0.0892500339},
                                                  {"race", 0.0764720974},
                                                  {"education-num", 0.0634527694}};
  const std::map<std::string, double> actual = Importances(result.overall());
  ASSERT_EQ(actual.size(), expected.size());
  for (const auto& [feature, value] : expected) EXPECT_NEAR(actual.at(feature), value, 1e-6 * value) << feature;
  EXPECT_EQ(Ranking(result.overall(), 14),
            (std::vector<std::string>{"age", "marital-status", "relationship", "capital-gain", "education",
                                      "occupation", "hours-per-week", "fnlwgt", "capital-loss", "sex", "workclass",
                                      "native-country", "race", "education-num"}));

  ASSERT_EQ(result.cohorts_size(), 2);
  const CohortImportance& women = result.cohorts(0);
  EXPECT_EQ(women.cohort(), "women");
  EXPECT_EQ(women.size(), 3287);
  const std::map<std::string, double> women_expected = {{"age", 0.974923423},
                                                        {"marital-status", 0.945308912},
                                                        {"relationship", 0.816527423},
                                                        {"occupation", 0.477428078},
                                                        {"education", 0.463304996}};
  EXPECT_EQ(Ranking(women, 5),
            (std::vector<std::string>{"age", "marital-status", "relationship", "occupation", "education"}));
  for (const auto& [feature, value] : women_expected) {
    EXPECT_NEAR(Importances(women).at(feature), value, 1e-6 * value) << feature;
  }
  EXPECT_EQ(result.cohorts(1).size(), 43);

  // Blocks: the method, the top-10 chart (all rows, then each cohort), the full table.
  ASSERT_EQ(insight.blocks_size(), 3);
  const auto& chart = insight.blocks(1).chart();
  ASSERT_EQ(chart.categories_size(), 10);
  EXPECT_EQ(chart.categories(0), "age");
  ASSERT_EQ(chart.series_size(), 3);
  EXPECT_EQ(chart.series(0).name(), "All data");
  EXPECT_NEAR(chart.series(1).values(0), 0.974923423, 1e-6);
  EXPECT_EQ(insight.blocks(2).table().rows_size(), 14);
}

TEST_F(ExplanationsPluginTest, FeaturesAndTopNNarrowWhatIsReported) {
  glassbox::v1::Insight insight;
  const Explanations result = Analyze(R"({"features": ["sex", "race", "age"], "top_n": 2})", &insight);
  EXPECT_EQ(Ranking(result.overall(), 5), (std::vector<std::string>{"age", "sex", "race"}));
  EXPECT_EQ(insight.blocks(1).chart().categories_size(), 2);
}

TEST_F(ExplanationsPluginTest, CohortParameterRestrictsTheExplainedRows) {
  const Explanations result = Analyze(R"({"cohort": "women"})");
  EXPECT_EQ(result.overall().cohort(), "women");
  EXPECT_EQ(result.overall().size(), 3287);
  EXPECT_NEAR(Importances(result.overall()).at("age"), 0.974923423, 1e-6);
  ASSERT_EQ(result.cohorts_size(), 2);
  EXPECT_EQ(result.cohorts(1).size(), 17);  // Canadian women: pandas count on adult_test_scored.csv.
}

TEST_F(ExplanationsPluginTest, PermutationImportanceAgreesWithScikitLearn) {
  // sklearn 1.2.1 permutation_importance(XGBClassifier loaded from
  // adult_xgb.json, X, y, n_repeats=5, scoring='accuracy') with random_state
  // 0, 1, 2: baseline accuracy 0.8670181022478616; the mean of the three
  // importances_mean of the top five, and 3 x the largest importances_std
  // as the band (the generators differ, so the figures match in law only).
  const Explanations result = Analyze(R"({"method": "permutation"})");
  EXPECT_EQ(result.scoring(), "accuracy");
  EXPECT_NEAR(result.overall().baseline_score(), 0.8670181022478616, 1e-12);
  struct Band {
    double mean;
    double width;
  };
  const std::map<std::string, Band> sklearn = {{"capital-gain", {(0.049413 + 0.047324 + 0.049751) / 3, 3 * 0.002168}},
                                               {"education", {(0.026736 + 0.026378 + 0.027313) / 3, 3 * 0.001477}},
                                               {"relationship", {(0.023652 + 0.021524 + 0.021444) / 3, 3 * 0.001856}},
                                               {"occupation", {(0.022499 + 0.021325 + 0.022399) / 3, 3 * 0.002708}},
                                               {"age", {(0.019176 + 0.019813 + 0.019117) / 3, 3 * 0.002057}}};
  const std::vector<std::string> top = Ranking(result.overall(), 5);
  EXPECT_EQ(top[0], "capital-gain");
  EXPECT_EQ(std::set<std::string>(top.begin(), top.end()),
            (std::set<std::string>{"capital-gain", "education", "relationship", "occupation", "age"}));
  const auto actual = Importances(result.overall());
  for (const auto& [feature, band] : sklearn) EXPECT_NEAR(actual.at(feature), band.mean, band.width) << feature;
  for (const auto& feature : result.overall().features()) {
    EXPECT_EQ(feature.drops_size(), 5);
    EXPECT_GE(feature.std(), 0.0);
  }
  ASSERT_EQ(result.cohorts_size(), 2);
  EXPECT_EQ(result.cohorts(0).size(), 3287);
}

TEST_F(ExplanationsPluginTest, PermutationLogLossAgreesWithScikitLearn) {
  // As above with scoring='neg_log_loss': capital-gain (0.200293, 0.189801,
  // 0.195992; largest std 0.008128) then age (0.095589, 0.096501, 0.096059; 0.007074).
  const Explanations result = Analyze(R"({"method": "permutation", "scoring": "neg_log_loss", "seed": 4})");
  EXPECT_NEAR(result.overall().baseline_score(), -0.2921801841277419, 1e-9);
  EXPECT_EQ(Ranking(result.overall(), 2), (std::vector<std::string>{"capital-gain", "age"}));
  EXPECT_NEAR(Importances(result.overall()).at("capital-gain"), (0.200293 + 0.189801 + 0.195992) / 3, 3 * 0.008128);
  EXPECT_NEAR(Importances(result.overall()).at("age"), (0.095589 + 0.096501 + 0.096059) / 3, 3 * 0.007074);
}

TEST_F(ExplanationsPluginTest, PermutationIsDeterministicForASeed) {
  const std::string params = R"({"method": "permutation", "seed": 12, "n_repeats": 2, "features": ["age", "sex"]})";
  EXPECT_EQ(Analyze(params).overall().SerializeAsString(), Analyze(params).overall().SerializeAsString());
}

TEST_F(ExplanationsPluginTest, PermutationWithRowsExplainsThemWithTreeShap) {
  const Explanations result = Analyze(R"({"method": "permutation", "n_repeats": 1, "rows": [0, 1]})");
  EXPECT_EQ(result.local_method(), "tree_shap");
  ASSERT_EQ(result.local_size(), 2);
  // python xgboost 1.7.4 pred_contribs of row 0: age -3.6675534, bias -1.4083709.
  EXPECT_NEAR(result.local(0).contributions(0), -3.6675534, 1e-6);
  EXPECT_NEAR(result.local(0).base_value(), -1.4083709, 1e-6);
  EXPECT_EQ(result.local(0).values(0), "20");
  EXPECT_EQ(result.local(0).values(1), "Private");
}

TEST_F(ExplanationsPluginTest, NegativeClassAsPositiveNegatesTheMargin) {
  RunInputs inputs = Inputs(R"({"rows": [0]})");
  inputs.positive_class = "<=50K";
  auto insight = RunAnalyzer("explanations", *table_, inputs, model_);
  ASSERT_TRUE(insight.ok()) << insight.status();
  Explanations result;
  ASSERT_TRUE(insight->payload().UnpackTo(&result));
  ASSERT_EQ(result.local_size(), 1);
  EXPECT_EQ(result.local(0).output(), "<=50K");
  // python xgboost 1.7.4 pred_contribs of row 0 (the margin of >50K): age -3.6675534, bias -1.4083709.
  EXPECT_NEAR(result.local(0).contributions(0), 3.6675534, 1e-6);
  EXPECT_NEAR(result.local(0).base_value(), 1.4083709, 1e-6);
  const double p = (*probability_)[0];
  EXPECT_NEAR(result.local(0).output_value(), Logit(1.0 - p), 1e-4);
}

TEST_F(ExplanationsPluginTest, KernelShapIsEfficientAgainstItsBackground) {
  // Canada's 43 rows, background_size 100: the background is every one of
  // them, so E[f] is the mean probability of >50K over them. Every
  // explained row's contributions add up to f(x) - E[f]; native-country is
  // Canada in every background row, so it takes no part (0).
  const std::vector<size_t> canada = RowsWhere("native-country", "Canada");
  ASSERT_EQ(canada.size(), 43u);
  double expected_value = 0.0;
  for (size_t row : canada) expected_value += (*probability_)[row] / 43.0;
  const std::string rows = absl::StrJoin(std::vector<size_t>(canada.begin(), canada.begin() + 6), ",");
  glassbox::v1::Insight insight;
  const Explanations result =
      Analyze(absl::StrCat(R"({"method": "kernel_shap", "cohort": "canada", "sample_size": 0, "rows": [)", rows, "]}"),
              &insight);
  EXPECT_EQ(result.output_space(), glassbox::v1::analyses::OUTPUT_SPACE_PROBABILITY);
  EXPECT_EQ(result.background_size(), 43);
  EXPECT_EQ(result.overall().size(), 6);
  ASSERT_EQ(result.local_size(), 6);
  for (const auto& local : result.local()) {
    EXPECT_NEAR(local.base_value(), expected_value, 1e-12);
    double sum = 0.0;
    for (double c : local.contributions()) sum += c;
    EXPECT_NEAR(sum, (*probability_)[local.row()] - expected_value, 1e-6) << "row " << local.row();
    EXPECT_EQ(local.contributions(13), 0.0);
  }
  // The waterfall of the first row: base value, the top 10 features, the other 4 summed, the output.
  ASSERT_EQ(insight.blocks_size(), 4);
  const auto& local_table = insight.blocks(3).table();
  ASSERT_EQ(local_table.rows_size(), 6 * 13);
  EXPECT_EQ(local_table.rows(0).cells(1).text(), "(base value)");
  EXPECT_NEAR(local_table.rows(0).cells(3).number(), expected_value, 1e-12);
  EXPECT_EQ(local_table.rows(11).cells(1).text(), "(4 other features)");
  EXPECT_EQ(local_table.rows(12).cells(1).text(), "(model output)");
  EXPECT_NEAR(local_table.rows(12).cells(3).number(), (*probability_)[canada[0]], 1e-6);
}

TEST_F(ExplanationsPluginTest, KernelShapOfARowDoesNotDependOnTheOtherRowsExplained) {
  const std::string settings = R"("method": "kernel_shap", "sample_size": 0, "background_size": 20, "nsamples": 100)";
  const Explanations alone = Analyze(absl::StrCat("{", settings, R"(, "rows": [8]})"));
  const Explanations together = Analyze(absl::StrCat("{", settings, R"(, "rows": [2, 8, 40]})"));
  ASSERT_EQ(alone.local_size(), 1);
  ASSERT_EQ(together.local_size(), 3);
  EXPECT_EQ(alone.local(0).SerializeAsString(), together.local(1).SerializeAsString());
  const Explanations reseeded = Analyze(absl::StrCat("{", settings, R"(, "rows": [8], "seed": 1})"));
  EXPECT_NE(alone.local(0).contributions(0), reseeded.local(0).contributions(0));
}

TEST_F(ExplanationsPluginTest, KernelShapRanksLikeTreeShap) {
  // Interventional KernelSHAP of the probability and path-dependent TreeSHAP
  // of the log-odds differ in value, but agree on what matters most.
  const Explanations kernel =
      Analyze(R"({"method": "kernel_shap", "background_size": 50, "nsamples": 400, "sample_size": 60, "seed": 1})");
  EXPECT_EQ(kernel.overall().size(), 60);
  const std::vector<std::string> kernel_top = Ranking(kernel.overall(), 3);
  const std::vector<std::string> tree_top = {"age", "marital-status", "relationship", "capital-gain", "education"};
  for (const std::string& feature : kernel_top) {
    EXPECT_NE(std::find(tree_top.begin(), tree_top.end(), feature), tree_top.end()) << feature;
  }
  const auto importances = Importances(kernel.overall());
  EXPECT_LT(importances.at("education-num") + importances.at("race"), importances.at(kernel_top[0]));
}

TEST_F(ExplanationsPluginTest, RefusesBadParametersNamingThem) {
  const auto refused = [](const absl::Status& status, const std::string& name) {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_NE(status.message().find(name), absl::string_view::npos) << status;
  };
  refused(Refusal(R"({"top_n": 0})"), "top_n");
  refused(Refusal(R"({"method": "lime"})"), "method");
  refused(Refusal(R"({"scoring": "r2"})"), "scoring");
  refused(Refusal(R"({"scoring": "nonsense"})"), "scoring");
  refused(Refusal(R"({"features": ["income"]})"), "features");
  refused(Refusal(R"({"rows": [3, -1]})"), "rows");
  refused(Refusal(R"({"rows": [2.5]})"), "rows");
  refused(Refusal(R"({"n_repeats": 0})"), "n_repeats");
  refused(Refusal(R"({"background_size": 0})"), "background_size");
  refused(Refusal(R"({"method": "kernel_shap", "sample_size": 0})"), "sample_size");
  refused(Refusal(R"({"cohort": "nobody"})"), "cohort");
  refused(Refusal(R"({"rows": [10054]})"), "parameter 'rows': row 10054 is beyond the dataset's 10054 rows");
  refused(AnalyzeRefusal(R"({"cohort": "women", "rows": [0, 3]})"), "rows");  // Row 3 is a man.
}

TEST_F(ExplanationsPluginTest, RefusesARunWithoutAModel) {
  RunInputs inputs = AdultScoredInputs();
  const absl::Status status = ValidateAnalyzer("explanations", *table_, inputs);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_NE(status.message().find("queries a model"), absl::string_view::npos) << status;
}

}  // namespace
}  // namespace glassbox::testing
