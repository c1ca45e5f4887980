// The archived PDF as a reader and an archive tool see it, through a real
// daemon: poppler parses it without a complaint, its text copies out as
// written, metrics are named in words beside their machine names with what
// they measure, small cohorts are flagged wherever their metrics appear, the
// last page is not near-empty, confidence intervals are drawn as error bars,
// and a binary run says which class its probability column is read as.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "daemon/scorecard/style.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"
#include "tests/support/shell.h"

namespace glassbox::testing {
namespace {

using ::glassbox::scorecard::Color;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// adult_test_scored.csv, counted with awk over the file's columns age (1),
// income (15) and prediction (17): age < 25 has 1,632 rows, 1,616 predicted
// right (accuracy 0.9902); age > 88 has 12 rows, 9 right (0.7500). The whole
// file: scikit-learn's accuracy_score 0.8670 and f1_score 0.7109; Fairlearn's
// demographic parity difference over sex 0.1929.
constexpr char kAdultConfig[] = R"({
  "Model": {"ModelName": "Adult income", "ModelType": "Classification"},
  "Metrics": {"accuracy_score": {"threshold": ">=0.85"}, "f1_score": {"threshold": ">=0.75"}},
  "FeatureImportance": {"top_n": 5},
  "Cohorts": ["Young", "Tiny"],
  "Fairness": {"metric": ["selection_rate"], "sensitive_features": ["sex"],
               "fairness_evaluation_kind": "difference", "threshold": "<=0.2"}
})";

// 200 rows: size = 10 + i % 50, region = "ABCD"[i % 4], price = 3 size + 10,
// predicted_price = price + (-2, -1, 0, 1, 2)[i % 5]. By hand: the absolute
// errors average 1.2 and the squared ones 2; price's variance is 9 (50² - 1)/12
// = 1874.25, so R² = 1 - 2/1874.25 = 0.9989. size < 12 selects i % 50 in
// {0, 1}: 8 rows with errors -2 and -1, mean absolute error 1.5.
std::string RegressionCsv() {
  std::string csv = "size,region,price,predicted_price\n";
  const int residuals[] = {-2, -1, 0, 1, 2};
  for (int i = 0; i < 200; ++i) {
    const int size = 10 + i % 50;
    const int price = 3 * size + 10;
    absl::StrAppend(&csv, size, ",", std::string(1, "ABCD"[i % 4]), ",", price, ",", price + residuals[i % 5], "\n");
  }
  return csv;
}

constexpr char kRegressionConfig[] = R"({
  "Model": {"ModelName": "House prices", "ModelType": "Regression"},
  "Metrics": {"mean_absolute_error": {"threshold": "<=1.5"}, "r2_score": {"threshold": ">=0.9"}},
  "Cohorts": ["Small", "Region A"]
})";

glassbox::v1::Cohort Cohort(const std::string& name, const std::string& filter) {
  glassbox::v1::Cohort cohort;
  cohort.set_name(name);
  cohort.set_filter(filter);
  return cohort;
}

void AddAnalysis(glassbox::v1::RunSpec& spec, const std::string& analyzer, const std::string& list_param = "",
                 const std::string& value = "") {
  auto* analysis = spec.add_analyses();
  analysis->set_analyzer(analyzer);
  if (!list_param.empty()) {
    (*analysis->mutable_params()->mutable_fields())[list_param].mutable_list_value()->add_values()->set_string_value(
        value);
  }
}

class ScorecardPdfTest : public ::testing::Test {
 protected:
  explicit ScorecardPdfTest(std::vector<std::string> flags = {}) : daemon_(std::move(flags)) {}

