#include "daemon/scorecard/sections.h"

#include <algorithm>
#include <optional>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/scorecard/block_drawer.h"
#include "daemon/scorecard/block_reading.h"
#include "daemon/scorecard/chart_drawer.h"
#include "daemon/scorecard/cohort_comparison.h"
#include "daemon/scorecard/layout.h"
#include "daemon/scorecard/number_format.h"
#include "daemon/scorecard/table_drawer.h"
#include "daemon/scorecard/targets.h"
#include "daemon/scorecard/text_match.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::Block;
using glassbox::v1::MetricBlock;
using glassbox::v1::ScorecardConfig;

constexpr int kDefaultTopN = 10;

struct SectionText {
  const char* title;
  const char* purpose;
};

SectionText TextFor(glassbox::v1::ScorecardSection kind) {
  switch (kind) {
    case glassbox::v1::SCORECARD_SECTION_DATA:
      return {
          "Data analysis",
          "What the evaluation data looks like: its size, the balance of outcomes and how key features are spread."};
    case glassbox::v1::SCORECARD_SECTION_PERFORMANCE:
      return {"Model performance", "How often the model is right, how it errs, and what it predicts."};
    case glassbox::v1::SCORECARD_SECTION_COHORTS:
      return {"Cohorts", "How the model does on groups of interest, and where its errors concentrate."};
    case glassbox::v1::SCORECARD_SECTION_IMPORTANCE:
      return {"Feature importance", "Which inputs drive the model's predictions the most."};
    case glassbox::v1::SCORECARD_SECTION_FAIRNESS:
      return {"Fairness", "Whether the model treats the groups of each sensitive feature alike."};
    case glassbox::v1::SCORECARD_SECTION_CAUSAL:
      return {"Causal analysis", "The estimated effect on the outcome of changing a feature, all else equal."};
    default:
      return {"", ""};
  }
}

std::vector<const Block*> AllBlocks(const Section& section) {
  std::vector<const Block*> blocks;
  for (const auto* insight : section.insights) {
    for (const auto& block : insight->blocks()) blocks.push_back(&block);
  }
  return blocks;
}

std::vector<std::string> ToVector(const google::protobuf::RepeatedPtrField<std::string>& names) {
  return {names.begin(), names.end()};
}

// "analyzer fairness 1.0.0", or "analyzers a 1.0; b 2.1" when several fill the section.
std::string Sources(const Section& section) {
  std::vector<std::string> sources;
  for (const auto& analyzer : section.analyzers) {
    std::set<std::string> versions;
    for (const auto* insight : section.insights) {
      if (insight->analyzer() == analyzer && !insight->analyzer_version().empty())
        versions.insert(insight->analyzer_version());
    }
    for (const auto* status : section.unfinished) {
      if (status->analyzer() == analyzer && !status->analyzer_version().empty())
        versions.insert(status->analyzer_version());
    }
    sources.push_back(versions.empty() ? analyzer : absl::StrCat(analyzer, " ", absl::StrJoin(versions, ", ")));
  }
  if (sources.empty()) return "";
  return absl::StrCat(sources.size() == 1 ? "analyzer " : "analyzers ", absl::StrJoin(sources, "; "));
}

void DrawHeading(PdfCanvas& canvas, const Section& section) {
  const bool own = section.kind == glassbox::v1::SCORECARD_SECTION_UNSPECIFIED;
  const SectionText text = TextFor(section.kind);
  const std::string title = own ? HumanizeAnalyzer(section.analyzers.front()) : text.title;
  const std::string purpose = own ? absl::StrCat("Results of the ", section.analyzers.front(), " analysis.")
                                  : text.purpose;
  const std::string sources = section.insights.empty() && section.unfinished.empty() ? "" : Sources(section);
  SectionHeading(canvas, title, absl::StrCat(purpose, sources.empty() ? "" : absl::StrCat("  Source: ", sources, ".")));
}

