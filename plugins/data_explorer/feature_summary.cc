#include "feature_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include "glassbox/sdk/quantiles.h"


namespace glassbox::plugins {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

glassbox::v1::analyses::NumericSummary SummarizeNumeric(const std::string& feature, std::span<const double> values,
                                                        std::span<const size_t> rows) {
  std::vector<double> present;
  present.reserve(rows.size());
  for (size_t row : rows) {
    if (!std::isnan(values[row])) present.push_back(values[row]);
  }
  glassbox::v1::analyses::NumericSummary summary;
  summary.set_feature(feature);
  summary.set_count(static_cast<int64_t>(present.size()));
  summary.set_missing(static_cast<int64_t>(rows.size() - present.size()));
  summary.set_mean(kNaN);
  summary.set_std(kNaN);
  summary.set_min(kNaN);
  summary.set_p25(kNaN);
  summary.set_median(kNaN);
  summary.set_p75(kNaN);
  summary.set_max(kNaN);
  if (present.empty()) return summary;

  const double n = static_cast<double>(present.size());
  const double mean = std::accumulate(present.begin(), present.end(), 0.0) / n;
  double squares = 0;
  for (double value : present) squares += (value - mean) * (value - mean);
  const auto [min, max] = std::minmax_element(present.begin(), present.end());
  summary.set_mean(mean);
  if (present.size() > 1) summary.set_std(std::sqrt(squares / (n - 1)));
  summary.set_min(*min);
  summary.set_max(*max);
  const double quartiles[] = {0.25, 0.5, 0.75};
  const std::vector<double> quantiles = sdk::LinearQuantiles(present, quartiles);
  summary.set_p25(quantiles[0]);
  summary.set_median(quantiles[1]);
  summary.set_p75(quantiles[2]);
  return summary;
}

glassbox::v1::analyses::CategoricalSummary SummarizeCategorical(const sdk::Column& column,
                                                                std::span<const size_t> rows) {
  const auto codes = column.codes();
  const auto& categories = column.categories();
  std::vector<int64_t> counts(categories.size(), 0);
  int64_t missing = 0;
  for (size_t row : rows) {
    int32_t code = codes[row];
    if (code == sdk::Column::kMissingCode) {
      ++missing;
    } else {
      ++counts[code];
    }
  }
  std::vector<size_t> order(categories.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return counts[a] > counts[b]; });

  glassbox::v1::analyses::CategoricalSummary summary;
  summary.set_feature(column.name());
  summary.set_count(static_cast<int64_t>(rows.size()) - missing);
  summary.set_missing(missing);
  for (size_t code : order) {
    if (counts[code] == 0) break;
    auto* entry = summary.add_categories();
    entry->set_category(categories[code]);
    entry->set_count(counts[code]);
  }
  summary.set_distinct(summary.categories_size());
  return summary;
}

Histogram EqualWidthHistogram(std::span<const double> values, int bins) {
  double low = std::numeric_limits<double>::infinity();
  double high = -low;
  for (double value : values) {
    if (!std::isfinite(value)) continue;
    low = std::min(low, value);
    high = std::max(high, value);
  }
  Histogram histogram;
  if (low > high) return histogram;
  if (low == high) {
    low -= 0.5;
    high += 0.5;
  }
  // numpy.linspace(low, high, bins + 1): start + i * step, the last edge exact.
  const double step = (high - low) / bins;
  histogram.edges.resize(bins + 1);
  for (int i = 0; i < bins; ++i) histogram.edges[i] = low + i * step;
  histogram.edges[bins] = high;
  histogram.counts.assign(bins, 0);
  const double scale = bins / (high - low);
  for (double value : values) {
    if (!std::isfinite(value)) continue;
    // numpy.histogram: the bin from the scaled position, then corrected
    // against the edges so that values on an edge fall in the upper bin.
    int bin = static_cast<int>((value - low) * scale);
    bin = std::clamp(bin, 0, bins - 1);
    if (value < histogram.edges[bin]) {
      --bin;
    } else if (bin + 1 < bins && value >= histogram.edges[bin + 1]) {
      ++bin;
    }
    ++histogram.counts[bin];
  }
  return histogram;
}

}  // namespace glassbox::plugins
