// What the scorecard reads out of analyzers' generic blocks to arrange and
// draw them: the column a block is about, tables with a row per feature, the
// categories or five-number summary of one feature, a bar chart's largest
// categories, and estimates with confidence intervals.
#ifndef GLASSBOX_DAEMON_SCORECARD_BLOCK_READING_H_
#define GLASSBOX_DAEMON_SCORECARD_BLOCK_READING_H_

#include <optional>
#include <string>
#include <vector>

#include "daemon/scorecard/chart_drawer.h"
#include "glassbox/v1/insight.pb.h"

namespace glassbox::scorecard {

// The column of `columns` a block is about: its chart's x axis, its table's
// first column, or the longest column name its title mentions as a word.
// Empty when none.
std::string ReferencedColumn(const glassbox::v1::Block& block, const std::vector<std::string>& columns);

// A table with one or more rows per feature, its first column named "Feature".
bool IsPerFeatureTable(const glassbox::v1::Block& block);

// A bar chart of `feature`'s category counts, read from the first per-feature
// table of (feature, category, count, ...) rows that has some.
std::optional<glassbox::v1::Block> CategoryChart(const std::vector<const glassbox::v1::Block*>& blocks,
                                                 const std::string& feature);

// `feature`'s minimum, quartiles and maximum, read from a per-feature table
// with columns named Min, 25%, Median, 75% and Max.
std::optional<FiveNumbers> FiveNumbersOf(const std::vector<const glassbox::v1::Block*>& blocks,
                                         const std::string& feature);

// A copy of a bar chart block keeping the `n` categories with the largest
// values of its first series, largest first, its title saying "top n of m"
// when some were dropped.
glassbox::v1::Block TopCategories(const glassbox::v1::Block& block, int n);

struct IntervalTable {
  // The rows kept.
  glassbox::v1::TableBlock table;
  std::vector<Interval> intervals;
  // The estimate column's header, e.g. "Effect".
  std::string estimate_column;
};

// Reads a table of estimates with confidence intervals: a text label column
// and columns whose headers mention an estimate ("effect", "estimate",
// "point", "coef"), a lower bound ("lower", "ci_low", "2.5") and an upper one
// ("upper", "ci_high", "97.5"). Keeps the rows labelled one of `labels`
// (ignoring case), or all when `labels` is empty. Nullopt for other tables.
std::optional<IntervalTable> ReadIntervals(const glassbox::v1::TableBlock& table,
                                           const std::vector<std::string>& labels);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_BLOCK_READING_H_