void DrawUnfinished(PdfCanvas& canvas, const Section& section) {
  for (const auto* status : section.unfinished) {
    Notice(canvas,
           absl::StrCat(
               DescribeUnfinished(*status),
               " Its results are missing from this scorecard, and targets it would have measured count as not met."),
           NoticeKind::kFailure);
  }
  for (const auto& shortfall : section.shortfalls) {
    // DrawUnfinished's notice above already says why.
    if (shortfall.cause == Shortfall::Cause::kUnfinished && !section.unfinished.empty()) continue;
    Notice(canvas, absl::StrCat("The configuration asks for ", shortfall.key, ", which is missing: ", shortfall.reason,
                                absl::EndsWith(shortfall.reason, ".") ? "" : "."),
           NoticeKind::kWarning);
  }
}

std::string FormatBytes(int64_t bytes) {
  if (bytes < 1000) return absl::StrCat(bytes, " bytes");
  if (bytes < 1000 * 1000) return absl::StrCat(FormatNumber(bytes / 1e3), " kB");
  return absl::StrCat(FormatNumber(bytes / 1e6), " MB");
}

void DrawDatasetFacts(PdfCanvas& canvas, const ScorecardInput& input) {
  const auto& dataset = input.dataset;
  if (dataset.id().empty() && dataset.row_count() == 0) return;
  int numeric = 0, categorical = 0;
  int64_t missing = 0;
  for (const auto& column : dataset.columns()) {
    (column.type() == glassbox::v1::NUMERIC ? numeric : categorical) += 1;
    missing += column.missing_count();
  }
  TableData facts;
  facts.columns = {"", ""};
  facts.show_header = false;
  auto add = [&](const std::string& key, const std::string& value) {
    if (value.empty()) return;
    TableCell key_cell = TextCell(key);
    key_cell.bold = true;
    facts.rows.push_back({key_cell, TextCell(value)});
  };
  add("Dataset", dataset.display_name().empty() ? dataset.id() : dataset.display_name());
  add("Rows", FormatNumber(static_cast<double>(dataset.row_count())));
  add("Columns", absl::StrCat(dataset.columns_size(), " (", numeric, " numeric, ", categorical, " categorical)"));
  add("Missing values", FormatNumber(static_cast<double>(missing)));
  add("Outcome column", input.run.spec().target_column());
  add("File",
      dataset.size_bytes() > 0 ? absl::StrCat(FormatBytes(dataset.size_bytes()), ", SHA-256 ", dataset.sha256()) : "");
  DrawTable(canvas, "The dataset", facts);
}

std::vector<const Block*> Pointers(const std::vector<Block>& blocks) {
  std::vector<const Block*> pointers;
  for (const auto& block : blocks) pointers.push_back(&block);
  return pointers;
}

void DrawData(PdfCanvas& canvas, const Section& section, const ScorecardInput& input) {
  DrawDatasetFacts(canvas, input);
  const auto blocks = AllBlocks(section);
  const std::string& outcome = input.run.spec().target_column();
  // The outcome's balance first.
  std::vector<const Block*> label, rest;
  for (const auto* block : blocks) (!outcome.empty() && FeatureOf(*block) == outcome ? label : rest).push_back(block);
  DrawBlocks(canvas, label, input);
  const auto features = ToVector(input.config.data_explorer().features());
  if (features.empty()) {
    DrawBlocks(canvas, rest, input);
    return;
  }
  std::vector<Block> general;
  std::vector<std::vector<Block>> by_feature(features.size());
  std::set<std::string> left_out;
  for (const auto* block : rest) {
    if (IsPerFeatureTable(*block)) {
      const int feature_column = ColumnWithRole(block->table(), glassbox::v1::COLUMN_FEATURE);
      Block kept = *block;
      auto* rows = kept.mutable_table()->mutable_rows();
      rows->Clear();
      for (const auto& row : block->table().rows()) {
        const std::string feature = feature_column < row.cells_size() ? row.cells(feature_column).text() : "";
        if (std::find(features.begin(), features.end(), feature) != features.end()) {
          *rows->Add() = row;
        } else {
          left_out.insert(feature);
        }
      }
      if (!rows->empty()) general.push_back(std::move(kept));
      continue;
    }
    const std::string column = FeatureOf(*block);
    auto it = std::find(features.begin(), features.end(), column);
    if (column.empty()) {
      general.push_back(*block);
    } else if (it != features.end()) {
      by_feature[it - features.begin()].push_back(*block);
    } else {
      left_out.insert(column);
    }
  }
  DrawBlocks(canvas, Pointers(general), input);
  // Each feature's own charts, else one drawn from the per-feature tables.
  for (size_t f = 0; f < features.size(); ++f) {
    DrawBlocks(canvas, Pointers(by_feature[f]), input);
    if (std::any_of(by_feature[f].begin(), by_feature[f].end(), [](const Block& b) { return b.has_chart(); })) continue;
    const std::string title = absl::StrCat("Distribution of ", features[f]);
    if (auto chart = CategoryChart(rest, features[f])) {
      DrawBlocks(canvas, {&*chart}, input);
    } else if (auto numbers = FiveNumbersOf(rest, features[f])) {
      DrawBoxPlot(canvas, title, *numbers, features[f]);
    }
  }
  if (!left_out.empty()) {
    Note(canvas,
         absl::StrCat("Left out as the configuration's DataExplorer.features asks (the run's insights hold them): ",
                      absl::StrJoin(left_out, ", "), "."));
  }
}

