#include "daemon/scorecard/block_drawer.h"

#include <algorithm>

#include "daemon/scorecard/chart_drawer.h"
#include "daemon/scorecard/layout.h"
#include "daemon/scorecard/metric_glossary.h"
#include "daemon/scorecard/table_drawer.h"
#include "daemon/scorecard/targets.h"

namespace glassbox::scorecard {
namespace {

constexpr TextStyle kParagraphStyle{style::kBodySize, false, style::kInk};

}  // namespace

void DrawMetrics(PdfCanvas& canvas, const std::string& title,
                 const std::vector<const glassbox::v1::MetricBlock*>& metrics,
                 const glassbox::v1::ScorecardConfig& config) {
  if (metrics.empty()) return;
  const bool any_cohort =
      std::any_of(metrics.begin(), metrics.end(), [](const auto* m) { return !m->cohort().empty(); });
  const bool any_target = std::any_of(metrics.begin(), metrics.end(),
                                      [&](const auto* m) { return EffectiveTarget(config, *m).has_value(); });
  const bool any_description =
      std::any_of(metrics.begin(), metrics.end(), [](const auto* m) { return !DescribeMetric(*m).empty(); });
  TableData table;
  table.columns.push_back("Metric");
  if (any_cohort) table.columns.push_back("Cohort");
  if (any_description) table.columns.push_back("What it measures");
  table.columns.push_back("Value");
  if (any_target) {
    table.columns.push_back("Target");
    table.columns.push_back("Result");
  }
  for (const auto* metric : metrics) {
    auto& row = table.rows.emplace_back();
    row.push_back(NameCell(metric->name()));
    if (any_cohort) row.push_back(NameCell(metric->cohort().empty() ? "All data" : metric->cohort()));
    if (any_description) row.push_back(TextCell(DescribeMetric(*metric)));
    row.push_back(NumberCell(metric->value()));
    if (any_target) {
      row.push_back(TextCell(EffectiveTargetText(config, *metric)));
      row.push_back(MarkCell(EffectiveVerdict(config, *metric)));
    }
  }
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

void DrawBlock(PdfCanvas& canvas, const glassbox::v1::Block& block) {
  switch (block.content_case()) {
    case glassbox::v1::Block::kTable: {
      if (auto intervals = ReadIntervals(block.table(), {})) {
        DrawIntervalTable(canvas, block.title(), *intervals);
        break;
      }
      TableData table = FromTableBlock(block.table());
      if (block.table().role() == glassbox::v1::CONFUSION_MATRIX) ShadeAsHeatMap(table);
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
                const glassbox::v1::ScorecardConfig& config) {
  for (size_t i = 0; i < blocks.size();) {
    if (!blocks[i]->has_metric()) {
      DrawBlock(canvas, *blocks[i++]);
      continue;
    }
    std::vector<const glassbox::v1::MetricBlock*> run;
    for (; i < blocks.size() && blocks[i]->has_metric(); ++i) run.push_back(&blocks[i]->metric());
    DrawMetrics(canvas, "", run, config);
  }
}

}  // namespace glassbox::scorecard
