#include "daemon/scorecard/scorecard_renderer.h"

#include <regex>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "daemon/scorecard/scorecard_config.h"
#include "glassbox/sdk/insight_builder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/daemon/scorecard/adult_scorecard_sample.h"
#include "tests/daemon/scorecard/pdf_tools.h"

namespace glassbox::scorecard {
namespace {

using testing::AdultScorecardInput;
using ::testing::HasSubstr;
using testing::PdfTextPages;
using testing::RasterizePages;
using testing::RunCommand;
using testing::WriteTempFile;

std::string Rendered(const ScorecardInput& input, RenderedScorecard* rendered_out = nullptr) {
  auto rendered = RenderScorecard(input);
  EXPECT_TRUE(rendered.ok()) << rendered.status();
  if (!rendered.ok()) return "";
  if (rendered_out != nullptr) *rendered_out = *rendered;
  return WriteTempFile("scorecard.pdf", rendered->pdf);
}

std::string AllText(const std::vector<std::string>& pages) { return absl::StrJoin(pages, "\n"); }

std::vector<std::string> Lines(const std::string& text) { return absl::StrSplit(text, '\n'); }

// The text from a line starting with `heading` to one starting with `next`.
std::string SectionText(const std::string& text, const std::string& heading, const std::string& next) {
  const size_t begin = text.find(absl::StrCat("\n", heading));
  const size_t end = text.find(absl::StrCat("\n", next), begin + 1);
  return begin == std::string::npos ? ""
                                    : text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

// The first line of `text` holding every one of `parts`, or "" if none does.
std::string LineWith(const std::string& text, const std::vector<std::string>& parts) {
  for (const auto& line : Lines(text)) {
    if (std::all_of(parts.begin(), parts.end(), [&](const std::string& p) { return absl::StrContains(line, p); })) {
      return line;
    }
  }
  return "";
}

// The run a stakeholder reviews: every target is in the first page's table
// with its value, target and mark, under the verdict.
TEST(ScorecardRendererTest, FirstPageListsEveryTargetWithValueMarkAndVerdict) {
  RenderedScorecard rendered;
  const std::string path = Rendered(AdultScorecardInput(), &rendered);
  const auto pages = PdfTextPages(path);
  ASSERT_FALSE(pages.empty());
  const std::string& first = pages[0];
  EXPECT_THAT(first, HasSubstr("RESPONSIBLE AI SCORECARD"));
  EXPECT_THAT(first, HasSubstr("Income classifier"));
  EXPECT_THAT(first, HasSubstr("Version 2.1.0"));
  EXPECT_THAT(first, HasSubstr("Issued 2025-06-24"));
  // The configuration's five targets; drift_monitor's own psi_max threshold is the analyst's and not counted.
  EXPECT_THAT(first, HasSubstr("✗ Not all targets met: 3 of 5 met."));
  // Values: the sample's sklearn figures printed to 4 significant digits;
  // marks follow from the configuration's thresholds.
  const std::vector<std::vector<std::string>> rows = {
      {"accuracy_score", "0.8670", ">= 0.85", "✓ PASS"},
      {"precision_score", "0.7747", ">= 0.75", "✓ PASS"},
      {"recall_score", "0.6568", ">= 0.7", "✗ FAIL"},
      {"accuracy_score difference (sex)", "0.09768", "<= 0.1", "✓ PASS"},
      {"selection_rate difference (sex)", "0.1929", "<= 0.1", "✗ FAIL"},
  };
  const std::string targets = SectionText(first, "Targets", "Thresholds the analyst set");
  for (const auto& row : rows) {
    EXPECT_NE(LineWith(targets, row), "") << "no line with " << absl::StrJoin(row, " | ") << " in\n" << targets;
  }
  EXPECT_EQ(LineWith(targets, {"psi_max"}), "");
  const std::string analysts = SectionText(first, "Thresholds the analyst set (not counted in the verdict)", "About");
  EXPECT_NE(LineWith(analysts, {"psi_max", "0.08000", "<= 0.1", "✓ PASS"}), "") << first;
  // f1_score has no threshold, so it is no target.
  EXPECT_EQ(LineWith(first, {"f1_score", "PASS"}), "");
  EXPECT_EQ(rendered.targets.total, 5);
  EXPECT_EQ(rendered.targets.met, 3);
  EXPECT_EQ(rendered.targets.verdict, glassbox::v1::FAIL);
  EXPECT_TRUE(std::regex_search(RunCommand(absl::StrCat("pdfinfo '", path, "'")),
                                std::regex(absl::StrCat("Pages:\\s+", rendered.page_count, "\n"))));
  EXPECT_EQ(static_cast<int>(pages.size()), rendered.page_count);
}

TEST(ScorecardRendererTest, DatasheetAndLineageOpenTheScorecard) {
  const std::string all = AllText(PdfTextPages(Rendered(AdultScorecardInput())));
  const std::string text = all.substr(0, all.find("\nData analysis"));
  for (const char* fact : {"Intended use", "Ranking marketing leads", "Architecture", "XGBoost 1.7.4", "Training data",
                           "Evaluation data", "Growth analytics team", "maria.lopez@example.com", "run-7f3a9c21",
                           "2025-06-24 09:20 UTC", "adult_test_scored.csv (10,054 rows)"}) {
    EXPECT_THAT(text, HasSubstr(fact));
  }
  EXPECT_NE(LineWith(text, {"drift_monitor", "0.3.1", "✓ Succeeded"}), "");
  EXPECT_NE(LineWith(text, {"counterfactuals", "1.0.0", "✗ Failed"}), "");
}

TEST(ScorecardRendererTest, FailedAnalysisIsStatedOnTheFirstPageAndInItsSection) {
  const auto pages = PdfTextPages(Rendered(AdultScorecardInput()));
  ASSERT_GE(pages.size(), 2u);
  // pdftotext -layout keeps wrapped lines apart; join the words back.
  auto flat = [](const std::string& text) {
    std::vector<std::string> words = absl::StrSplit(text, absl::ByAnyChar(" \n"), absl::SkipEmpty());
    return absl::StrJoin(words, " ");
  };
  const std::string statement = absl::StrCat("The counterfactuals analysis failed: ", testing::kCounterfactualsError);
  EXPECT_THAT(flat(pages[0]), HasSubstr(statement));
  const std::string rest = flat(AllText(std::vector<std::string>(pages.begin() + 1, pages.end())));
  EXPECT_THAT(rest, HasSubstr("Counterfactuals"));
  EXPECT_THAT(rest, HasSubstr(statement));
  EXPECT_THAT(rest, HasSubstr("targets it would have measured count as not met"));
}

TEST(ScorecardRendererTest, SectionsFollowInOrderWithTheirContent) {
  const std::string text = AllText(PdfTextPages(Rendered(AdultScorecardInput())));
  std::vector<size_t> at;
  for (const char* heading : {"Data analysis", "Model performance", "Cohorts", "Feature importance", "Fairness",
                              "Causal analysis", "Counterfactuals", "Drift monitor"}) {
    at.push_back(text.find(absl::StrCat("\n", heading)));
    EXPECT_NE(at.back(), std::string::npos) << heading;
  }
  EXPECT_TRUE(std::is_sorted(at.begin(), at.end()));
  // Data analysis: dataset size, label balance, only the configured features.
  EXPECT_NE(LineWith(text, {"Rows", "10,054"}), "");
  EXPECT_THAT(text, HasSubstr("Label distribution (income)"));
  EXPECT_NE(LineWith(text, {"hours-per-week", "41.06"}), "");
  EXPECT_THAT(text, HasSubstr("Distribution of education"));
  EXPECT_THAT(text, HasSubstr("Left out as the configuration's DataExplorer.features asks"));
  EXPECT_EQ(LineWith(text, {"fnlwgt", "189,240"}), "");
  // Model performance: confusion matrix counts (sklearn confusion_matrix).
  EXPECT_NE(LineWith(text, {">50K", "859", "1,644"}), "");
  // Cohorts: the run's cohorts side by side, against the whole data's targets.
  EXPECT_NE(LineWith(text, {"Metric", "Target", "All data", "Young (age < 30)", "Senior (age >= 60)"}), "");
  EXPECT_NE(LineWith(text, {"Rows", "10,054", "2,933", "725"}), "");
  EXPECT_NE(LineWith(text, {"Accuracy", ">= 0.85", "0.8670 ✓", "0.9605 ✓", "0.8497 ✗"}), "");
  EXPECT_THAT(text, ::testing::Not(HasSubstr("No analysis of this run reported a metric")));
  EXPECT_THAT(text, HasSubstr("Worst cohort"));
  // Feature importance: the top 6 of 14 by mean |SHAP|; hours-per-week, eighth, is left out.
  const std::string importance = SectionText(text, "Feature importance", "Fairness");
  EXPECT_THAT(importance, HasSubstr("Top 6 features"));
  EXPECT_NE(LineWith(importance, {"age", "0.8306"}), "");
  EXPECT_NE(LineWith(importance, {"occupation", "0.5260"}), "");
  EXPECT_EQ(LineWith(importance, {"education", "0.5098"}), "");
  EXPECT_THAT(importance, ::testing::Not(HasSubstr("hours-per-week")));
  // Fairness: only sex is configured, so race's groups are left out.
  EXPECT_NE(LineWith(text, {"Demographic", "0.1929", "<= 0.1", "✗ FAIL"}), "");
  EXPECT_EQ(LineWith(text, {"Metrics by race"}), "");
  // Causal: the configured treatments only, with their intervals.
  EXPECT_NE(LineWith(text, {"education-num", "0.04697", "0.04415", "0.04978"}), "");
  EXPECT_EQ(LineWith(text, {"age", "0.003254"}), "");
  // A custom plugin's blocks in its own section.
  EXPECT_THAT(text, HasSubstr("Population stability index by month"));
}

TEST(ScorecardRendererTest, EveryPageHasInkAndAFooterWithRunAndDatasetHash) {
  const std::string path = Rendered(AdultScorecardInput());
  const auto pages = PdfTextPages(path);
  const auto rasters = RasterizePages(path, 50);
  ASSERT_EQ(rasters.size(), pages.size());
  ASSERT_GE(pages.size(), 4u);
  for (size_t i = 0; i < pages.size(); ++i) {
    SCOPED_TRACE(absl::StrCat("page ", i + 1));
    // A page with only its footer would ink well under 1% of an A4 page at 50 dpi.
    const int64_t area = static_cast<int64_t>(rasters[i].width) * rasters[i].height;
    EXPECT_GT(rasters[i].InkedPixels(), area / 50);
    EXPECT_THAT(pages[i], HasSubstr(absl::StrCat("Page ", i + 1, " of ", pages.size())));
    EXPECT_THAT(pages[i], HasSubstr("Run run-7f3a9c21"));
    EXPECT_THAT(pages[i], HasSubstr("53573601f12ddcb84f0cf9e0ebe98698858c6c6aebf7001ffa22eecf328cf94a"));
  }
}

TEST(ScorecardRendererTest, FontsAreEmbedded) {
  const std::string fonts = RunCommand(absl::StrCat("pdffonts '", Rendered(AdultScorecardInput()), "'"));
  const auto lines = Lines(fonts);
  int listed = 0;
  for (size_t i = 2; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    ++listed;
    EXPECT_THAT(lines[i], HasSubstr("DejaVuSans"));
    // Columns: name, type, encoding, emb, sub, uni.
    EXPECT_TRUE(std::regex_search(lines[i], std::regex(R"(Identity-H\s+yes\s+yes\s+yes)"))) << lines[i];
  }
  EXPECT_EQ(listed, 2);
}

// A 300-row table continues over pages, repeating its title and header row.
TEST(ScorecardRendererTest, LongTableBreaksAcrossPagesWithHeaderRepeated) {
  ScorecardInput input;
  input.run.set_id("run-long");
  input.run.add_analyses()->set_analyzer("row_audit");
  input.run.mutable_analyses(0)->set_state(glassbox::v1::ANALYSIS_SUCCEEDED);
  sdk::InsightBuilder builder;
  std::vector<std::vector<sdk::Cell>> rows;
  for (int i = 1; i <= 300; ++i) rows.push_back({absl::StrCat("row-", i), static_cast<double>(i * 7), i / 300.0});
  builder.AddTable("Audited rows", {"Row key", "Weight", "Score"}, rows);
  input.insights.push_back(builder.Release());
  input.insights[0].set_analyzer("row_audit");

  RenderedScorecard rendered;
  const auto pages = PdfTextPages(Rendered(input, &rendered));
  ASSERT_GE(pages.size(), 4u);
  int next_row = 1;
  int pages_with_rows = 0;
  for (size_t p = 0; p < pages.size(); ++p) {
    const auto lines = Lines(pages[p]);
    size_t header = lines.size();
    for (size_t l = 0; l < lines.size(); ++l) {
      if (LineWith(lines[l], {"Row key", "Weight", "Score"}) != "") {
        header = l;
        break;
      }
    }
    const std::regex row_line(R"(^\s*row-(\d+)\s+([\d,]+)\s+([\d.]+)\s*$)");
    int first_row_line = -1;
    for (size_t l = 0; l < lines.size(); ++l) {
      std::smatch match;
      if (!std::regex_match(lines[l], match, row_line)) continue;
      if (first_row_line < 0) first_row_line = static_cast<int>(l);
      EXPECT_EQ(std::stoi(match[1]), next_row) << "page " << p + 1;
      ++next_row;
    }
    if (first_row_line < 0) continue;
    ++pages_with_rows;
    SCOPED_TRACE(absl::StrCat("page ", p + 1));
    ASSERT_LT(header, lines.size()) << "no header row on a page with rows";
    EXPECT_LT(static_cast<int>(header), first_row_line);
    EXPECT_THAT(pages[p], HasSubstr(pages_with_rows == 1 ? "Audited rows" : "Audited rows (continued)"));
  }
  EXPECT_EQ(next_row, 301);
  EXPECT_GE(pages_with_rows, 3);
  EXPECT_EQ(rendered.targets.verdict, glassbox::v1::VERDICT_UNSPECIFIED);
}

// Sections of analyses that did not run appear only when the configuration
// asks for them, and then say why they are empty, here and on the first page.
TEST(ScorecardRendererTest, SectionsTheConfigurationAsksForAreStatedWhenTheRunLacksThem) {
  ScorecardInput input = AdultScorecardInput();
  std::vector<glassbox::v1::Insight> kept;
  for (const auto& insight : input.insights) {
    if (insight.analyzer() == "model_overview") kept.push_back(insight);
  }
  input.insights = kept;
  input.run.clear_analyses();
  input.run.add_analyses()->set_analyzer("model_overview");
  input.run.mutable_analyses(0)->set_section(glassbox::v1::SCORECARD_SECTION_PERFORMANCE);
  input.run.mutable_analyses(0)->set_state(glassbox::v1::ANALYSIS_SUCCEEDED);
  RenderedScorecard rendered;
  const std::string text = AllText(PdfTextPages(Rendered(input, &rendered)));
  EXPECT_THAT(text, HasSubstr("\nModel performance"));
  // The run's cohort metrics still get their section.
  EXPECT_THAT(text, HasSubstr("\nCohorts"));
  // Not in the configuration, not in the run: no section.
  EXPECT_THAT(text, ::testing::Not(HasSubstr("Drift monitor")));
  auto flat = [](const std::string& text) {
    std::vector<std::string> words = absl::StrSplit(text, absl::ByAnyChar(" \n"), absl::SkipEmpty());
    return absl::StrJoin(words, " ");
  };
  const std::string first = flat(text.substr(0, text.find("\nData analysis")));
  EXPECT_THAT(first, HasSubstr("Asked for but missing"));
  const struct {
    const char* heading;
    const char* key;
    const char* analyzer;
  } lacking[] = {{"Data analysis", "DataExplorer", "data_explorer"},
                 {"Feature importance", "FeatureImportance", "explanations"},
                 {"Fairness", "Fairness", "fairness"},
                 {"Causal analysis", "Causal", "causal"}};
  for (const auto& section : lacking) {
    SCOPED_TRACE(section.heading);
    const std::string reason = absl::StrCat("the run has no ", section.analyzer, " analysis to fill this section");
    EXPECT_THAT(first, HasSubstr(absl::StrCat(section.key, " ", reason)));
    const size_t heading = text.find(absl::StrCat("\n", section.heading));
    ASSERT_NE(heading, std::string::npos);
    EXPECT_THAT(flat(text.substr(heading, 600)),
                HasSubstr(absl::StrCat("The configuration asks for ", section.key, ", which is missing: ", reason)));
  }
  // The fairness targets are no longer measured.
  EXPECT_NE(LineWith(text, {"selection_rate difference (sex)", "—", "<= 0.1", "✗ NOT MEASURED"}), "");
  EXPECT_EQ(rendered.targets.total, 5);
  EXPECT_EQ(rendered.targets.met, 2);
}

// Every block's title, every table's headers, every chart's axis titles and
// the fairness metrics' machine names replaced by meaningless text.
void RenameEverything(ScorecardInput& input) {
  for (auto& insight : input.insights) {
    int n = 0;
    for (auto& block : *insight.mutable_blocks()) {
      block.set_title(absl::StrCat("Block ", ++n));
      if (block.has_table()) {
        auto* columns = block.mutable_table()->mutable_columns();
        for (int c = 0; c < columns->size(); ++c) (*columns)[c] = absl::StrCat("C", c);
      }
      if (block.has_chart()) {
        block.mutable_chart()->set_x_label("x");
        block.mutable_chart()->set_y_label("y");
      }
      if (block.has_metric() && insight.analyzer() == "fairness") {
        block.mutable_metric()->set_name(absl::StrCat("m", n));
      }
    }
  }
}

// Every table's, chart's and metric's typed meaning removed.
void ForgetMeaning(ScorecardInput& input) {
  for (auto& insight : input.insights) {
    for (auto& block : *insight.mutable_blocks()) {
      if (block.has_table()) {
        block.mutable_table()->clear_role();
        block.mutable_table()->clear_column_roles();
        block.mutable_table()->clear_feature();
      }
      if (block.has_chart()) {
        block.mutable_chart()->clear_role();
        block.mutable_chart()->clear_feature();
      }
      if (block.has_metric()) {
        block.mutable_metric()->clear_aggregate();
        block.mutable_metric()->clear_feature();
      }
    }
  }
}

// The sections' rich layouts that come from the blocks' typed meaning.
void ExpectRichSections(const std::string& text) {
  // Data analysis: a chart drawn from the categorical features table, only the configured features.
  EXPECT_THAT(text, HasSubstr("Distribution of education"));
  EXPECT_EQ(LineWith(text, {"fnlwgt", "189,240"}), "");
  // Feature importance: the configured top 6.
  EXPECT_THAT(text, HasSubstr("Top 6 features"));
  // Fairness: the disparities table, held to the configured target; race's groups left out.
  EXPECT_NE(LineWith(text, {"Demographic", "0.1929", "<= 0.1", "✗ FAIL"}), "");
  EXPECT_THAT(text, ::testing::Not(HasSubstr("Amer-Indian-Eskimo")));
  // Causal: the configured treatments only.
  EXPECT_NE(LineWith(text, {"education-num", "0.04697", "0.04415", "0.04978"}), "");
  EXPECT_EQ(LineWith(text, {"age", "0.003254"}), "");
}

TEST(ScorecardRendererTest, RenamedTitlesAndHeadersWithTheSameMeaningGetTheSameSections) {
  ScorecardInput renamed = AdultScorecardInput();
  RenameEverything(renamed);
  const std::string text = AllText(PdfTextPages(Rendered(renamed)));
  ExpectRichSections(text);
  // The first page finds the fairness targets by their meaning, under the new names.
  RenderedScorecard rendered;
  Rendered(renamed, &rendered);
  EXPECT_EQ(rendered.targets.total, 5);
  EXPECT_EQ(rendered.targets.met, 3);
}

// The other side of the test above: the original titles and headers without
// the typed meaning get none of the rich layouts.
TEST(ScorecardRendererTest, TitlesAndHeadersAloneGetNoRichSections) {
  ScorecardInput untyped = AdultScorecardInput();
  ForgetMeaning(untyped);
  const std::string text = AllText(PdfTextPages(Rendered(untyped)));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("Distribution of education")));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("Top 6 features")));
  EXPECT_EQ(LineWith(text, {"Demographic", "0.1929", "<= 0.1", "✗ FAIL"}), "");
  EXPECT_NE(LineWith(text, {"age", "0.003254"}), "");
}

