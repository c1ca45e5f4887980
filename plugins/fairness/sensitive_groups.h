// The groups a sensitive feature splits the analysed rows into, as Fairlearn's
// MetricFrame forms them: the distinct values of the feature among the rows,
// sorted; for several features, every combination of their values (the
// cartesian product, so some intersections may hold no row).
//
// A numeric column with at most k distinct values (a coded category, such as
// sex as 0 and 1) keeps them as its groups, named by the shortest text that
// reads back as the value. One with more is cut into k quantile bins: edges at
// the quantiles 0, 1/k, ..., 1 of its values (numpy's linear interpolation),
// duplicates dropped; bin i is [edges[i], edges[i+1]), the last one closed.
// A missing value (NaN, or no category) forms the group "(missing)", sorted last.
#ifndef GLASSBOX_PLUGINS_FAIRNESS_SENSITIVE_GROUPS_H_
#define GLASSBOX_PLUGINS_FAIRNESS_SENSITIVE_GROUPS_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "glassbox/sdk/table.h"

namespace glassbox::plugins {

inline constexpr char kMissingGroup[] = "(missing)";

struct Binning {
  std::string column;
  std::vector<double> edges;
};

struct SensitiveGroups {
  // The column, or the columns joined by ", " for an intersection.
  std::string name;
  std::vector<std::string> columns;
  // Group names, e.g. "Female", "[17, 28)", "Female, White".
  std::vector<std::string> groups;
  // For each group, its value of each column.
  std::vector<std::vector<std::string>> group_values;
  // The group of each analysed row, by position in the `rows` the groups were formed over.
  std::vector<int32_t> group_of_row;
  // The numeric columns that were binned.
  std::vector<Binning> binnings;
};

// `num_bins` >= 1 applies to numeric columns only.
SensitiveGroups GroupRows(const sdk::Column& column, std::span<const size_t> rows, int num_bins);

// The combinations of the groups of each of `features` (formed over the same
// rows), in lexicographic order of their group indices. `features` is not empty.
SensitiveGroups Intersect(std::span<const SensitiveGroups> features);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_FAIRNESS_SENSITIVE_GROUPS_H_