  // Runs the Adult analyses with the model registered as version 1 and returns the card's path.
  std::string AdultCard() {
    glassbox::v1::Dataset adult, scored;
    EXPECT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult.csv"), &adult).ok());
    EXPECT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult_test_scored.csv"), &scored).ok());
    grpc::ClientContext context;
    glassbox::v1::ModelVersion model;
    EXPECT_TRUE(daemon_.stub().RegisterModel(&context, AdultModelRequest("adult-xgb", adult.id()), &model).ok());
    EXPECT_EQ(model.version(), "1");
    glassbox::v1::RunSpec spec = AdultRunSpec(scored.id(), {"model_overview", "error_analysis"}, "adult-xgb");
    AddAnalysis(spec, "explanations");
    AddAnalysis(spec, "fairness", "sensitive_features", "sex");
    *spec.add_cohorts() = Cohort("Young", "age < 25");
    *spec.add_cohorts() = Cohort("Tiny", "age > 88");
    spec.set_scorecard_config(kAdultConfig);
    return Card(spec);
  }

  std::string RegressionCard() {
    glassbox::v1::Dataset dataset;
    glassbox::v1::DatasetHeader header;
    header.set_display_name("houses.csv");
    EXPECT_TRUE(UploadBytes(daemon_.stub(), RegressionCsv(), &dataset, header).ok());
    glassbox::v1::RunSpec spec;
    spec.set_dataset_id(dataset.id());
    spec.set_target_column("price");
    spec.set_task(glassbox::v1::REGRESSION);
    spec.mutable_predictions()->set_prediction_column("predicted_price");
    AddAnalysis(spec, "model_overview");
    AddAnalysis(spec, "error_analysis");
    AddAnalysis(spec, "fairness", "sensitive_features", "region");
    *spec.add_cohorts() = Cohort("Small", "size < 12");
    *spec.add_cohorts() = Cohort("Region A", "region == A");
    spec.set_scorecard_config(kRegressionConfig);
    return Card(spec);
  }

  std::string Card(const glassbox::v1::RunSpec& spec) {
    run_ = CreateRunAndWait(daemon_.stub(), spec);
    EXPECT_EQ(run_.state(), glassbox::v1::SUCCEEDED) << run_.error();
    grpc::ClientContext context;
    glassbox::v1::GetScorecardRequest request;
    request.set_id(run_.scorecard_id());
    auto reader = daemon_.stub().GetScorecard(&context, request);
    glassbox::v1::ScorecardChunk chunk;
    std::string pdf;
    while (reader->Read(&chunk)) {
      if (chunk.has_scorecard()) page_count_ = chunk.scorecard().page_count();
      pdf += chunk.data();
    }
    EXPECT_TRUE(reader->Finish().ok());
    const std::string path = absl::StrCat(folder_.path(), "/card", ++cards_, ".pdf");
    std::ofstream(path, std::ios::binary) << pdf;
    return path;
  }

  // What poppler writes to standard error reading the file.
  static std::string PopplerComplaints(const std::string& path) {
    return RunShell("pdftotext " + path + " /dev/null 2>&1; pdffonts " + path + " 2>&1 >/dev/null").out;
  }

  static std::string PageText(const std::string& path, int page) {
    return RunShell(absl::StrCat("pdftotext -layout -f ", page, " -l ", page, " ", path, " - 2>/dev/null")).out;
  }

  static std::string Text(const std::string& path) {
    return RunShell("pdftotext -layout " + path + " - 2>/dev/null").out;
  }

  // A word pdftotext -bbox finds on a page, in points from the page's top left.
  struct Word {
    std::string text;
    double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
    double x_middle() const { return (x_min + x_max) / 2; }
  };

  static std::vector<Word> Words(const std::string& path, int page) {
    const std::string html =
        RunShell(absl::StrCat("pdftotext -bbox -f ", page, " -l ", page, " ", path, " - 2>/dev/null")).out;
    const std::regex word(R"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>)re");
    std::vector<Word> words;
    for (std::sregex_iterator it(html.begin(), html.end(), word), end; it != end; ++it) {
      words.push_back({(*it)[5].str(), std::stod((*it)[1].str()), std::stod((*it)[2].str()),
                       std::stod((*it)[3].str()), std::stod((*it)[4].str())});
    }
    return words;
  }

