// The robustness plugin through a real glassboxd on Adult with the XGBoost
// model, to the PDF scorecard. Every flipped row is rebuilt from the payload's
// changes and scored here by libxgboost's model (tests/support/adult_model.h);
// perturbation sizes, the success rate and the medians are recomputed here
// from the changes and the data's ranges; the rows a single change of sex or
// race flips are checked by scoring every such change here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "glassbox/v1/analyses/robustness.pb.h"
#include "tests/daemon/scorecard/pdf_tools.h"
#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

namespace analyses = glassbox::v1::analyses;
using ::testing::HasSubstr;

constexpr char kConfig[] = R"({"Model": {"ModelName": "Adult income", "ModelType": "Classification"}})";
constexpr char kParams[] = R"({"sample_size": 60, "seed": 1, "immutable_features": ["sex", "race", "native-country"],
    "sensitive_features": ["sex", "race"], "epsilon": 0.1})";

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

class RobustnessAdultTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    daemon_ = new DaemonProcess();
    ASSERT_TRUE(daemon_->running());
    glassbox::v1::Dataset adult, scored;
    ASSERT_TRUE(UploadFile(daemon_->stub(), DatasetPath("adult.csv"), &adult).ok());
    ASSERT_TRUE(UploadFile(daemon_->stub(), DatasetPath("adult_test_scored.csv"), &scored).ok());
    glassbox::v1::ModelVersion model;
    grpc::ClientContext context;
    ASSERT_TRUE(daemon_->stub().RegisterModel(&context, AdultModelRequest("adult-xgb", adult.id()), &model).ok());
    glassbox::v1::RunSpec spec = AdultRunSpec(scored.id(), {"model_overview"}, "adult-xgb");
    glassbox::v1::AnalysisSpec& analysis = *spec.add_analyses();
    analysis.set_analyzer("robustness");
    *analysis.mutable_params() = ParseParams(kParams);
    spec.set_scorecard_config(kConfig);
    glassbox::v1::Run run = CreateRunAndWait(daemon_->stub(), spec);
    ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
    ASSERT_EQ(run.analyses_size(), 2);
    insight_ = new glassbox::v1::Insight(FetchInsight(daemon_->stub(), run.analyses(1).insight_id()));
    pdf_ = new std::string(Scorecard(run.scorecard_id()));
    table_ = new sdk::Table(ReadCsvFile(DatasetPath("adult_test_scored.csv")));
    model_ = LoadAdultModel().release();
  }
  static void TearDownTestSuite() {
    delete model_;
    delete table_;
    delete pdf_;
    delete insight_;
    delete daemon_;
  }

  static std::string Scorecard(const std::string& id) {
    grpc::ClientContext context;
    glassbox::v1::GetScorecardRequest request;
    request.set_id(id);
    auto reader = daemon_->stub().GetScorecard(&context, request);
    glassbox::v1::ScorecardChunk chunk;
    std::string pdf;
    while (reader->Read(&chunk)) pdf += chunk.data();
    EXPECT_TRUE(reader->Finish().ok());
    return pdf;
  }

  static analyses::Robustness Payload() {
    analyses::Robustness payload;
    EXPECT_TRUE(insight_->payload().UnpackTo(&payload));
    return payload;
  }

  // Row `row` of the table with `changes` made, as a one-row table.
  static sdk::Table Rebuild(int64_t row, const std::map<std::string, analyses::FeatureValue>& changes) {
    const size_t index = static_cast<size_t>(row);
    sdk::Table one = table_->SelectRows(std::span<const size_t>(&index, 1));
    for (const auto& [name, value] : changes) {
      const sdk::Column* column = one.Find(name);
      EXPECT_NE(column, nullptr) << name;
      if (column->is_numeric()) {
        EXPECT_TRUE(one.ReplaceColumn(sdk::Column::Numeric(name, {value.number()})).ok());
      } else {
        const std::optional<int32_t> code = column->CodeOf(value.category());
        EXPECT_TRUE(code.has_value()) << value.category();
        EXPECT_TRUE(one.ReplaceColumn(sdk::Column::Categorical(name, column->categories(), {code.value_or(-1)})).ok());
      }
    }
    return one;
  }

  static std::string ClassOf(const sdk::Table& one) {
    auto scores = model_->Predict(one);
    EXPECT_TRUE(scores.ok()) << scores.status();
    return scores.ok() && (*scores)(0, 1) >= 0.5 ? ">50K" : "<=50K";
  }

  static DaemonProcess* daemon_;
  static glassbox::v1::Insight* insight_;
  static std::string* pdf_;
  static sdk::Table* table_;
  static sdk::Model* model_;
};

