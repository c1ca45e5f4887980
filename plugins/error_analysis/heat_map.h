// The error heat map of the Responsible AI Toolbox (erroranalysis'
// matrix_filter.compute_matrix): error count and rate by one or two features.
// A numeric feature with more than `num_bins` distinct values is cut into
// intervals, with equal-width edges as pandas.cut(x, num_bins) (the first
// edge at the minimum) or quantile edges as pandas.qcut(x, num_bins,
// duplicates="drop") (LinearQuantile, repeated edges dropped); a row belongs
// to the interval (a, b] holding its value, the first interval closed [a, b].
// Other features keep their values (categories in category order, numbers
// ascending). Missing values form a last "(missing)" bin.
#ifndef GLASSBOX_PLUGINS_ERROR_ANALYSIS_HEAT_MAP_H_
#define GLASSBOX_PLUGINS_ERROR_ANALYSIS_HEAT_MAP_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "glassbox/sdk/table.h"
#include "glassbox/v1/analyses/error_analysis.pb.h"

namespace glassbox::plugins {

enum class Binning { kEqualWidth, kQuantile };

struct HeatMapAxis {
  std::string feature;
  std::vector<std::string> labels;
  // Per label: the cohort filter condition (sdk/filter_syntax.h) of its rows,
  // e.g. "age > 26.125 AND age <= 35.25" for "(26.125, 35.25]".
  std::vector<std::string> conditions;
  // Per analysed row (in the order of `rows`): index into `labels`.
  std::vector<int32_t> bins;
};

HeatMapAxis BinAxis(const sdk::Column& column, std::span<const size_t> rows, int num_bins, Binning binning);

// The cells of one or two axes with at least one row, in row-major order;
// `errors` holds each analysed row's error. Each cell's filter is
// `cohort_filter` (the analysed cohort's, empty for all rows) and its axes'
// conditions, joined with AND.
glassbox::v1::analyses::HeatMap BuildHeatMap(std::span<const HeatMapAxis> axes, Binning binning,
                                             std::span<const double> errors, const std::string& cohort_filter);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ERROR_ANALYSIS_HEAT_MAP_H_