size_t Occurrences(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

// A plugin the scorecard knows nothing about gets estimates drawn with their
// intervals and its disparities described, from the typed meaning alone.
TEST(ScorecardRendererTest, ACustomPluginsTypedBlocksGetARichSection) {
  ScorecardInput input = AdultScorecardInput();
  sdk::InsightBuilder builder;
  builder.AddTable("Shift of each feature", {"Merkmal", "Verschiebung", "von", "bis"},
                   {{std::string("workclass-shift"), 0.04, 0.02, 0.06}, {std::string("race-shift"), 0.01, 0.0, 0.02}})
      .SetRole(glassbox::v1::INTERVALS)
      .SetColumnRole(0, glassbox::v1::COLUMN_LABEL)
      .SetColumnRole(1, glassbox::v1::COLUMN_ESTIMATE)
      .SetColumnRole(2, glassbox::v1::COLUMN_LOWER_BOUND)
      .SetColumnRole(3, glassbox::v1::COLUMN_UPPER_BOUND);
  builder.AddTable("Same numbers, untyped", {"Merkmal", "Verschiebung", "von", "bis"},
                   {{std::string("hours-shift"), 0.04, 0.02, 0.06}});
  builder.AddMetric("Gap", "psi_gap", 0.03)
      .SetAggregate(glassbox::v1::AGGREGATE_DIFFERENCE, "psi")
      .SetFeature("sex");
  auto insight = builder.Release();
  insight.set_analyzer("shift_watch");
  input.insights.push_back(insight);
  const std::string text = AllText(PdfTextPages(Rendered(input)));
  const std::string section = SectionText(text, "Shift watch", "\n\n\n\nnone");
  ASSERT_NE(section, "") << text;
  // Drawn twice, as an interval and as a row of the numbers' table; the untyped table once.
  EXPECT_EQ(Occurrences(section, "workclass-shift"), 2u) << section;
  EXPECT_EQ(Occurrences(section, "hours-shift"), 1u) << section;
  EXPECT_THAT(section, HasSubstr("Largest gap in psi between any two groups of sex"));
}

// The section an analysis fills is the one its analyzer declared when the run
// was created, whatever the analyzer is called: a custom plugin declaring
// feature importance shares that section and gets its layout (the chart cut
// to the configuration's top_n and titled so); the explanations analysis of a
// run in which it declared nothing gets a section of its own.
TEST(ScorecardRendererTest, AnAnalysisFillsTheSectionItsAnalyzerDeclaredWhateverItsName) {
  ScorecardInput input = AdultScorecardInput();
  sdk::InsightBuilder builder;
  builder
      .AddBarChart("Drift ranking", {"drift_f1", "drift_f2", "drift_f3", "drift_f4", "drift_f5", "drift_f6", "drift_f7", "drift_f8"},
                   {{"drift", {0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1}}}, "feature", "drift score")
      .SetRole(glassbox::v1::FEATURE_IMPORTANCE);
  auto insight = builder.Release();
  insight.set_analyzer("drift_rank");
  insight.set_analyzer_version("0.1.0");
  input.insights.push_back(insight);
  auto* status = input.run.add_analyses();
  status->set_analyzer("drift_rank");
  status->set_analyzer_version("0.1.0");
  status->set_state(glassbox::v1::ANALYSIS_SUCCEEDED);
  status->set_section(glassbox::v1::SCORECARD_SECTION_IMPORTANCE);

  std::string text = AllText(PdfTextPages(Rendered(input)));
  std::string section = SectionText(text, "Feature importance", "Fairness");
  ASSERT_NE(section, "") << text;
  const auto flat = [](const std::string& text) {
    return absl::StrJoin(absl::StrSplit(text, absl::ByAnyChar(" \n"), absl::SkipEmpty()), " ");
  };
  EXPECT_THAT(flat(section), HasSubstr("Source: analyzers explanations 1.0.0; drift_rank 0.1.0."));
  EXPECT_THAT(section, HasSubstr("Top 6 features by drift score"));
  EXPECT_THAT(section, HasSubstr("drift_f6"));
  EXPECT_THAT(section, ::testing::Not(HasSubstr("drift_f7")));
  EXPECT_THAT(section, ::testing::Not(HasSubstr("Drift ranking")));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("\nDrift rank")));

  for (auto& analysis : *input.run.mutable_analyses()) {
    if (analysis.analyzer() == "explanations") analysis.clear_section();
  }
  text = AllText(PdfTextPages(Rendered(input)));
  EXPECT_THAT(text, HasSubstr("\nExplanations"));
  EXPECT_THAT(text, HasSubstr("Results of the explanations analysis."));
  EXPECT_THAT(text, HasSubstr("Global importance (mean |SHAP value|)"));
  section = SectionText(text, "Feature importance", "Fairness");
  ASSERT_NE(section, "") << text;
  EXPECT_THAT(flat(section), HasSubstr("Source: analyzer drift_rank 0.1.0."));
}

