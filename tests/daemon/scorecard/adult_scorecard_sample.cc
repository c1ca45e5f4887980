#include "tests/daemon/scorecard/adult_scorecard_sample.h"

#include <cstdio>
#include <cstdlib>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/scorecard/scorecard_config.h"
#include "glassbox/sdk/insight_builder.h"
#include "glassbox/sdk/target.h"

namespace glassbox::scorecard::testing {
namespace {

using glassbox::v1::Insight;
using sdk::Cell;
using sdk::InsightBuilder;

constexpr char kRunId[] = "run-7f3a9c21";
// sha256sum and stat -c %s of ../shared/datasets/adult_test_scored.csv.
constexpr char kDatasetSha256[] = "53573601f12ddcb84f0cf9e0ebe98698858c6c6aebf7001ffa22eecf328cf94a";
constexpr int64_t kDatasetBytes = 1246620;

glassbox::v1::Target Target(const char* text) { return *sdk::ParseTarget(text); }

Insight Finish(InsightBuilder builder, const std::string& analyzer, const std::string& version) {
  Insight insight = builder.Release();
  insight.set_id("ins-" + analyzer);
  insight.set_run_id(kRunId);
  insight.set_analyzer(analyzer);
  insight.set_analyzer_version(version);
  insight.mutable_create_time()->set_seconds(1750757000);
  return insight;
}

// Values: sklearn 1.2.1 accuracy_score / precision_score / recall_score /
// f1_score / roc_auc_score(y, probability) / confusion_matrix with
// pos_label '>50K' on adult_test_scored.csv; selection rate = mean(prediction == '>50K');
// cohort rows filtered with pandas (age < 30: 2,933 rows, age >= 60: 725).
Insight ModelOverview() {
  InsightBuilder b;
  b.AddMetric("Accuracy", "accuracy_score", 0.8670181022478616);
  b.AddMetric("Precision", "precision_score", 0.7747408105560791);
  b.AddMetric("Recall", "recall_score", 0.6568118258090292);
  b.AddMetric("F1 score", "f1_score", 0.7109189189189189);
  b.AddMetric("ROC AUC", "roc_auc_score", 0.9237039509680159);
  b.AddMetric("Selection rate", "selection_rate", 0.21106027451760492);
  b.AddMetric("Rows in Young (age < 30)", "count", 2933, "Young (age < 30)").SetUnit("rows");
  b.AddMetric("Accuracy", "accuracy_score", 0.9604500511421753, "Young (age < 30)");
  b.AddMetric("F1 score", "f1_score", 0.5468749999999999, "Young (age < 30)");
  b.AddMetric("Rows in Senior (age >= 60)", "count", 725, "Senior (age >= 60)").SetUnit("rows");
  b.AddMetric("Accuracy", "accuracy_score", 0.8496551724137931, "Senior (age >= 60)");
  b.AddMetric("F1 score", "f1_score", 0.6929577464788733, "Senior (age >= 60)");
  b.AddTable("Confusion matrix (rows: actual income, columns: predicted)",
             {"Actual", "Predicted <=50K", "Predicted >50K"},
             {{std::string("<=50K"), 7073.0, 478.0}, {std::string(">50K"), 859.0, 1644.0}})
      .SetRole(glassbox::v1::CONFUSION_MATRIX)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL);
  // numpy.histogram(probability, bins=10, range=(0, 1)).
  b.AddBarChart(
      "Distribution of predicted probabilities",
      {"0–0.1", "0.1–0.2", "0.2–0.3", "0.3–0.4", "0.4–0.5", "0.5–0.6", "0.6–0.7", "0.7–0.8", "0.8–0.9", "0.9–1"},
      {{"rows", {5454, 913, 579, 538, 448, 375, 336, 339, 303, 769}}}, "Predicted probability of >50K", "Rows");
  return Finish(std::move(b), "model_overview", "1.0.0");
}

// pandas describe() (std with ddof=1) and value_counts() on adult_test_scored.csv.
Insight DataExplorer() {
  InsightBuilder b;
  b.AddMetric("Rows analysed", "rows", 10054);
  b.AddTable(
      "Numeric features", {"Feature", "Count", "Missing", "Mean", "Std", "Min", "25%", "Median", "75%", "Max"},
      {
          {std::string("age"), 10054.0, 0.0, 38.491943505072605, 13.202494600073328, 17.0, 28.0, 37.0, 47.0, 90.0},
          {std::string("fnlwgt"), 10054.0, 0.0, 189239.71275114382, 105149.87482175141, 14878.0, 117535.75, 178482.5,
           237507.5, 1268339.0},
          {std::string("education-num"), 10054.0, 0.0, 10.129799084941316, 2.55027265194119, 1.0, 9.0, 10.0, 13.0,
           16.0},
          {std::string("capital-gain"), 10054.0, 0.0, 1069.9097871493932, 7325.140068510176, 0.0, 0.0, 0.0, 0.0,
           99999.0},
          {std::string("capital-loss"), 10054.0, 0.0, 87.16481002586035, 399.8248892925999, 0.0, 0.0, 0.0, 0.0, 3770.0},
          {std::string("hours-per-week"), 10054.0, 0.0, 41.05719116769445, 11.821284820246957, 1.0, 40.0, 40.0, 45.0,
           99.0},
      })
      .SetRole(glassbox::v1::FIVE_NUMBER_SUMMARY)
      .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE)
      .SetColumnRole(5, glassbox::v1::COLUMN_MINIMUM)
      .SetColumnRole(6, glassbox::v1::COLUMN_FIRST_QUARTILE)
      .SetColumnRole(7, glassbox::v1::COLUMN_MEDIAN)
      .SetColumnRole(8, glassbox::v1::COLUMN_THIRD_QUARTILE)
      .SetColumnRole(9, glassbox::v1::COLUMN_MAXIMUM);
  const std::vector<std::tuple<const char*, const char*, double>> categories = {
      {"workclass", "Private", 7428},
      {"workclass", "Self-emp-not-inc", 840},
      {"workclass", "Local-gov", 674},
      {"workclass", "State-gov", 405},
      {"workclass", "Self-emp-inc", 377},
      {"workclass", "Federal-gov", 325},
      {"workclass", "Without-pay", 5},
      {"education", "HS-grad", 3319},
      {"education", "Some-college", 2208},
      {"education", "Bachelors", 1696},
      {"education", "Masters", 542},
      {"education", "Assoc-voc", 434},
      {"education", "11th", 367},
      {"education", "Assoc-acdm", 311},
      {"education", "10th", 244},
      {"education", "7th-8th", 190},
      {"education", "Prof-school", 189},
      {"education", "(6 other categories)", 554},
      {"marital-status", "Married-civ-spouse", 4644},
      {"marital-status", "Never-married", 3267},
      {"marital-status", "Divorced", 1425},
      {"marital-status", "Separated", 295},
      {"marital-status", "Widowed", 281},
      {"marital-status", "Married-spouse-absent", 138},
      {"marital-status", "Married-AF-spouse", 4},
      {"occupation", "Prof-specialty", 1363},
      {"occupation", "Craft-repair", 1334},
      {"occupation", "Exec-managerial", 1333},
      {"occupation", "Adm-clerical", 1274},
      {"occupation", "Sales", 1224},
      {"occupation", "Other-service", 1043},
      {"occupation", "Machine-op-inspct", 664},
      {"occupation", "Transport-moving", 510},
      {"occupation", "Handlers-cleaners", 453},
      {"occupation", "Farming-fishing", 325},
      {"occupation", "(4 other categories)", 531},
      {"relationship", "Husband", 4119},
      {"relationship", "Not-in-family", 2633},
      {"relationship", "Own-child", 1468},
      {"relationship", "Unmarried", 1065},
      {"relationship", "Wife", 451},
      {"relationship", "Other-relative", 318},
      {"race", "White", 8679},
      {"race", "Black", 900},
      {"race", "Asian-Pac-Islander", 295},
      {"race", "Amer-Indian-Eskimo", 101},
      {"race", "Other", 79},
      {"sex", "Male", 6767},
      {"sex", "Female", 3287},
      {"native-country", "United-States", 9119},
      {"native-country", "Mexico", 216},
      {"native-country", "Philippines", 69},
      {"native-country", "Canada", 43},
      {"native-country", "Cuba", 41},
      {"native-country", "El-Salvador", 41},
      {"native-country", "Germany", 38},
      {"native-country", "Dominican-Republic", 36},
      {"native-country", "England", 31},
      {"native-country", "Puerto-Rico", 31},
      {"native-country", "(31 other categories)", 389},
  };
  std::vector<std::vector<Cell>> rows;
  for (const auto& [feature, category, count] : categories) {
    rows.push_back({std::string(feature), std::string(category), count, count / 10054.0});
  }
  b.AddTable("Categorical features", {"Feature", "Category", "Count", "Share"}, rows)
      .SetRole(glassbox::v1::CATEGORY_COUNTS)
      .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE)
      .SetColumnRole(1, glassbox::v1::COLUMN_LABEL)
      .SetColumnRole(2, glassbox::v1::COLUMN_COUNT);
  b.AddBarChart("Label distribution (income)", {"<=50K", ">50K"}, {{"rows", {7551, 2503}}}, "income", "rows")
      .SetRole(glassbox::v1::CATEGORY_DISTRIBUTION)
      .SetFeature("income");
  b.AddTable("Cohort sizes", {"Cohort", "Filter", "Rows", "Share of dataset"},
             {{std::string("Young (age < 30)"), std::string("age < 30"), 2933.0, 2933.0 / 10054},
              {std::string("Senior (age >= 60)"), std::string("age >= 60"), 725.0, 725.0 / 10054}})
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
      .SetColumnRole(2, glassbox::v1::COLUMN_COUNT);
  return Finish(std::move(b), "data_explorer", "1.0.0");
}

