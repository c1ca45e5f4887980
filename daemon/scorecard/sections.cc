#include "daemon/scorecard/sections.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>
#include <numeric>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/scorecard/block_drawer.h"
#include "daemon/scorecard/chart_drawer.h"
#include "daemon/scorecard/layout.h"
#include "daemon/scorecard/number_format.h"
#include "daemon/scorecard/table_drawer.h"
#include "daemon/scorecard/targets.h"
#include "daemon/scorecard/text_match.h"
#include "glassbox/sdk/target.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::Block;
using glassbox::v1::MetricBlock;
using glassbox::v1::ScorecardConfig;

constexpr TextStyle kNoteStyle{style::kBodySize - 0.5f, false, style::kMuted};
constexpr int kDefaultTopN = 10;
// Space a section heading wants below it on the same page.
constexpr float kKeepWithHeading = 120;

struct SectionText {
  const char* title;
  const char* purpose;
};

SectionText TextFor(SectionKind kind) {
  switch (kind) {
    case SectionKind::kData:
      return {"Data analysis", "What the evaluation data looks like: its size, the balance of outcomes and how key features are spread."};
    case SectionKind::kPerformance:
      return {"Model performance", "How often the model is right, how it errs, and what it predicts."};
    case SectionKind::kCohorts:
      return {"Cohorts", "How the model does on groups of interest, and where its errors concentrate."};
    case SectionKind::kImportance:
      return {"Feature importance", "Which inputs drive the model's predictions the most."};
    case SectionKind::kFairness:
      return {"Fairness", "Whether the model treats the groups of each sensitive feature alike."};
    case SectionKind::kCausal:
      return {"Causal analysis", "The estimated effect on the outcome of changing a feature, all else equal."};
    case SectionKind::kOther:
      break;
  }
  return {"", ""};
}