void DrawPerformance(PdfCanvas& canvas, const Section& section, const ScorecardInput& input) {
  std::vector<const MetricBlock*> metrics;
  std::vector<const Block*> others;
  for (const auto* block : AllBlocks(section)) {
    if (!block->has_metric()) {
      others.push_back(block);
    } else if (!IsUserCohortMetric(input, block->metric())) {
      metrics.push_back(&block->metric());
    }
  }
  DrawMetrics(canvas, "Metrics", metrics, input);
  DrawBlocks(canvas, others, input);
}

void DrawCohorts(PdfCanvas& canvas, const Section& section, const ScorecardInput& input) {
  const bool any_cohort_metric = !UserCohortMetrics(input).empty();
  const auto absent = DrawCohortComparison(canvas, input);
  if (any_cohort_metric) {
    Note(canvas,
         "Cohorts are held to the whole data's targets for information (✓ met, ✗ not met); the verdict on the "
         "first page counts whole-data targets only.");
  }
  if (!absent.empty()) {
    Note(canvas, absl::StrCat("No analysis of this run reported a metric for ",
                              absent.size() == 1 ? "the cohort " : "the cohorts ", absl::StrJoin(absent, ", "),
                              " (model_overview reports each cohort's size and metrics)."));
  }
  // Error analysis' headline, its worst and best cohorts in words, before its tables and charts.
  auto blocks = AllBlocks(section);
  std::stable_partition(blocks.begin(), blocks.end(), [](const Block* block) { return block->has_text(); });
  DrawBlocks(canvas, blocks, input);
}

void DrawImportance(PdfCanvas& canvas, const Section& section, const ScorecardInput& input) {
  const int configured = input.config.feature_importance().top_n();
  const int top_n = configured > 0 ? configured : kDefaultTopN;
  std::vector<const Block*> pending;
  for (const auto* block : AllBlocks(section)) {
    if (!block->has_chart() || block->chart().role() != glassbox::v1::FEATURE_IMPORTANCE ||
        block->chart().series_size() == 0) {
      pending.push_back(block);
      continue;
    }
    DrawBlocks(canvas, pending, input);
    pending.clear();
    const Block top = TopCategories(*block, top_n);
    const int shown = top.chart().categories_size();
    const std::string& measure = block->chart().y_label();
    const std::string title =
        absl::StrCat("Top ", shown, shown == 1 ? " feature" : " features", measure.empty() ? "" : " by ", measure);
    DrawChart(canvas, title, top.chart(), BarLayout::kSideways);
  }
  DrawBlocks(canvas, pending, input);
}

struct DisparityMetric {
  const MetricBlock* metric;
  Disparity name;
};

bool Wanted(const ScorecardConfig::Fairness& fairness, const Disparity& name) {
  if (!fairness.metrics().empty() && !AnySameMetric(fairness.metrics(), name.metric)) return false;
  if (!fairness.sensitive_features().empty() && !AnyEqualsIgnoreCase(fairness.sensitive_features(), name.feature)) {
    return false;
  }
  return fairness.evaluation_kind() == glassbox::v1::FAIRNESS_EVALUATION_KIND_UNSPECIFIED ||
         fairness.evaluation_kind() == name.kind;
}

