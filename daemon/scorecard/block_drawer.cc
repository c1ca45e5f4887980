#include "daemon/scorecard/block_drawer.h"

#include <algorithm>

#include "daemon/scorecard/chart_drawer.h"
#include "daemon/scorecard/cohort_sizes.h"
#include "daemon/scorecard/layout.h"
#include "daemon/scorecard/metric_glossary.h"
#include "daemon/scorecard/section_plan.h"
#include "daemon/scorecard/table_drawer.h"
#include "daemon/scorecard/targets.h"

namespace glassbox::scorecard {
namespace {

constexpr TextStyle kParagraphStyle{style::kBodySize, false, style::kInk};

}  // namespace

void DrawMetrics(PdfCanvas& canvas, const std::string& title,
                 const std::vector<const glassbox::v1::MetricBlock*>& metrics, const ScorecardInput& input) {
  if (metrics.empty()) return;
  const auto& config = input.config;
  const CohortSizes sizes(input);
  std::vector<std::string> cohorts;
  for (const auto* metric : metrics) {
    if (!metric->cohort().empty() && std::find(cohorts.begin(), cohorts.end(), metric->cohort()) == cohorts.end()) {
      cohorts.push_back(metric->cohort());
    }
  }
  const bool any_target = std::any_of(metrics.begin(), metrics.end(),
                                      [&](const auto* m) { return EffectiveTarget(config, *m).has_value(); });
  TableData table;
  table.columns = {"Metric", "Name"};
  if (!cohorts.empty()) table.columns.push_back("Cohort");
  table.columns.push_back("What it measures");
  table.columns.push_back("Value");
  if (any_target) {
    table.columns.push_back("Target");
    table.columns.push_back("Result");
  }
  for (const auto* metric : metrics) {
    auto& row = table.rows.emplace_back();
    TableCell words = TextCell(MetricInWords(*metric));
    words.bold = true;
    row.push_back(std::move(words));
    row.push_back(NameCell(metric->name()));
    if (!cohorts.empty()) row.push_back(NameCell(metric->cohort().empty() ? "All data" : sizes.Label(metric->cohort())));
    row.push_back(TextCell(DescribeMetric(*metric)));
    row.push_back(NumberCell(metric->value()));
    if (any_target) {
      row.push_back(TextCell(EffectiveTargetText(config, *metric)));
      row.push_back(MarkCell(EffectiveVerdict(config, *metric)));
    }
  }
  table.note = sizes.Warning(cohorts);
  DrawTable(canvas, title, table);
}

void DrawTextBlock(PdfCanvas& canvas, const std::string& title, const std::string& text) {
  canvas.EnsureSpace(BlockTitleHeight(canvas, title) + 2 * kParagraphStyle.line_height());
  BlockTitle(canvas, title);
  canvas.Paragraph(text, kParagraphStyle);
  canvas.MoveDown(kBlockGap - 4);
}

void DrawIntervalTable(PdfCanvas& canvas, const std::string& title, const IntervalTable& estimates) {
  // The plot and its table of numbers on one page: the table's rows take about kApproxRowHeight each.
  constexpr float kApproxRowHeight = 17;
  const size_t count = estimates.intervals.size();
  canvas.EnsureSpace(IntervalsHeight(canvas, title, count, estimates.estimate_column) +
                     (count + 1) * kApproxRowHeight);
  DrawIntervals(canvas, title, estimates.intervals, estimates.estimate_column);
  DrawTable(canvas, "", FromTableBlock(estimates.table));
}

namespace {

// The labels of a PER_GROUP_METRICS table that name one of the run's
// cohorts, flagged when the cohort is small; returns the warning for them.
std::string FlagSmallCohorts(const glassbox::v1::TableBlock& block, const ScorecardInput& input, TableData& table) {
  std::vector<std::string> flagged;
  const int label = ColumnWithRole(block, glassbox::v1::COLUMN_LABEL);
  if (block.role() != glassbox::v1::PER_GROUP_METRICS || label < 0) return "";
  const CohortSizes sizes(input);
  const auto shown = ShownCohorts(input);
  for (auto& row : table.rows) {
    if (label >= static_cast<int>(row.size())) continue;
    const std::string name = row[label].text;
    if (std::find(shown.begin(), shown.end(), name) == shown.end() || !sizes.IsSmall(name)) continue;
    row[label].text = sizes.Label(name);
    flagged.push_back(name);
  }
  return sizes.Warning(flagged);
}

void DrawBlock(PdfCanvas& canvas, const glassbox::v1::Block& block, const ScorecardInput& input) {
  switch (block.content_case()) {
    case glassbox::v1::Block::kTable: {
      if (auto intervals = ReadIntervals(block.table(), {})) {
        DrawIntervalTable(canvas, block.title(), *intervals);
        break;
      }
      TableData table = FromTableBlock(block.table());
      if (block.table().role() == glassbox::v1::CONFUSION_MATRIX) ShadeAsHeatMap(table);
      table.note = FlagSmallCohorts(block.table(), input, table);
      DrawTable(canvas, block.title(), table);
      break;
    }
    case glassbox::v1::Block::kChart:
      DrawChart(canvas, block.title(), block.chart());
      break;
    case glassbox::v1::Block::kText:
      DrawTextBlock(canvas, block.title(), block.text().text());
      break;
    case glassbox::v1::Block::kMetric:  // DrawBlocks groups metrics into tables.
    case glassbox::v1::Block::CONTENT_NOT_SET:
      break;
  }
}

}  // namespace

void DrawBlocks(PdfCanvas& canvas, const std::vector<const glassbox::v1::Block*>& blocks,
                const ScorecardInput& input, const MetricsTitle& metrics_title) {
  for (size_t i = 0; i < blocks.size();) {
    if (!blocks[i]->has_metric()) {
      DrawBlock(canvas, *blocks[i++], input);
      continue;
    }
    std::vector<const glassbox::v1::MetricBlock*> run;
    for (; i < blocks.size() && blocks[i]->has_metric(); ++i) run.push_back(&blocks[i]->metric());
    DrawMetrics(canvas, metrics_title ? metrics_title(run) : "", run, input);
  }
}

}  // namespace glassbox::scorecard