TEST(ScorecardRendererTest, VerdictWhenAllTargetsAreMetOrNoneAreSet) {
  ScorecardInput input = AdultScorecardInput();
  auto config = ParseScorecardConfig(
      R"({"Metrics": {"accuracy_score": {"threshold": ">=0.85"}, "roc_auc_score": {"threshold": ">0.9"}}})");
  ASSERT_TRUE(config.ok());
  input.config = *config;
  input.insights.pop_back();  // drift_monitor's own target
  RenderedScorecard rendered;
  auto pages = PdfTextPages(Rendered(input, &rendered));
  ASSERT_FALSE(pages.empty());
  EXPECT_THAT(pages[0], HasSubstr("✓ All 2 targets met."));
  EXPECT_EQ(rendered.targets.verdict, glassbox::v1::PASS);

  input.config.Clear();
  pages = PdfTextPages(Rendered(input, &rendered));
  ASSERT_FALSE(pages.empty());
  EXPECT_THAT(pages[0], HasSubstr("No targets were set."));
  EXPECT_EQ(rendered.targets.verdict, glassbox::v1::VERDICT_UNSPECIFIED);
}

TEST(ScorecardRendererTest, SameInputSameBytes) {
  const ScorecardInput input = AdultScorecardInput();
  auto first = RenderScorecard(input);
  auto second = RenderScorecard(input);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->pdf, second->pdf);
  EXPECT_TRUE(absl::StartsWith(first->pdf, "%PDF-"));
}

