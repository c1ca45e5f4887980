#include "daemon/scorecard/block_reading.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>

#include "absl/strings/match.h"
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

}  // namespace

std::string ReferencedColumn(const Block& block, const std::vector<std::string>& columns) {
  auto known = [&](const std::string& name) {
    return std::find(columns.begin(), columns.end(), name) != columns.end();
  };
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

bool IsPerFeatureTable(const Block& block) {
  return block.has_table() && block.table().columns_size() > 1 &&
         absl::EqualsIgnoreCase(block.table().columns(0), "feature");
}

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
      if (row.cells_size() < 3 || row.cells(0).text() != feature ||
          row.cells(1).value_case() != glassbox::v1::Cell::kText ||
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