// Error rates of these cohorts: pandas on adult_test_scored.csv, error = (prediction != income).
Insight ErrorAnalysis() {
  InsightBuilder b;
  b.AddMetric("Overall error_rate", "error_rate", 0.13298189775213845);
  b.AddTable("Error tree leaves, worst first", {"Cohort", "Rows", "Errors", "Error rate", "Error coverage"},
             {
                 {std::string("marital-status == Married-civ-spouse AND capital-gain < 5000"), 4258.0, 1100.0,
                  0.25833724753405357, 1100.0 / 1337},
                 {std::string("relationship == Wife"), 451.0, 116.0, 0.2572062084257206, 116.0 / 1337},
                 {std::string("marital-status == Never-married"), 3267.0, 106.0, 0.032445668809305175, 106.0 / 1337},
                 {std::string("age < 25"), 1632.0, 16.0, 0.00980392156862745, 16.0 / 1337},
                 {std::string("relationship == Own-child"), 1468.0, 12.0, 0.008174386920980926, 12.0 / 1337},
             })
      .SetRole(glassbox::v1::COHORT_PATHS)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
      .SetColumnRole(1, glassbox::v1::COLUMN_COUNT);
  b.AddText(
      "Worst cohort",
      "marital-status == Married-civ-spouse AND capital-gain < 5000: error_rate 0.2583 over 4258 rows (errors 1100, "
      "82.3% of the total)");
  b.AddText("Best cohort",
            "relationship == Own-child: error_rate 0.008174 over 1468 rows (errors 12, 0.9% of the total)");
  return Finish(std::move(b), "error_analysis", "1.0.0");
}

