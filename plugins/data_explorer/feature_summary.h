// Per-column summaries of the rows an analysis looks at.
#ifndef GLASSBOX_PLUGINS_DATA_EXPLORER_FEATURE_SUMMARY_H_
#define GLASSBOX_PLUGINS_DATA_EXPLORER_FEATURE_SUMMARY_H_

#include <span>
#include <string>
#include <vector>

#include "glassbox/sdk/table.h"
#include "glassbox/v1/analyses/data_explorer.pb.h"

namespace glassbox::plugins {

// count, missing, mean, sample std (ddof 1), min, quartiles (LinearQuantile)
// and max of values[rows], NaN counted as missing. Statistics that need more
// non-missing values than there are (all of them for 0, std for 1) are NaN,
// as in pandas' describe().
glassbox::v1::analyses::NumericSummary SummarizeNumeric(const std::string& feature, std::span<const double> values,
                                                        std::span<const size_t> rows);

// The counts of a categorical column's values over `rows`, most frequent first.
glassbox::v1::analyses::CategoricalSummary SummarizeCategorical(const sdk::Column& column,
                                                                std::span<const size_t> rows);

// numpy.histogram(values, bins) of finite values: `bins` equal-width bins from
// the minimum to the maximum (the last bin closed), or one bin [v - 0.5, v + 0.5]
// when all values are equal v.
struct Histogram {
  std::vector<double> edges;
  std::vector<int64_t> counts;
};
Histogram EqualWidthHistogram(std::span<const double> values, int bins);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_DATA_EXPLORER_FEATURE_SUMMARY_H_