void DrawDisparities(PdfCanvas& canvas, const std::vector<DisparityMetric>& disparities,
                     const ScorecardInput& input) {
  if (disparities.empty()) return;
  std::vector<const MetricBlock*> metrics;
  for (const auto& disparity : disparities) metrics.push_back(disparity.metric);
  DrawMetrics(canvas, "Disparities between groups", metrics, input);
  Note(canvas,
       "Difference: the largest gap in the metric between any two groups of the feature (0 means all groups "
       "are alike). Ratio: the smallest group's value divided by the largest's (1 means all groups are alike).");
}

void DrawFairness(PdfCanvas& canvas, const Section& section, const ScorecardInput& input) {
  const auto& fairness = input.config.fairness();
  std::vector<DisparityMetric> disparities;
  std::vector<const Block*> others;
  for (const auto* block : AllBlocks(section)) {
    const std::string feature = FeatureOf(*block);
    const bool wanted = fairness.sensitive_features().empty() || feature.empty() ||
                        AnyEqualsIgnoreCase(fairness.sensitive_features(), feature);
    auto disparity = block->has_metric() ? DisparityOf(block->metric()) : std::nullopt;
    if (disparity) {
      if (Wanted(fairness, *disparity)) disparities.push_back({&block->metric(), *disparity});
    } else if (wanted) {
      others.push_back(block);
    }
  }
  DrawDisparities(canvas, disparities, input);
  DrawBlocks(canvas, others, input, [](const std::vector<const MetricBlock*>& metrics) -> std::string {
    const std::string& feature = metrics.front()->feature();
    const bool one_feature = !feature.empty() && std::all_of(metrics.begin(), metrics.end(), [&](const auto* m) {
      return m->feature() == feature;
    });
    return one_feature ? absl::StrCat("Parity summary for ", feature) : "Parity summary";
  });
}

void DrawCausal(PdfCanvas& canvas, const Section& section, const ScorecardInput& input) {
  const auto treatments = ToVector(input.config.causal().treatments());
  std::vector<const Block*> pending;
  for (const auto* block : AllBlocks(section)) {
    auto estimates = block->has_table() ? ReadIntervals(block->table(), treatments) : std::nullopt;
    if (!estimates) {
      pending.push_back(block);
      continue;
    }
    DrawBlocks(canvas, pending, input);
    pending.clear();
    DrawIntervalTable(canvas, block->title(), *estimates);
  }
  DrawBlocks(canvas, pending, input);
}

}  // namespace

std::string DescribeUnfinished(const glassbox::v1::AnalysisStatus& status) {
  switch (status.state()) {
    case glassbox::v1::ANALYSIS_FAILED:
      return absl::StrCat("The ", status.analyzer(),
                          " analysis failed: ", status.error().empty() ? "no reason was recorded" : status.error(),
                          absl::EndsWith(status.error(), ".") ? "" : ".");
    case glassbox::v1::ANALYSIS_CANCELLED:
      return absl::StrCat("The ", status.analyzer(), " analysis was cancelled.");
    default:
      return absl::StrCat("The ", status.analyzer(), " analysis did not finish.");
  }
}

void DrawSection(PdfCanvas& canvas, const Section& section, const ScorecardInput& input) {
  DrawHeading(canvas, section);
  DrawUnfinished(canvas, section);
  switch (section.kind) {
    case glassbox::v1::SCORECARD_SECTION_DATA:
      return DrawData(canvas, section, input);
    case glassbox::v1::SCORECARD_SECTION_PERFORMANCE:
      return DrawPerformance(canvas, section, input);
    case glassbox::v1::SCORECARD_SECTION_COHORTS:
      return DrawCohorts(canvas, section, input);
    case glassbox::v1::SCORECARD_SECTION_IMPORTANCE:
      return DrawImportance(canvas, section, input);
    case glassbox::v1::SCORECARD_SECTION_FAIRNESS:
      return DrawFairness(canvas, section, input);
    case glassbox::v1::SCORECARD_SECTION_CAUSAL:
      return DrawCausal(canvas, section, input);
    default:
      return DrawBlocks(canvas, AllBlocks(section), input);
  }
}

}  // namespace glassbox::scorecard