// python xgboost 1.7.4 Booster.predict(pred_contribs=True) with adult_xgb.json on
// adult_test_scored.csv: mean |SHAP| per feature.
Insight Explanations() {
  InsightBuilder b;
  b.AddBarChart("Global importance (mean |SHAP value|)",
                {"age", "marital-status", "native-country", "relationship", "capital-gain", "occupation", "education",
                 "hours-per-week", "fnlwgt", "capital-loss", "sex", "workclass", "race", "education-num"},
                {{"mean |SHAP value|",
                  {0.830587, 0.788191, 0.70543, 0.649439, 0.551869, 0.525989, 0.509803, 0.394466, 0.199685, 0.163876,
                   0.131438, 0.120134, 0.073968, 0.061032}}},
                "", "Mean absolute contribution to the log-odds of >50K")
      .SetRole(glassbox::v1::FEATURE_IMPORTANCE);
  b.AddText("Method", "Exact TreeSHAP over the XGBoost model's 100 trees, averaged over the 10,054 rows.");
  return Finish(std::move(b), "explanations", "1.0.0");
}

// A disparity as the fairness plugin reports it: "<measure> difference (<feature>)", typed.
void AddDisparity(InsightBuilder& b, const std::string& title, const std::string& measure,
                  glassbox::v1::Aggregate aggregate, const std::string& feature, double value) {
  const std::string kind = aggregate == glassbox::v1::AGGREGATE_RATIO ? "ratio" : "difference";
  b.AddMetric(absl::StrCat(title, " ", kind, " (", feature, ")"), absl::StrCat(measure, " ", kind, " (", feature, ")"),
              value)
      .SetDisplayName(absl::StrCat(title, " ", kind))
      .SetFeature(feature)
      .SetAggregate(aggregate, measure);
}