DaemonProcess* RobustnessAdultTest::daemon_ = nullptr;
glassbox::v1::Insight* RobustnessAdultTest::insight_ = nullptr;
std::string* RobustnessAdultTest::pdf_ = nullptr;
sdk::Table* RobustnessAdultTest::table_ = nullptr;
sdk::Model* RobustnessAdultTest::model_ = nullptr;

TEST_F(RobustnessAdultTest, EveryFlipIsConfirmedByTheModelWithinTheRangesAndBesideTheImmutableFeatures) {
  const analyses::Robustness payload = Payload();
  ASSERT_EQ(payload.rows_size(), 60);
  const std::set<std::string> immutable = {"sex", "race", "native-country"};
  std::map<std::string, double> scales;
  for (const auto& feature : payload.features()) {
    EXPECT_EQ(feature.movable(), !immutable.count(feature.name())) << feature.name();
    if (feature.categorical()) continue;
    const auto& values = table_->Find(feature.name())->values();
    const auto [min, max] = std::minmax_element(values.begin(), values.end());
    EXPECT_EQ(feature.low(), *min);
    EXPECT_EQ(feature.high(), *max);
    scales[feature.name()] = *max > *min ? *max - *min : 1.0;
    EXPECT_EQ(feature.scale(), scales[feature.name()]);
  }
  std::vector<double> sizes;
  int within = 0, flipped = 0;
  for (const auto& row : payload.rows()) {
    EXPECT_EQ(row.predicted_class(), ClassOf(Rebuild(row.row(), {}))) << "row " << row.row();
    if (row.outcome() != analyses::FLIPPED) continue;
    ++flipped;
    std::map<std::string, analyses::FeatureValue> changes;
    double squares = 0;
    int categorical = 0;
    for (const auto& change : row.changes()) {
      EXPECT_FALSE(immutable.count(change.feature())) << change.feature() << " is immutable";
      changes[change.feature()] = change.counterfactual();
      const sdk::Column& column = *table_->Find(change.feature());
      if (column.is_numeric()) {
        EXPECT_EQ(change.original().number(), column.values()[static_cast<size_t>(row.row())]);
        const double value = change.counterfactual().number();
        const auto [min, max] = std::minmax_element(column.values().begin(), column.values().end());
        EXPECT_GE(value, *min) << change.feature();
        EXPECT_LE(value, *max) << change.feature();
        const double delta = (value - change.original().number()) / scales[change.feature()];
        squares += delta * delta;
      } else {
        EXPECT_TRUE(column.CodeOf(change.counterfactual().category()).has_value());
        ++categorical;
      }
    }
    const std::string adversarial = ClassOf(Rebuild(row.row(), changes));
    EXPECT_NE(adversarial, row.predicted_class()) << "row " << row.row() << " is not flipped by its changes";
    EXPECT_EQ(adversarial, row.adversarial_class());
    EXPECT_EQ(row.categorical_changes(), categorical);
    EXPECT_NEAR(row.numeric_l2(), std::sqrt(squares), 1e-12);
    EXPECT_NEAR(row.perturbation(), std::sqrt(squares + categorical), 1e-12);
    EXPECT_EQ(row.within_budget(), row.perturbation() <= 0.1);
    EXPECT_LE(row.model_queries(), 20000 + 1) << "the budget, plus the final check of the flipped row";
    within += row.within_budget() ? 1 : 0;
    sizes.push_back(row.perturbation());
  }
  ASSERT_GT(flipped, 0);
  EXPECT_DOUBLE_EQ(payload.flip_rate(), flipped / 60.0);
  EXPECT_DOUBLE_EQ(payload.success_rate(), within / 60.0);
  EXPECT_DOUBLE_EQ(payload.median_perturbation(), Median(sizes));
  std::cout << "Adult, XGBoost, 60 rows: attack success rate within 0.1 = " << payload.success_rate()
            << ", flipped at all = " << payload.flip_rate()
            << ", median perturbation = " << payload.median_perturbation() << "\n";
  for (const auto& feature : payload.per_feature()) {
    std::cout << "  " << feature.feature() << ": median |change| " << feature.median_absolute_change()
              << ", share changed " << feature.share_changed() << "\n";
  }
  for (const auto& noise : payload.noise()) {
    std::cout << "  noise " << noise.scale() << ": stability " << noise.stability() << "\n";
  }
}

