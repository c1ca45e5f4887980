#include "daemon/scorecard/block_reading.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "daemon/scorecard/text_match.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::Block;

std::string CellText(const glassbox::v1::TableRow& row, int column) {
  return column < row.cells_size() ? row.cells(column).text() : "";
}

double CellNumber(const glassbox::v1::TableRow& row, int column) {
  return column < row.cells_size() && row.cells(column).value_case() == glassbox::v1::Cell::kNumber
             ? row.cells(column).number()
             : std::nan("");
}

// Column indices of a table of estimates with confidence intervals.
struct IntervalColumns {
  int label = -1, estimate = -1, lower = -1, upper = -1;
};

std::optional<IntervalColumns> FindIntervalColumns(const glassbox::v1::TableBlock& table) {
  if (table.role() != glassbox::v1::INTERVALS) return std::nullopt;
  IntervalColumns columns;
  columns.label = ColumnWithRole(table, glassbox::v1::COLUMN_LABEL);
  if (columns.label < 0) columns.label = ColumnWithRole(table, glassbox::v1::COLUMN_FEATURE);
  columns.estimate = ColumnWithRole(table, glassbox::v1::COLUMN_ESTIMATE);
  columns.lower = ColumnWithRole(table, glassbox::v1::COLUMN_LOWER_BOUND);
  columns.upper = ColumnWithRole(table, glassbox::v1::COLUMN_UPPER_BOUND);
  if (columns.label < 0 || columns.estimate < 0 || columns.lower < 0 || columns.upper < 0) return std::nullopt;
  return columns;
}

}  // namespace

std::string FeatureOf(const Block& block) {
  switch (block.content_case()) {
    case Block::kMetric:
      return block.metric().feature();
    case Block::kTable:
      return block.table().feature();
    case Block::kChart:
      return block.chart().feature();
    default:
      return "";
  }
}

int ColumnWithRole(const glassbox::v1::TableBlock& table, glassbox::v1::ColumnRole role) {
  for (int c = 0; c < table.column_roles_size() && c < table.columns_size(); ++c) {
    if (table.column_roles(c) == role) return c;
  }
  return -1;
}

bool IsPerFeatureTable(const Block& block) {
  return block.has_table() && ColumnWithRole(block.table(), glassbox::v1::COLUMN_FEATURE) >= 0;
}

std::optional<Block> CategoryChart(const std::vector<const Block*>& blocks, const std::string& feature) {
  for (const auto* block : blocks) {
    if (!block->has_table() || block->table().role() != glassbox::v1::CATEGORY_COUNTS) continue;
    const auto& table = block->table();
    const int feature_column = ColumnWithRole(table, glassbox::v1::COLUMN_FEATURE);
    const int category_column = ColumnWithRole(table, glassbox::v1::COLUMN_LABEL);
    const int count_column = ColumnWithRole(table, glassbox::v1::COLUMN_COUNT);
    if (feature_column < 0 || category_column < 0 || count_column < 0) continue;
    Block chart_block;
    chart_block.set_title(absl::StrCat("Distribution of ", feature));
    auto* chart = chart_block.mutable_chart();
    chart->set_kind(glassbox::v1::BAR);
    chart->set_role(glassbox::v1::CATEGORY_DISTRIBUTION);
    chart->set_feature(feature);
    chart->set_x_label(feature);
    chart->set_y_label(table.columns(count_column));
    auto* counts = chart->add_series();
    counts->set_name(table.columns(count_column));
    for (const auto& row : table.rows()) {
      const double count = CellNumber(row, count_column);
      if (CellText(row, feature_column) != feature || std::isnan(count)) continue;
      chart->add_categories(CellText(row, category_column));
      counts->add_values(count);
    }
    if (chart->categories_size() > 0) return chart_block;
  }
  return std::nullopt;
}

std::optional<FiveNumbers> FiveNumbersOf(const std::vector<const Block*>& blocks, const std::string& feature) {
  constexpr glassbox::v1::ColumnRole kRoles[5] = {glassbox::v1::COLUMN_MINIMUM, glassbox::v1::COLUMN_FIRST_QUARTILE,
                                                   glassbox::v1::COLUMN_MEDIAN, glassbox::v1::COLUMN_THIRD_QUARTILE,
                                                   glassbox::v1::COLUMN_MAXIMUM};
  for (const auto* block : blocks) {
    if (!block->has_table() || block->table().role() != glassbox::v1::FIVE_NUMBER_SUMMARY) continue;
    const auto& table = block->table();
    const int feature_column = ColumnWithRole(table, glassbox::v1::COLUMN_FEATURE);
    int at[5];
    for (int k = 0; k < 5; ++k) at[k] = ColumnWithRole(table, kRoles[k]);
    if (feature_column < 0 || std::any_of(std::begin(at), std::end(at), [](int c) { return c < 0; })) continue;
    for (const auto& row : table.rows()) {
      if (CellText(row, feature_column) != feature) continue;
      double v[5];
      for (int k = 0; k < 5; ++k) v[k] = CellNumber(row, at[k]);
      if (std::any_of(std::begin(v), std::end(v), [](double x) { return std::isnan(x); })) continue;
      return FiveNumbers{v[0], v[1], v[2], v[3], v[4]};
    }
  }
  return std::nullopt;
}

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
  return top;
}

std::optional<IntervalTable> ReadIntervals(const glassbox::v1::TableBlock& table,
                                           const std::vector<std::string>& labels) {
  const auto columns = FindIntervalColumns(table);
  if (!columns) return std::nullopt;
  IntervalTable result;
  result.table = table;
  result.table.clear_rows();
  result.estimate_column = table.columns(columns->estimate);
  for (const auto& row : table.rows()) {
    const std::string label = CellText(row, columns->label);
    if (!labels.empty() && !AnyEqualsIgnoreCase(labels, label)) continue;
    *result.table.add_rows() = row;
    result.intervals.push_back(
        {label, CellNumber(row, columns->estimate), CellNumber(row, columns->lower), CellNumber(row, columns->upper)});
  }
  return result;
}

}  // namespace glassbox::scorecard