// Group values: sklearn accuracy_score and mean(prediction == '>50K') per group;
// difference = max - min, ratio = min / max over groups (Fairlearn MetricFrame's between_groups).
Insight Fairness() {
  InsightBuilder b;
  b.AddTable("Metrics by sex", {"sex", "Accuracy", "Selection rate"},
             {{std::string("Female"), 0.9327654396105871, 0.08122908427137207},
              {std::string("Male"), 0.835082015664253, 0.27412442736810994}})
      .SetRole(glassbox::v1::PER_GROUP_METRICS)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
      .SetFeature("sex");
  b.AddBarChart("Selection rate by sex", {"Female", "Male"},
                {{"selection_rate", {0.08122908427137207, 0.27412442736810994}}}, "sex", "Selection rate")
      .SetFeature("sex");
  AddDisparity(b, "Accuracy", "accuracy_score", glassbox::v1::AGGREGATE_DIFFERENCE, "sex", 0.09768342394633411);
  AddDisparity(b, "Accuracy", "accuracy_score", glassbox::v1::AGGREGATE_RATIO, "sex", 0.8952754681958252);
  AddDisparity(b, "Selection rate", "selection_rate", glassbox::v1::AGGREGATE_DIFFERENCE, "sex", 0.19289534309673786);
  AddDisparity(b, "Selection rate", "selection_rate", glassbox::v1::AGGREGATE_RATIO, "sex", 0.296321947851415);
  b.AddTable("Metrics by race", {"race", "Accuracy", "Selection rate"},
             {{std::string("Amer-Indian-Eskimo"), 0.9306930693069307, 0.06930693069306931},
              {std::string("Asian-Pac-Islander"), 0.8101694915254237, 0.21016949152542372},
              {std::string("Black"), 0.9222222222222223, 0.10777777777777778},
              {std::string("Other"), 0.9620253164556962, 0.0379746835443038},
              {std::string("White"), 0.8616200023044129, 0.2250259246456965}})
      .SetRole(glassbox::v1::PER_GROUP_METRICS)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
      .SetFeature("race");
  AddDisparity(b, "Accuracy", "accuracy_score", glassbox::v1::AGGREGATE_DIFFERENCE, "race", 0.1518558249302725);
  AddDisparity(b, "Selection rate", "selection_rate", glassbox::v1::AGGREGATE_DIFFERENCE, "race", 0.1870512411013927);
  return Finish(std::move(b), "fairness", "1.0.0");
}

// numpy least squares of (income == '>50K') on age, hours-per-week, education-num,
// capital-gain, sex and marital-status dummies; HC0 standard errors; 95% CI = coef ± 1.959964 se.
Insight Causal() {
  InsightBuilder b;
  b.AddTable(
      "Average treatment effects on P(income >50K)",
      {"Treatment", "Effect", "Std. error", "CI lower (95%)", "CI upper (95%)"},
      {{std::string("hours-per-week"), 0.0026212311298800073, 0.0003295452674697493, 0.0019753342692689275,
        0.003267127990491087},
       {std::string("education-num"), 0.04696639718319698, 0.001438026931860593, 0.04414791616571977,
        0.04978487820067419},
       {std::string("age"), 0.003254152051114073, 0.00033287712485575207, 0.002601724869973294, 0.003906579232254853}})
      .SetRole(glassbox::v1::INTERVALS)
      .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE)
      .SetColumnRole(1, glassbox::v1::COLUMN_ESTIMATE)
      .SetColumnRole(3, glassbox::v1::COLUMN_LOWER_BOUND)
      .SetColumnRole(4, glassbox::v1::COLUMN_UPPER_BOUND);
  b.AddText("Reading the effects",
            "One more unit of the treatment (an hour a week, a year of education) changes the "
            "probability of earning over 50K by the effect, other features held fixed.");
  return Finish(std::move(b), "causal", "0.9.0");
}