TEST(ScorecardRendererTest, MissingFontsAreAFailedPrecondition) {
  RenderOptions options;
  options.font_directory = "/nonexistent/fonts";
  auto rendered = RenderScorecard(AdultScorecardInput(), options);
  ASSERT_FALSE(rendered.ok());
  EXPECT_EQ(rendered.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(rendered.status().message()), HasSubstr("fonts-dejavu-core"));
}

// Text from users and plugins may hold anything; it must neither break the
// PDF nor vanish.
TEST(ScorecardRendererTest, UnusualTextIsDrawn) {
  ScorecardInput input;
  input.model.name = "Modèle de crédit – Ελληνικά";
  sdk::InsightBuilder builder;
  builder.AddText("Notes", std::string("tab\there, bad byte \xff, emoji \xF0\x9F\x98\x80, no glyph 中文, ") +
                               std::string(400, 'x'));
  builder.AddBarChart("Empty", {}, {});
  builder.AddLineChart("Gaps", {"a", "b", "c", "d"}, {{"s", {1, std::nan(""), 3, 4}}});
  input.insights.push_back(builder.Release());
  input.insights[0].set_analyzer("odd_plugin");
  const std::string text = AllText(PdfTextPages(Rendered(input)));
  EXPECT_THAT(text, HasSubstr("Modèle de crédit – Ελληνικά"));
  EXPECT_THAT(text, HasSubstr("tab here, bad byte �, emoji �, no glyph"));
  EXPECT_THAT(text, HasSubstr("Gaps"));
}

}  // namespace
}  // namespace glassbox::scorecard