  static int PdfPages(const std::string& path) {
    const std::string info = RunShell("pdfinfo " + path + " 2>/dev/null").out;
    std::smatch pages;
    return std::regex_search(info, pages, std::regex(R"(Pages:\s+(\d+))")) ? std::stoi(pages[1].str()) : 0;
  }

  // A page rendered by pdftoppm at `dpi`: width, height and RGB triples row by row.
  struct Raster {
    int width = 0, height = 0;
    std::string rgb;
    bool Is(int x, int y, Color color) const {
      const size_t at = (static_cast<size_t>(y) * width + x) * 3;
      const auto near = [&](size_t i, float channel) {
        return std::abs(static_cast<uint8_t>(rgb[at + i]) - channel * 255) <= 24;
      };
      return near(0, color.r) && near(1, color.g) && near(2, color.b);
    }
  };

  static Raster Render(const std::string& path, int page, int dpi) {
    std::istringstream ppm(
        RunShell(absl::StrCat("pdftoppm -f ", page, " -l ", page, " -r ", dpi, " ", path, " 2>/dev/null")).out);
    Raster raster;
    std::string magic;
    int maxval = 0;
    ppm >> magic >> raster.width >> raster.height >> maxval;
    ppm.get();
    EXPECT_EQ(magic, "P6");
    raster.rgb.assign(std::istreambuf_iterator<char>(ppm), {});
    EXPECT_EQ(raster.rgb.size(), static_cast<size_t>(raster.width) * raster.height * 3);
    return raster;
  }

  // The first line holding every one of `parts`, or "".
  static std::string LineWith(const std::string& text, const std::vector<std::string>& parts) {
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      if (std::all_of(parts.begin(), parts.end(), [&](const std::string& p) { return absl::StrContains(line, p); })) {
        return std::string(line);
      }
    }
    return "";
  }

  TemporaryFolder folder_;
  DaemonProcess daemon_;
  // The run of the last card.
  glassbox::v1::Run run_;
  int page_count_ = 0;
  int cards_ = 0;
};

TEST_F(ScorecardPdfTest, TheAdultCardParsesCleanAndItsTextCopiesAsWritten) {
  const std::string card = AdultCard();
  EXPECT_THAT(PopplerComplaints(card), IsEmpty());
  const std::string fonts = RunShell("pdffonts " + card).out;
  EXPECT_THAT(fonts, HasSubstr("DejaVuSans"));
  // The plain text (no layout) copies the numbers and marks as the page shows them.
  const std::string plain = RunShell("pdftotext " + card + " - 2>/dev/null").out;
  EXPECT_THAT(plain, HasSubstr("Not all targets met: 2 of 3 met."));
  EXPECT_THAT(plain, HasSubstr("0.8670"));
  EXPECT_THAT(plain, HasSubstr("✓ PASS"));
  EXPECT_THAT(plain, HasSubstr("✗ FAIL"));
}

TEST_F(ScorecardPdfTest, MetricsAreNamedInWordsBesideTheirMachineNamesWithWhatTheyMeasure) {
  const std::string card = AdultCard();
  const std::string first = PageText(card, 1);
  EXPECT_NE(LineWith(first, {"Accuracy", "accuracy_score", "Share of predictions that are", "0.8670", ">= 0.85",
                             "✓ PASS"}),
            "");
  EXPECT_NE(LineWith(first, {"F1 score", "f1_score", "0.7109", ">= 0.75", "✗ FAIL"}), "");
  // Fairlearn's name for the selection rate's difference; the cell wraps after "Demographic".
  EXPECT_NE(LineWith(first, {"Demographic", "selection_rate difference (sex)", "Largest gap in selection rate", "0.1929",
                             "<= 0.2"}),
            "");
  const std::string text = Text(card);
  EXPECT_NE(LineWith(text, {"Metric", "Name", "What it measures", "Value"}), "");
  EXPECT_NE(LineWith(text, {"Accuracy", "accuracy_score", "Share of predictions that are correct", "0.8670"}), "");
  // The running header names the model without its bare version number ("Adult income 1").
  const std::string second = PageText(card, 2);
  EXPECT_THAT(second, HasSubstr("Adult income · Responsible AI scorecard"));
  EXPECT_THAT(second, Not(HasSubstr("Adult income 1")));
  // FeatureImportance.top_n is 5.
  EXPECT_THAT(text, HasSubstr("Top 5 features by mean |SHAP value|"));
}