// A platform team's plugin, known to the scorecard only through its blocks.
Insight DriftMonitor() {
  InsightBuilder b;
  b.AddMetric("Largest population stability index", "psi_max", 0.08, "", Target("<=0.1"));
  b.AddLineChart(
      "Population stability index by month", {"Jan", "Feb", "Mar", "Apr", "May", "Jun"},
      {{"age", {0.01, 0.02, 0.02, 0.04, 0.05, 0.08}}, {"hours-per-week", {0.02, 0.01, 0.03, 0.03, 0.02, 0.04}}},
      "Month of 2025", "PSI");
  b.AddText("Interpretation", "A PSI under 0.1 means the feature's distribution has not shifted materially.");
  return Finish(std::move(b), "drift_monitor", "0.3.1");
}

glassbox::v1::Dataset Dataset() {
  glassbox::v1::Dataset dataset;
  dataset.set_id("ds-53573601");
  dataset.set_display_name("adult_test_scored.csv");
  dataset.set_sha256(kDatasetSha256);
  dataset.set_size_bytes(kDatasetBytes);
  dataset.set_row_count(10054);
  const std::vector<std::pair<const char*, glassbox::v1::ColumnType>> columns = {
      {"age", glassbox::v1::NUMERIC},
      {"workclass", glassbox::v1::CATEGORICAL},
      {"fnlwgt", glassbox::v1::NUMERIC},
      {"education", glassbox::v1::CATEGORICAL},
      {"education-num", glassbox::v1::NUMERIC},
      {"marital-status", glassbox::v1::CATEGORICAL},
      {"occupation", glassbox::v1::CATEGORICAL},
      {"relationship", glassbox::v1::CATEGORICAL},
      {"race", glassbox::v1::CATEGORICAL},
      {"sex", glassbox::v1::CATEGORICAL},
      {"capital-gain", glassbox::v1::NUMERIC},
      {"capital-loss", glassbox::v1::NUMERIC},
      {"hours-per-week", glassbox::v1::NUMERIC},
      {"native-country", glassbox::v1::CATEGORICAL},
      {"income", glassbox::v1::CATEGORICAL},
      {"probability", glassbox::v1::NUMERIC},
      {"prediction", glassbox::v1::CATEGORICAL},
  };
  for (const auto& [name, type] : columns) {
    auto* column = dataset.add_columns();
    column->set_name(name);
    column->set_type(type);
  }
  dataset.mutable_create_time()->set_seconds(1750750000);
  dataset.set_creator("maria.lopez@example.com");
  return dataset;
}

