// What the scorecard reads out of analyzers' generic blocks to arrange and
// draw them: the column a block is about, tables with a row per feature, the
// categories or five-number summary of one feature, a bar chart's largest
// categories, and estimates with confidence intervals. Only the blocks' typed
// meaning is read (roles, column roles, features), never titles or headers.
#ifndef GLASSBOX_DAEMON_SCORECARD_BLOCK_READING_H_
#define GLASSBOX_DAEMON_SCORECARD_BLOCK_READING_H_

#include <optional>
#include <string>
#include <vector>

#include "daemon/scorecard/chart_drawer.h"
#include "glassbox/v1/insight.pb.h"

namespace glassbox::scorecard {

// The column of the dataset a block says it is about (its metric's, table's or
// chart's feature); empty when none.
std::string FeatureOf(const glassbox::v1::Block& block);

// The first column of `table` with `role`, or -1.
int ColumnWithRole(const glassbox::v1::TableBlock& table, glassbox::v1::ColumnRole role);

// A table with a COLUMN_FEATURE column: one or more rows per feature.
bool IsPerFeatureTable(const glassbox::v1::Block& block);

// A bar chart of `feature`'s category counts, read from the first
// CATEGORY_COUNTS table (columns FEATURE, LABEL and COUNT) that has some.
std::optional<glassbox::v1::Block> CategoryChart(const std::vector<const glassbox::v1::Block*>& blocks,
                                                 const std::string& feature);

// `feature`'s minimum, quartiles and maximum, read from a FIVE_NUMBER_SUMMARY
// table with a FEATURE column and the five columns typed.
std::optional<FiveNumbers> FiveNumbersOf(const std::vector<const glassbox::v1::Block*>& blocks,
                                         const std::string& feature);

// A copy of a bar chart block keeping the `n` categories with the largest
// values of its first series, largest first.
glassbox::v1::Block TopCategories(const glassbox::v1::Block& block, int n);

struct IntervalTable {
  // The rows kept.
  glassbox::v1::TableBlock table;
  std::vector<Interval> intervals;
  // The estimate column's header, e.g. "Effect".
  std::string estimate_column;
};

// Reads an INTERVALS table: its rows' label (the LABEL column, else the
// FEATURE one), ESTIMATE, LOWER_BOUND and UPPER_BOUND columns. Keeps the rows
// labelled one of `labels` (ignoring case), or all when `labels` is empty.
// Nullopt for other tables and for one missing a typed column.
std::optional<IntervalTable> ReadIntervals(const glassbox::v1::TableBlock& table,
                                           const std::vector<std::string>& labels);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_BLOCK_READING_H_
