#include "glassbox/sdk/table.h"

#include <cmath>

#include <gtest/gtest.h>

namespace glassbox::sdk {
namespace {

Table SmallTable() {
  Table table;
  EXPECT_TRUE(table.AddColumn(Column::Numeric("age", {30, std::nan(""), 50})).ok());
  EXPECT_TRUE(table.AddColumn(Column::Categorical("sex", {"Female", "Male"}, {1, 0, Column::kMissingCode})).ok());
  return table;
}

TEST(TableTest, FindsColumnsByName) {
  Table table = SmallTable();
  EXPECT_EQ(table.num_rows(), 3u);
  EXPECT_EQ(table.IndexOf("sex"), 1);
  EXPECT_EQ(table.Find("missing"), nullptr);
  EXPECT_EQ(table.Find("sex")->CodeOf("Male"), 1);
  EXPECT_FALSE(table.Find("sex")->CodeOf("Other").has_value());
}

TEST(TableTest, ReportsMissingCellsAndFormatsValues) {
  Table table = SmallTable();
  EXPECT_TRUE(table.column(0).IsMissing(1));
  EXPECT_TRUE(table.column(1).IsMissing(2));
  EXPECT_EQ(table.column(0).ValueAsString(2), "50");
  EXPECT_EQ(table.column(1).ValueAsString(0), "Male");
  EXPECT_EQ(table.column(1).ValueAsString(2), "");
}

TEST(TableTest, RefusesColumnsOfAnotherLengthOrTakenName) {
  Table table = SmallTable();
  EXPECT_FALSE(table.AddColumn(Column::Numeric("x", {1, 2})).ok());
  EXPECT_FALSE(table.AddColumn(Column::Numeric("age", {1, 2, 3})).ok());
}

TEST(TableTest, SelectsRowsInOrder) {
  Table table = SmallTable();
  std::vector<size_t> rows = {2, 0};
  Table selected = table.SelectRows(rows);
  ASSERT_EQ(selected.num_rows(), 2u);
  EXPECT_EQ(selected.column(0).values()[0], 50);
  EXPECT_EQ(selected.column(1).ValueAsString(1), "Male");
}

TEST(TableTest, ReplacingAColumnSharesTheOthers) {
  Table table = SmallTable();
  Table copy = table;
  ASSERT_TRUE(copy.ReplaceColumn(Column::Numeric("age", {1, 2, 3})).ok());
  EXPECT_EQ(copy.column(0).values()[0], 1);
  EXPECT_EQ(table.column(0).values()[0], 30);
  EXPECT_EQ(copy.shared_column(1).get(), table.shared_column(1).get());
}

}  // namespace
}  // namespace glassbox::sdk