TEST_F(ScorecardPdfTest, TheCohortsStandSideBySideAndASmallOneIsFlaggedWhereverItsMetricsAppear) {
  const std::string card = AdultCard();
  const std::string text = Text(card);
  EXPECT_THAT(text, Not(HasSubstr("No metrics were reported")));
  EXPECT_NE(LineWith(text, {"Metric", "Target", "All data", "Young", "Tiny ⚠ 12 rows"}), "");
  EXPECT_NE(LineWith(text, {"Rows", "10,054", "1,632", "12"}), "");
  EXPECT_NE(LineWith(text, {"Accuracy", ">= 0.85", "0.8670 ✓", "0.9902 ✓", "0.7500 ✗"}), "");
  // Under the default --min_cohort_rows of 30, in the side-by-side table and in model_overview's own.
  const std::string warning = "Cohort Tiny (12 rows) has fewer than 30 rows (glassboxd --min_cohort_rows)";
  EXPECT_THAT(text, HasSubstr(warning));
  EXPECT_NE(LineWith(text, {"Tiny ⚠ 12 rows", "12", "0.7500"}), "");
  EXPECT_THAT(text, Not(HasSubstr("Young ⚠")));
}

// adult_test_scored.csv's `probability` is P(>50K). With no positive class
// given it is read as the last label's; the run, `glassbox show` and the card
// say which, since the same column read as P(<=50K) would invert every
// threshold metric.
TEST_F(ScorecardPdfTest, TheRunStatesWhichClassASingleProbabilityColumnIsReadAs) {
  glassbox::v1::Dataset scored;
  ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult_test_scored.csv"), &scored).ok());
  glassbox::v1::RunSpec spec = AdultRunSpec(scored.id(), {"model_overview"});
  spec.clear_positive_class();
  spec.set_scorecard_config(R"({"Metrics": {"roc_auc_score": {"threshold": ">=0.8"}}})");
  const std::string card = Card(spec);
  EXPECT_EQ(run_.spec().positive_class(), ">50K");
  const std::string stated = "probability column 'probability' is read as P(income = '>50K')";
  CliResult shown = RunCli(daemon_.address(), {"show", run_.id()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("positive class '>50K' of income; " + stated));
  const std::string first = PageText(card, 1);
  EXPECT_NE(LineWith(first, {"Positive class", "'>50K' of income; column 'probability' is read as P(income ="}), "")
      << first;

  // Predicted labels alone: the card names the positive class and no column.
  glassbox::v1::RunSpec labels_only = AdultRunSpec(scored.id(), {"model_overview"});
  labels_only.set_positive_class("<=50K");
  labels_only.mutable_predictions()->clear_probability_columns();
  labels_only.set_scorecard_config(R"({"Metrics": {"accuracy_score": {"threshold": ">=0.8"}}})");
  const std::string second = PageText(Card(labels_only), 1);
  EXPECT_NE(LineWith(second, {"Positive class", "'<=50K' of income"}), "") << second;
  EXPECT_THAT(second, Not(HasSubstr("is read as")));
}

// page_fit.h lays a card out again when its last page would hold less than
// a quarter of a page's content; the Adult card must not end on such a page.
// Its lowest text (the footer and running header apart) says how full it is.
TEST_F(ScorecardPdfTest, TheAdultCardCountsItsPagesAndItsLastPageIsNotNearEmpty) {
  namespace style = ::glassbox::scorecard::style;
  const std::string card = AdultCard();
  ASSERT_GT(page_count_, 1);
  EXPECT_EQ(page_count_, PdfPages(card));
  const double content_top = style::kMarginTop;
  const double content_bottom = style::kPageHeight - style::kMarginBottom + style::kMaxPullBack;
  double lowest = content_top;
  for (const auto& word : Words(card, page_count_)) {
    if (word.y_min >= content_top && word.y_max <= content_bottom) lowest = std::max(lowest, word.y_max);
  }
  const double filled = (lowest - content_top) / (style::kPageHeight - style::kMarginTop - style::kMarginBottom);
  EXPECT_GE(filled, style::kNearEmptyLastPage) << "page " << page_count_ << " of " << page_count_ << ":\n"
                                               << PageText(card, page_count_);
}

// The causal effects' 95% intervals are drawn as error bars above their
// table: each treatment's label, then a bar from its CI lower to its CI upper
// bound on the axis its tick labels mark, a dot at the estimate, the axis
// titled by the estimate column. Checked on the words pdftotext places and
// the pixels pdftoppm draws, against the bounds in the run's insight.
TEST_F(ScorecardPdfTest, ACausalCardDrawsItsConfidenceIntervalsAsErrorBars) {
  glassbox::v1::Dataset scored;
  ASSERT_TRUE(UploadFile(daemon_.stub(), DatasetPath("adult_test_scored.csv"), &scored).ok());
  glassbox::v1::RunSpec spec = AdultRunSpec(scored.id(), {});
  AddAnalysis(spec, "causal", "treatments", "education-num");
  (*spec.mutable_analyses(0)->mutable_params()->mutable_fields())["treatments"]
      .mutable_list_value()
      ->add_values()
      ->set_string_value("sex");
  spec.set_scorecard_config(R"({"Model": {"ModelName": "Adult income"}, "Causal": {}})");
  const std::string card = Card(spec);
  EXPECT_THAT(PopplerComplaints(card), IsEmpty());

  struct Bounds {
    double estimate = 0, lower = 0, upper = 0;
  };
  std::map<std::string, Bounds> bounds;
  const glassbox::v1::Insight insight = FetchInsight(daemon_.stub(), run_.analyses(0).insight_id());
  for (const auto& block : insight.blocks()) {
    if (!block.has_table() || block.table().role() != glassbox::v1::INTERVALS) continue;
    const auto& table = block.table();
    auto column = [&](glassbox::v1::ColumnRole role) {
      return std::find(table.column_roles().begin(), table.column_roles().end(), role) - table.column_roles().begin();
    };
    for (const auto& row : table.rows()) {
      bounds[row.cells(column(glassbox::v1::COLUMN_FEATURE)).text()] = {
          row.cells(column(glassbox::v1::COLUMN_ESTIMATE)).number(),
          row.cells(column(glassbox::v1::COLUMN_LOWER_BOUND)).number(),
          row.cells(column(glassbox::v1::COLUMN_UPPER_BOUND)).number()};
    }
  }
  ASSERT_EQ(bounds.size(), 2u);

  int page = 0;
  for (int p = 1; p <= page_count_ && page == 0; ++p) {
    if (absl::StrContains(PageText(card, p), "Average treatment effects on P(income = >50K) (95% CI")) page = p;
  }
  ASSERT_GT(page, 0);
  // In page order: the plot's title, its labels, tick labels and axis title, then the table's header.
  const std::vector<Word> words = Words(card, page);
  auto first = [&](const std::string& text, double below) -> const Word* {
    for (const auto& word : words) {
      if (word.text == text && word.y_min > below) return &word;
    }
    return nullptr;
  };
  const Word* title = first("Average", 0);
  ASSERT_NE(title, nullptr);
  const Word* education = first("education-num", title->y_max);
  ASSERT_NE(education, nullptr);
  const Word* sex = first("sex", education->y_max);
  ASSERT_NE(sex, nullptr);
  const Word* axis = first("Effect", sex->y_max);
  ASSERT_NE(axis, nullptr);
  const Word* header = first("Treatment", axis->y_max);
  ASSERT_NE(header, nullptr) << "no table under the plot";
  std::vector<std::pair<double, double>> ticks;  // value, x
  for (const auto& word : words) {
    char* end = nullptr;
    const double value = std::strtod(word.text.c_str(), &end);
    if (end != word.text.c_str() && *end == '\0' && word.y_min > sex->y_max && word.y_max <= axis->y_min) {
      ticks.emplace_back(value, word.x_middle());
    }
  }
  ASSERT_GE(ticks.size(), 2u);
  std::sort(ticks.begin(), ticks.end());
  const auto [v0, x0] = ticks.front();
  const auto [v1, x1] = ticks.back();
  ASSERT_LT(v0, v1);
  auto x_of = [&](double v) { return x0 + (v - v0) * (x1 - x0) / (v1 - v0); };

  constexpr int kDpi = 144;
  constexpr double kPixels = kDpi / 72.0;
  const Raster raster = Render(card, page, kDpi);
  ASSERT_GT(raster.width, 0);
  const Color bar = ::glassbox::scorecard::style::kSeries[0];
  const Color dot = ::glassbox::scorecard::style::kAccent;
  for (const Word* label : {education, sex}) {
    SCOPED_TRACE(label->text);
    const Bounds& b = bounds.at(label->text);
    int left = raster.width, right = -1, dots = 0;
    for (int y = static_cast<int>(label->y_min * kPixels); y <= static_cast<int>(label->y_max * kPixels); ++y) {
      for (int x = static_cast<int>(label->x_max * kPixels) + 4; x < raster.width; ++x) {
        if (raster.Is(x, y, bar)) left = std::min(left, x), right = std::max(right, x);
        if (raster.Is(x, y, dot) && std::abs(x / kPixels - x_of(b.estimate)) <= 3) ++dots;
      }
    }
    ASSERT_GE(right, 0) << "no error bar beside the label";
    // The bar's caps are 1.4 pt wide strokes centred on the bounds.
    EXPECT_NEAR(left / kPixels, x_of(b.lower), 2.0) << "CI lower " << b.lower;
    EXPECT_NEAR(right / kPixels, x_of(b.upper), 2.0) << "CI upper " << b.upper;
    EXPECT_GT(dots, 10) << "no dot at the estimate " << b.estimate;
  }
}

class ScorecardPdfLowMinimumTest : public ScorecardPdfTest {
 protected:
  ScorecardPdfLowMinimumTest() : ScorecardPdfTest({"--min_cohort_rows=12"}) {}
};

TEST_F(ScorecardPdfLowMinimumTest, ACohortAtTheMinimumIsNotFlagged) {
  const std::string text = Text(AdultCard());
  EXPECT_NE(LineWith(text, {"Metric", "Target", "All data", "Young", "Tiny"}), "");
  EXPECT_THAT(text, Not(HasSubstr("⚠")));
  EXPECT_THAT(text, Not(HasSubstr("--min_cohort_rows")));
}

TEST_F(ScorecardPdfTest, ARegressionCardParsesCleanAndNamesItsMetrics) {
  const std::string card = RegressionCard();
  EXPECT_THAT(PopplerComplaints(card), IsEmpty());
  const std::string first = PageText(card, 1);
  EXPECT_THAT(first, HasSubstr("All 2 targets met."));
  EXPECT_NE(LineWith(first, {"Mean absolute error", "mean_absolute_error", "1.200", "<= 1.5", "✓ PASS"}), "");
  EXPECT_NE(LineWith(first, {"R²", "r2_score", "0.9989", ">= 0.9", "✓ PASS"}), "");
  const std::string text = Text(card);
  EXPECT_NE(LineWith(text, {"Metric", "Target", "All data", "Small ⚠ 8 rows", "Region A"}), "");
  EXPECT_NE(LineWith(text, {"Rows", "200", "8", "50"}), "");
  EXPECT_NE(LineWith(text, {"Mean absolute error", "<= 1.5", "1.200 ✓", "1.500 ✓", "1.200 ✓"}), "");
  EXPECT_THAT(text, HasSubstr("Cohort Small (8 rows) has fewer than 30 rows"));
}

}  // namespace
}  // namespace glassbox::testing
