// Heat map binning on hand-worked cases (pandas.cut / pandas.qcut semantics).
#include "heat_map.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace glassbox::plugins {
namespace {

std::vector<size_t> AllRows(size_t n) {
  std::vector<size_t> rows(n);
  for (size_t i = 0; i < n; ++i) rows[i] = i;
  return rows;
}

std::vector<std::string> Labels(const HeatMapAxis& axis) { return axis.labels; }

TEST(HeatMapTest, CutsEqualWidthIntervalsClosedOnTheRight) {
  // 0..9 into 2 bins: edges linspace(0, 9, 3) = 0, 4.5, 9.
  std::vector<double> values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  auto column = sdk::Column::Numeric("x", values);
  HeatMapAxis axis = BinAxis(*column, AllRows(10), 2, Binning::kEqualWidth);
  EXPECT_EQ(Labels(axis), (std::vector<std::string>{"[0, 4.5]", "(4.5, 9]"}));
  EXPECT_EQ(axis.bins, (std::vector<int32_t>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
}

TEST(HeatMapTest, CutsQuantileIntervalsAndDropsRepeatedEdges) {
  // 1..9 into 4: quantiles 1, 3, 5, 7, 9; a value on an edge belongs below it.
  std::vector<double> values = {9, 8, 7, 6, 5, 4, 3, 2, 1};
  auto column = sdk::Column::Numeric("x", values);
  HeatMapAxis axis = BinAxis(*column, AllRows(9), 4, Binning::kQuantile);
  EXPECT_EQ(Labels(axis), (std::vector<std::string>{"[1, 3]", "(3, 5]", "(5, 7]", "(7, 9]"}));
  EXPECT_EQ(axis.bins, (std::vector<int32_t>{3, 3, 2, 2, 1, 1, 0, 0, 0}));

  // Mostly zeros: the quantiles 0, 0, 0, 2.5, 5 leave the edges {0, 2.5, 5}
  // once repeated ones are dropped (pandas.qcut(y, 4, duplicates="drop"):
  // 8 and 3 rows).
  std::vector<double> skewed = {0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5};
  auto skewed_column = sdk::Column::Numeric("y", skewed);
  HeatMapAxis skewed_axis = BinAxis(*skewed_column, AllRows(11), 4, Binning::kQuantile);
  EXPECT_EQ(Labels(skewed_axis), (std::vector<std::string>{"[0, 2.5]", "(2.5, 5]"}));
  EXPECT_EQ(skewed_axis.bins, (std::vector<int32_t>{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1}));
}

TEST(HeatMapTest, KeepsFewValuesAndCategoriesAsTheyAreWithMissingLast) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto numbers = sdk::Column::Numeric("n", {3, 1, nan, 3, 2});
  HeatMapAxis axis = BinAxis(*numbers, AllRows(5), 8, Binning::kEqualWidth);
  EXPECT_EQ(Labels(axis), (std::vector<std::string>{"1", "2", "3", "(missing)"}));
  EXPECT_EQ(axis.bins, (std::vector<int32_t>{2, 0, 3, 2, 1}));

  // Category "b" has no row among those analysed: it gets no label.
  auto categories = sdk::Column::Categorical("c", {"a", "b", "c"}, {2, 0, 2, sdk::Column::kMissingCode, 1});
  HeatMapAxis cat_axis = BinAxis(*categories, std::vector<size_t>{0, 1, 2, 3}, 8, Binning::kEqualWidth);
  EXPECT_EQ(Labels(cat_axis), (std::vector<std::string>{"a", "c", "(missing)"}));
  EXPECT_EQ(cat_axis.bins, (std::vector<int32_t>{1, 0, 1, 2}));
}

TEST(HeatMapTest, CountsRowsAndErrorsPerCell) {
  auto x = sdk::Column::Categorical("x", {"p", "q"}, {0, 0, 1, 1, 1});
  auto y = sdk::Column::Numeric("y", {1, 2, 1, 1, 2});
  std::vector<HeatMapAxis> axes = {BinAxis(*x, AllRows(5), 8, Binning::kEqualWidth),
                                   BinAxis(*y, AllRows(5), 8, Binning::kEqualWidth)};
  std::vector<double> errors = {1, 0, 1, 0, 1};
  auto heat_map = BuildHeatMap(axes, Binning::kEqualWidth, errors, "");
  EXPECT_EQ(heat_map.binning(), "equal_width");
  ASSERT_EQ(heat_map.features_size(), 2);
  EXPECT_EQ(heat_map.column_labels(1), "2");
  ASSERT_EQ(heat_map.cells_size(), 4);
  // (q, 1): rows 2 and 3, one error.
  const auto& cell = heat_map.cells(2);
  EXPECT_EQ(cell.row(), 1);
  EXPECT_EQ(cell.column(), 0);
  EXPECT_EQ(cell.count(), 2);
  EXPECT_EQ(cell.error(), 1);
  EXPECT_EQ(cell.error_rate(), 0.5);

  auto one = BuildHeatMap(std::span(axes).first(1), Binning::kQuantile, errors, "");
  EXPECT_EQ(one.column_labels_size(), 0);
  ASSERT_EQ(one.cells_size(), 2);
  EXPECT_EQ(one.cells(1).count(), 3);
  EXPECT_EQ(one.cells(1).error(), 2);
}

}  // namespace
}  // namespace glassbox::plugins