TEST_F(RobustnessAdultTest, TheRowsASingleSensitiveChangeFlipsAreExactlyThoseTheModelSays) {
  const analyses::Robustness payload = Payload();
  std::map<std::pair<int64_t, std::string>, analyses::SensitiveFlip> listed;
  for (const auto& flip : payload.sensitive_flips()) listed[{flip.row(), flip.feature()}] = flip;
  int checked = 0;
  for (const auto& row : payload.rows()) {
    for (const std::string feature : {"sex", "race"}) {
      const sdk::Column& column = *table_->Find(feature);
      // The first category, in sorted order, that flips the class alone.
      std::optional<std::string> first;
      for (const auto& category : column.categories()) {
        if (category == column.ValueAsString(static_cast<size_t>(row.row()))) continue;
        analyses::FeatureValue value;
        value.set_category(category);
        if (ClassOf(Rebuild(row.row(), {{feature, value}})) != row.predicted_class()) {
          first = category;
          break;
        }
        ++checked;
      }
      const auto at = listed.find({row.row(), feature});
      ASSERT_EQ(at != listed.end(), first.has_value()) << "row " << row.row() << " " << feature;
      if (first) {
        EXPECT_EQ(at->second.changed().category(), *first);
        EXPECT_EQ(at->second.original().category(), column.ValueAsString(static_cast<size_t>(row.row())));
        EXPECT_NE(at->second.new_class(), row.predicted_class());
      }
    }
  }
  EXPECT_GT(checked, 0);
  std::set<int64_t> rows;
  for (const auto& flip : payload.sensitive_flips()) rows.insert(flip.row());
  std::cout << rows.size() << " of 60 rows (" << payload.sensitive_flips_size()
            << " row-feature pairs) flipped by one change of sex or race\n";
}

TEST_F(RobustnessAdultTest, TheScorecardHasARobustnessSectionThatRenders) {
  const std::string path = scorecard::testing::WriteTempFile("robustness_adult.pdf", *pdf_);
  const std::vector<std::string> pages = scorecard::testing::PdfTextPages(path);
  int page = -1;
  for (size_t i = 0; i < pages.size(); ++i) {
    if (absl::StrContains(pages[i], "Results of the robustness analysis")) page = static_cast<int>(i);
  }
  ASSERT_GE(page, 0) << "no Robustness section";
  const std::string& text = pages[page];
  EXPECT_THAT(text, HasSubstr("Robustness"));
  EXPECT_THAT(text, HasSubstr("Attack success rate"));
  EXPECT_THAT(text, HasSubstr("median_perturbation"));
  EXPECT_THAT(text, HasSubstr("noise_stability (scale 0.05)"));
  EXPECT_THAT(text, HasSubstr("Most fragile rows"));
  const std::vector<scorecard::testing::Raster> rasters = scorecard::testing::RasterizePages(path, 50);
  ASSERT_EQ(rasters.size(), pages.size());
  EXPECT_GT(rasters[page].InkedPixels(), 1000);
  std::cout << "scorecard: " << path << ", robustness section on page " << page + 1 << "\n";
}

}  // namespace
}  // namespace glassbox::testing