glassbox::v1::Run Run() {
  glassbox::v1::Run run;
  run.set_id(kRunId);
  auto* spec = run.mutable_spec();
  spec->set_dataset_id("ds-53573601");
  spec->set_target_column("income");
  spec->set_task(glassbox::v1::BINARY_CLASSIFICATION);
  spec->mutable_predictions()->set_prediction_column("prediction");
  spec->mutable_predictions()->add_probability_columns("probability");
  spec->set_positive_class(">50K");
  spec->set_display_name("Income classifier 2.1 release review");
  for (const auto& [name, filter] :
       {std::pair{"Young (age < 30)", "age < 30"}, std::pair{"Senior (age >= 60)", "age >= 60"}}) {
    auto* cohort = spec->add_cohorts();
    cohort->set_name(name);
    cohort->set_filter(filter);
  }
  // The sections as the built-in plugins declare them (AnalyzerScorecardTest checks the real ones).
  const std::vector<std::tuple<const char*, const char*, glassbox::v1::ScorecardSection>> analyzers = {
      {"model_overview", "1.0.0", glassbox::v1::SCORECARD_SECTION_PERFORMANCE},
      {"data_explorer", "1.0.0", glassbox::v1::SCORECARD_SECTION_DATA},
      {"error_analysis", "1.0.0", glassbox::v1::SCORECARD_SECTION_COHORTS},
      {"explanations", "1.0.0", glassbox::v1::SCORECARD_SECTION_IMPORTANCE},
      {"fairness", "1.0.0", glassbox::v1::SCORECARD_SECTION_FAIRNESS},
      {"causal", "0.9.0", glassbox::v1::SCORECARD_SECTION_CAUSAL},
      {"counterfactuals", "1.0.0", glassbox::v1::SCORECARD_SECTION_UNSPECIFIED},
      {"drift_monitor", "0.3.1", glassbox::v1::SCORECARD_SECTION_UNSPECIFIED},
  };
  for (const auto& [analyzer, version, section] : analyzers) {
    spec->add_analyses()->set_analyzer(analyzer);
    auto* status = run.add_analyses();
    status->set_analyzer(analyzer);
    status->set_analyzer_version(version);
    status->set_section(section);
    status->set_progress(1);
    if (std::string(analyzer) == "counterfactuals") {
      status->set_state(glassbox::v1::ANALYSIS_FAILED);
      status->set_error(kCounterfactualsError);
    } else {
      status->set_state(glassbox::v1::ANALYSIS_SUCCEEDED);
      status->set_insight_id(std::string("ins-") + analyzer);
    }
  }
  run.set_state(glassbox::v1::FAILED);
  run.set_error("1 of 8 analyses failed");
  run.mutable_create_time()->set_seconds(1750756800);
  run.mutable_start_time()->set_seconds(1750756801);
  run.mutable_end_time()->set_seconds(1750756812);
  run.set_creator("maria.lopez@example.com");
  return run;
}

}  // namespace

std::string AdultConfigJson() {
  return R"json({
  "Model": {
    "ModelName": "Income classifier",
    "ModelType": "Classification",
    "ModelSummary": "Predicts whether a person's yearly income exceeds $50K from census attributes."
  },
  "Metrics": {
    "accuracy_score": {"threshold": ">=0.85"},
    "precision_score": {"threshold": ">= 0.75"},
    "recall_score": {"threshold": ">=0.7"},
    "f1_score": {}
  },
  "FeatureImportance": {"top_n": 6},
  "DataExplorer": {"features": ["age", "hours-per-week", "education", "sex"]},
  "Fairness": {
    "metric": ["accuracy_score", "selection_rate"],
    "sensitive_features": ["sex"],
    "fairness_evaluation_kind": "difference",
    "threshold": "<=0.1"
  },
  "Cohorts": ["Young (age < 30)", "Senior (age >= 60)"],
  "Causal": {"treatments": ["hours-per-week", "education-num"]}
})json";
}

ScorecardInput AdultScorecardInput() {
  ScorecardInput input;
  input.run = Run();
  input.dataset = Dataset();
  input.insights = {ModelOverview(), DataExplorer(), ErrorAnalysis(), Explanations(),
                    Fairness(),      Causal(),       DriftMonitor()};
  auto config = ParseScorecardConfig(AdultConfigJson());
  if (!config.ok()) {
    std::fprintf(stderr, "sample scorecard config refused: %s\n", config.status().ToString().c_str());
    std::abort();
  }
  input.config = *std::move(config);
  input.model = {
      .name = "income-xgb",
      .version = "2.1.0",
      .intended_use =
          "Ranking marketing leads by likely income bracket. Not for decisions on credit, employment, "
          "housing or insurance.",
      .architecture =
          "XGBoost 1.7.4 gradient-boosted trees: 100 trees of depth 6, hist method, native categorical splits",
      .training_data =
          "adult_train.csv: 20,108 rows of the 1994 US Census extract (UCI Adult), a stratified two thirds",
      .evaluation_data = "adult_test_scored.csv: the held-out 10,054 rows",
      .owner = "Growth analytics team (analytics-owners@example.com)",
      .notes = "Recall on the >50K class is below target; see Model performance.",
  };
  input.issue_time = absl::FromCivil(absl::CivilSecond(2025, 6, 24, 9, 30, 0), absl::UTCTimeZone());
  return input;
}

}  // namespace glassbox::scorecard::testing