void Note(PdfCanvas& canvas, const std::string& text) {
  canvas.Paragraph(text, kNoteStyle);
  canvas.MoveDown(6);
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

// Column names blocks may be about: the dataset's and any the configuration names.
std::vector<std::string> KnownColumns(const ScorecardInput& input) {
  std::vector<std::string> columns;
  for (const auto& column : input.dataset.columns()) columns.push_back(column.name());
  for (const auto* names : {&input.config.data_explorer().features(), &input.config.fairness().sensitive_features(),
                            &input.config.causal().treatments()}) {
    columns.insert(columns.end(), names->begin(), names->end());
  }
  return columns;
}

// The column a block is about: its chart's x axis, its table's first column,
// or the longest column name its title mentions. Empty when none.
std::string ReferencedColumn(const Block& block, const std::vector<std::string>& columns) {
  auto known = [&](const std::string& name) { return std::find(columns.begin(), columns.end(), name) != columns.end(); };
  if (block.has_chart() && known(block.chart().x_label())) return block.chart().x_label();
  if (block.has_table() && block.table().columns_size() > 0 && known(block.table().columns(0))) {
    return block.table().columns(0);
  }
  std::string best;
  for (const auto& column : columns) {
    if (column.size() > best.size() && MentionsWord(block.title(), column)) best = column;
  }
  return best;
}

std::string Versions(const Section& section) {
  std::set<std::string> versions;
  for (const auto* insight : section.insights) {
    if (!insight->analyzer_version().empty()) versions.insert(insight->analyzer_version());
  }
  for (const auto* status : section.unfinished) {
    if (!status->analyzer_version().empty()) versions.insert(status->analyzer_version());
  }
  return absl::StrJoin(versions, ", ");
}

void DrawHeading(PdfCanvas& canvas, const Section& section) {
  const SectionText text = TextFor(section.kind);
  const std::string title = section.kind == SectionKind::kOther ? HumanizeAnalyzer(section.analyzer) : text.title;
  const std::string purpose =
      section.kind == SectionKind::kOther ? absl::StrCat("Results of the ", section.analyzer, " analysis.") : text.purpose;
  const std::string versions = Versions(section);
  const std::string source = section.insights.empty() && section.unfinished.empty()
                                 ? ""
                                 : absl::StrCat("  Source: analyzer ", section.analyzer, versions.empty() ? "" : " ", versions, ".");
  SectionHeading(canvas, title, absl::StrCat(purpose, source), kKeepWithHeading);
}

void DrawUnfinished(PdfCanvas& canvas, const Section& section) {
  for (const auto* status : section.unfinished) {
    Notice(canvas,
           absl::StrCat(DescribeUnfinished(*status),
                        " Its results are missing from this scorecard, and targets it would have measured count as not met."),
           NoticeKind::kFailure);
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
  add("File", dataset.size_bytes() > 0 ? absl::StrCat(FormatBytes(dataset.size_bytes()), ", SHA-256 ", dataset.sha256()) : "");
  DrawTable(canvas, "The dataset", facts);
}

std::string CellText(const glassbox::v1::TableRow& row, int column) {
  return column < row.cells_size() ? row.cells(column).text() : "";
}

double CellNumber(const glassbox::v1::TableRow& row, int column) {
  return column < row.cells_size() && row.cells(column).value_case() == glassbox::v1::Cell::kNumber
             ? row.cells(column).number()
             : std::nan("");
}

std::vector<const Block*> Pointers(const std::vector<Block>& blocks) {
  std::vector<const Block*> pointers;
  for (const auto& block : blocks) pointers.push_back(&block);
  return pointers;
}

// A table with one or more rows per feature, its first column "Feature".
bool IsPerFeatureTable(const Block& block) {
  return block.has_table() && block.table().columns_size() > 1 && absl::EqualsIgnoreCase(block.table().columns(0), "feature");
}

// A bar chart of `feature`'s category counts, read from a per-feature table
// of (feature, category, count) rows.
std::optional<Block> CategoryChart(const std::vector<const Block*>& blocks, const std::string& feature) {
  for (const auto* block : blocks) {
    if (!IsPerFeatureTable(*block) || block->table().columns_size() < 3) continue;
    Block chart_block;
    chart_block.set_title(absl::StrCat("Distribution of ", feature));
    auto* chart = chart_block.mutable_chart();
    chart->set_kind(glassbox::v1::BAR);
    chart->set_x_label(feature);
    chart->set_y_label(block->table().columns(2));
    auto* counts = chart->add_series();
    counts->set_name(block->table().columns(2));
    for (const auto& row : block->table().rows()) {
      if (row.cells_size() < 3 || row.cells(0).text() != feature || row.cells(1).value_case() != glassbox::v1::Cell::kText ||
          row.cells(2).value_case() != glassbox::v1::Cell::kNumber) {
        continue;
      }
      chart->add_categories(row.cells(1).text());
      counts->add_values(row.cells(2).number());
    }
    if (chart->categories_size() > 0) return chart_block;
  }
  return std::nullopt;
}

// `feature`'s minimum, quartiles and maximum, read from a per-feature table
// with columns named Min, 25%, Median, 75% and Max.
std::optional<FiveNumbers> FiveNumbersOf(const std::vector<const Block*>& blocks, const std::string& feature) {
  for (const auto* block : blocks) {
    if (!IsPerFeatureTable(*block)) continue;
    const auto& table = block->table();
    int at[5] = {-1, -1, -1, -1, -1};
    const char* names[5] = {"min", "25%", "median", "75%", "max"};
    for (int c = 0; c < table.columns_size(); ++c) {
      for (int k = 0; k < 5; ++k) {
        if (absl::EqualsIgnoreCase(table.columns(c), names[k])) at[k] = c;
      }
    }
    if (std::any_of(std::begin(at), std::end(at), [](int c) { return c < 0; })) continue;
    for (const auto& row : table.rows()) {
      if (row.cells_size() == 0 || row.cells(0).text() != feature) continue;
      double v[5];
      for (int k = 0; k < 5; ++k) v[k] = CellNumber(row, at[k]);
      if (std::any_of(std::begin(v), std::end(v), [](double x) { return std::isnan(x); })) continue;
      return FiveNumbers{v[0], v[1], v[2], v[3], v[4]};
    }
  }
  return std::nullopt;
}

void DrawData(PdfCanvas& canvas, const Section& section, const ScorecardInput& input) {
  DrawDatasetFacts(canvas, input);
  const auto blocks = AllBlocks(section);
  const auto columns = KnownColumns(input);
  const std::string& outcome = input.run.spec().target_column();
  // The outcome's balance first.
  std::vector<const Block*> label, rest;
  for (const auto* block : blocks) {
    (!outcome.empty() && ReferencedColumn(*block, columns) == outcome ? label : rest).push_back(block);
  }
  DrawBlocks(canvas, label, input.config);
  const auto features = ToVector(input.config.data_explorer().features());
  if (features.empty()) {
    DrawBlocks(canvas, rest, input.config);
    return;
  }
  std::vector<Block> general;
  std::vector<std::vector<Block>> by_feature(features.size());
  std::set<std::string> left_out;
  for (const auto* block : rest) {
    if (IsPerFeatureTable(*block)) {
      Block kept = *block;
      auto* rows = kept.mutable_table()->mutable_rows();
      rows->Clear();
      for (const auto& row : block->table().rows()) {
        const std::string feature = row.cells_size() > 0 ? row.cells(0).text() : "";
        if (std::find(features.begin(), features.end(), feature) != features.end()) {
          *rows->Add() = row;
        } else {
          left_out.insert(feature);
        }
      }
      if (!rows->empty()) general.push_back(std::move(kept));
      continue;
    }
    const std::string column = ReferencedColumn(*block, columns);
    auto it = std::find(features.begin(), features.end(), column);
    if (column.empty()) {
      general.push_back(*block);
    } else if (it != features.end()) {
      by_feature[it - features.begin()].push_back(*block);
    } else {
      left_out.insert(column);
    }
  }
  DrawBlocks(canvas, Pointers(general), input.config);
  // Each feature's own charts, else one drawn from the per-feature tables.
  for (size_t f = 0; f < features.size(); ++f) {
    DrawBlocks(canvas, Pointers(by_feature[f]), input.config);
    if (std::any_of(by_feature[f].begin(), by_feature[f].end(), [](const Block& b) { return b.has_chart(); })) continue;
    const std::string title = absl::StrCat("Distribution of ", features[f]);
    if (auto chart = CategoryChart(rest, features[f])) {
      DrawBlocks(canvas, {&*chart}, input.config);
    } else if (auto numbers = FiveNumbersOf(rest, features[f])) {
      DrawBoxPlot(canvas, title, *numbers, features[f]);
    }
  }
  if (!left_out.empty()) {
    Note(canvas, absl::StrCat("Left out as the configuration's DataExplorer.features asks (the run's insights hold them): ",
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
  DrawMetrics(canvas, "Metrics", metrics, input.config);
  std::vector<std::string> unreported;
  for (const auto& configured : input.config.metrics()) {
    if (std::none_of(metrics.begin(), metrics.end(),
                     [&](const auto* m) { return absl::EqualsIgnoreCase(m->name(), configured.name()); })) {
      unreported.push_back(configured.name());
    }
  }
  if (!unreported.empty() && !section.insights.empty()) {
    Note(canvas, absl::StrCat("Named in the configuration's Metrics but not reported by this analysis: ",
                              absl::StrJoin(unreported, ", "), "."));
  }
  DrawBlocks(canvas, others, input.config);
}

void DrawCohorts(PdfCanvas& canvas, const Section& section, const ScorecardInput& input) {
  const auto metrics = UserCohortMetrics(input);
  if (!metrics.empty()) {
    DrawMetrics(canvas, "Metrics of the run's cohorts", metrics, input.config);
    Note(canvas, "Cohorts are held to the whole data's targets for information; the verdict on the first page counts "
                 "whole-data targets only.");
  }
  std::vector<std::string> absent;
  for (const auto& name : input.config.cohorts()) {
    if (std::none_of(metrics.begin(), metrics.end(), [&](const auto* m) { return m->cohort() == name; })) {
      absent.push_back(name);
    }
  }
  if (!absent.empty()) {
    Note(canvas, absl::StrCat("No metrics were reported for the configured cohorts ", absl::StrJoin(absent, ", "), "."));
  }
  // Error analysis' headline, its worst and best cohorts in words, before its tables and charts.
  auto blocks = AllBlocks(section);
  std::stable_partition(blocks.begin(), blocks.end(), [](const Block* block) { return block->has_text(); });
  DrawBlocks(canvas, blocks, input.config);
}

// A copy of a bar chart block keeping the `n` categories with the largest
// values of its first series, largest first.
Block TopCategories(const Block& block, int n) {
  const auto& chart = block.chart();
  size_t count = chart.categories_size();
  for (const auto& series : chart.series()) count = std::min<size_t>(count, series.values_size());
  std::vector<size_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  const auto& lead = chart.series(0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const double va = lead.values(a), vb = lead.values(b);
    if (std::isnan(vb)) return !std::isnan(va);
    return va > vb;
  });
  order.resize(std::min<size_t>(order.size(), n));
  Block top = block;
  auto* top_chart = top.mutable_chart();
  top_chart->clear_categories();
  for (size_t i : order) top_chart->add_categories(chart.categories(i));
  for (int s = 0; s < chart.series_size(); ++s) {
    auto* values = top_chart->mutable_series(s)->mutable_values();
    values->Clear();
    for (size_t i : order) values->Add(chart.series(s).values(i));
  }
  if (count > order.size()) top.set_title(absl::StrCat(block.title(), " — top ", order.size(), " of ", count));
  return top;
}

void DrawImportance(PdfCanvas& canvas, const Section& section, const ScorecardInput& input) {
  const int top_n = input.config.has_feature_importance() ? input.config.feature_importance().top_n() : kDefaultTopN;
  std::vector<const Block*> pending;
  for (const auto* block : AllBlocks(section)) {
    if (!block->has_chart() || block->chart().kind() != glassbox::v1::BAR || block->chart().series_size() == 0) {
      pending.push_back(block);
      continue;
    }
    DrawBlocks(canvas, pending, input.config);
    pending.clear();
    const Block top = TopCategories(*block, top_n);
    DrawChart(canvas, top.title(), top.chart(), BarLayout::kSideways);
  }
  DrawBlocks(canvas, pending, input.config);
}

struct Disparity {
  const MetricBlock* metric;
  DisparityName name;
};

bool Wanted(const ScorecardConfig::Fairness& fairness, const DisparityName& name) {
  if (!fairness.metrics().empty() && !AnyEqualsIgnoreCase(fairness.metrics(), name.metric)) return false;
  if (!fairness.sensitive_features().empty() && !AnyEqualsIgnoreCase(fairness.sensitive_features(), name.feature)) {
    return false;
  }
  return fairness.evaluation_kind() == glassbox::v1::FAIRNESS_EVALUATION_KIND_UNSPECIFIED ||
         fairness.evaluation_kind() == name.kind;
}

void DrawDisparities(PdfCanvas& canvas, const std::vector<Disparity>& disparities, const ScorecardConfig& config) {
  if (disparities.empty()) return;
  const bool any_target = std::any_of(disparities.begin(), disparities.end(),
                                      [&](const Disparity& d) { return EffectiveTarget(config, *d.metric).has_value(); });
  TableData table;
  table.columns = {"Sensitive feature", "Metric", "Disparity", "Value"};
  if (any_target) table.columns.insert(table.columns.end(), {"Target", "Result"});
  for (const auto& disparity : disparities) {
    auto& row = table.rows.emplace_back();
    row.push_back(NameCell(disparity.name.feature));
    row.push_back(NameCell(disparity.name.metric));
    row.push_back(TextCell(disparity.name.kind == glassbox::v1::FAIRNESS_RATIO ? "ratio (1 = parity)"
                                                                              : "difference (0 = parity)"));
    row.push_back(NumberCell(disparity.metric->value()));
    if (any_target) {
      const auto target = EffectiveTarget(config, *disparity.metric);
      row.push_back(TextCell(target ? sdk::FormatTarget(*target) : "—"));
      row.push_back(MarkCell(EffectiveVerdict(config, *disparity.metric)));
    }
  }
  DrawTable(canvas, "Disparities between groups", table);
  Note(canvas, "Difference: the largest gap in the metric between any two groups of the feature (0 means all groups "
               "are alike). Ratio: the smallest group's value divided by the largest's (1 means all groups are alike).");
}

void DrawFairness(PdfCanvas& canvas, const Section& section, const ScorecardInput& input) {
  const auto& fairness = input.config.fairness();
  std::vector<Disparity> disparities;
  std::vector<const Block*> others;
  const auto columns = KnownColumns(input);
  const auto sensitive = ToVector(fairness.sensitive_features());
  for (const auto* block : AllBlocks(section)) {
    if (block->has_metric()) {
      if (auto name = ParseDisparityName(block->metric().name())) {
        if (Wanted(fairness, *name)) disparities.push_back({&block->metric(), *name});
        continue;
      }
      others.push_back(block);
      continue;
    }
    const std::string column = ReferencedColumn(*block, columns);
    if (sensitive.empty() || column.empty() || AnyEqualsIgnoreCase(sensitive, column)) others.push_back(block);
  }
  DrawDisparities(canvas, disparities, input.config);
  DrawBlocks(canvas, others, input.config);
}

// Column indices of a table of estimates with confidence intervals.
struct IntervalColumns {
  int label = -1, estimate = -1, lower = -1, upper = -1;
};

int ColumnMentioning(const glassbox::v1::TableBlock& table, std::initializer_list<const char*> words) {
  for (int c = 0; c < table.columns_size(); ++c) {
    for (const char* word : words) {
      if (ContainsIgnoreCase(table.columns(c), word)) return c;
    }
  }
  return -1;
}

std::optional<IntervalColumns> FindIntervalColumns(const glassbox::v1::TableBlock& table) {
  IntervalColumns columns;
  columns.lower = ColumnMentioning(table, {"lower", "ci_low", "2.5"});
  columns.upper = ColumnMentioning(table, {"upper", "ci_high", "97.5"});
  columns.estimate = ColumnMentioning(table, {"effect", "estimate", "point", "coef"});
  if (columns.lower < 0 || columns.upper < 0 || columns.estimate < 0 || table.rows_size() == 0) return std::nullopt;
  for (int c = 0; c < table.columns_size() && columns.label < 0; ++c) {
    const auto& cells = table.rows(0).cells();
    if (c < cells.size() && cells[c].value_case() == glassbox::v1::Cell::kText) columns.label = c;
  }
  if (columns.label < 0) return std::nullopt;
  return columns;
}

void DrawCausal(PdfCanvas& canvas, const Section& section, const ScorecardInput& input) {
  const auto treatments = ToVector(input.config.causal().treatments());
  std::vector<const Block*> pending;
  for (const auto* block : AllBlocks(section)) {
    const auto columns = block->has_table() ? FindIntervalColumns(block->table()) : std::nullopt;
    if (!columns) {
      pending.push_back(block);
      continue;
    }
    DrawBlocks(canvas, pending, input.config);
    pending.clear();
    glassbox::v1::TableBlock shown = block->table();
    shown.clear_rows();
    std::vector<Interval> intervals;
    for (const auto& row : block->table().rows()) {
      const std::string label = CellText(row, columns->label);
      if (!treatments.empty() && !AnyEqualsIgnoreCase(treatments, label)) continue;
      *shown.add_rows() = row;
      intervals.push_back({label, CellNumber(row, columns->estimate), CellNumber(row, columns->lower),
                           CellNumber(row, columns->upper)});
    }
    DrawIntervals(canvas, block->title(), intervals, block->table().columns(columns->estimate));
    DrawTable(canvas, "", FromTableBlock(shown));
  }
  DrawBlocks(canvas, pending, input.config);
}

}  // namespace

std::string DescribeUnfinished(const glassbox::v1::AnalysisStatus& status) {
  switch (status.state()) {
    case glassbox::v1::ANALYSIS_FAILED:
      return absl::StrCat("The ", status.analyzer(), " analysis failed: ",
                          status.error().empty() ? "no reason was recorded" : status.error(),
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
    case SectionKind::kData: return DrawData(canvas, section, input);
    case SectionKind::kPerformance: return DrawPerformance(canvas, section, input);
    case SectionKind::kCohorts: return DrawCohorts(canvas, section, input);
    case SectionKind::kImportance: return DrawImportance(canvas, section, input);
    case SectionKind::kFairness: return DrawFairness(canvas, section, input);
    case SectionKind::kCausal: return DrawCausal(canvas, section, input);
    case SectionKind::kOther: return DrawBlocks(canvas, AllBlocks(section), input.config);
  }
}

}  // namespace glassbox::scorecard
