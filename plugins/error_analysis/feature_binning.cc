#include "feature_binning.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"

namespace glassbox::plugins {
namespace {

// LightGBM's bin_construct_sample_cnt.
constexpr size_t kBinSampleRows = 200000;

// The upper edges between value bins of the sorted non-missing `sample`: each
// distinct value its own bin if there are at most `max_bins`, else runs of
// distinct values whose cumulative count crosses the next multiple of
// size / max_bins. An edge is the midpoint between the bins it separates.
std::vector<double> BinEdges(std::vector<double>& sample, int max_bins) {
  std::sort(sample.begin(), sample.end());
  std::vector<double> distinct;
  std::vector<size_t> run_ends;  // cumulative count up to and including each distinct value
  for (size_t i = 0; i < sample.size(); ++i) {
    if (i + 1 == sample.size() || sample[i + 1] != sample[i]) {
      distinct.push_back(sample[i]);
      run_ends.push_back(i + 1);
    }
  }
  std::vector<double> edges;
  if (distinct.size() <= static_cast<size_t>(max_bins)) {
    for (size_t i = 0; i + 1 < distinct.size(); ++i) edges.push_back(Midpoint(distinct[i], distinct[i + 1]));
    return edges;
  }
  const double per_bin = static_cast<double>(sample.size()) / max_bins;
  size_t crossed = 0;
  for (size_t i = 0; i + 1 < distinct.size(); ++i) {
    if (static_cast<double>(run_ends[i]) < (crossed + 1) * per_bin) continue;
    edges.push_back(Midpoint(distinct[i], distinct[i + 1]));
    crossed = static_cast<size_t>(static_cast<double>(run_ends[i]) / per_bin);
  }
  return edges;
}

// The index of the first edge >= value, as std::lower_bound, but with
// conditional moves in place of branches, which mispredict on unsorted data.
int FirstEdgeNotBelow(const std::vector<double>& edges, double value) {
  if (edges.empty()) return 0;
  const double* base = edges.data();
  size_t n = edges.size();
  while (n > 1) {
    const size_t half = n / 2;
    base = base[half] < value ? base + half : base;
    n -= half;
  }
  return static_cast<int>(base - edges.data()) + (*base < value ? 1 : 0);
}

BinnedFeature BinNumeric(const sdk::Column& column, std::span<const size_t> rows, int max_bins) {
  const auto values = column.values();
  const size_t stride = std::max<size_t>(1, (rows.size() + kBinSampleRows - 1) / kBinSampleRows);
  std::vector<double> sample;
  sample.reserve(rows.size() / stride + 1);
  for (size_t i = 0; i < rows.size(); i += stride) {
    if (!std::isnan(values[rows[i]])) sample.push_back(values[rows[i]]);
  }
  const std::vector<double> edges = BinEdges(sample, max_bins);

  BinnedFeature feature;
  feature.name = column.name();
  const int value_bins = static_cast<int>(edges.size()) + 1;
  feature.lower_values.assign(value_bins, std::numeric_limits<double>::infinity());
  feature.upper_values.assign(value_bins, -std::numeric_limits<double>::infinity());
  feature.bins.resize(rows.size());
  bool any_missing = false;
  for (size_t i = 0; i < rows.size(); ++i) {
    double value = values[rows[i]];
    if (std::isnan(value)) {
      feature.bins[i] = static_cast<uint16_t>(value_bins);
      any_missing = true;
      continue;
    }
    // Values up to and including an edge belong below it.
    const int bin = FirstEdgeNotBelow(edges, value);
    feature.bins[i] = static_cast<uint16_t>(bin);
    feature.lower_values[bin] = std::min(feature.lower_values[bin], value);
    feature.upper_values[bin] = std::max(feature.upper_values[bin], value);
  }
  feature.num_bins = value_bins + (any_missing ? 1 : 0);
  feature.missing_bin = any_missing ? value_bins : -1;
  return feature;
}

}  // namespace

double Midpoint(double below, double above) {
  const double middle = below / 2 + above / 2;
  return middle < above ? middle : below;
}

absl::StatusOr<BinnedFeature> BinFeature(const sdk::Column& column, std::span<const size_t> rows, int max_bins) {
  if (column.is_numeric()) return BinNumeric(column, rows, max_bins);

  const size_t num_categories = column.categories().size();
  if (num_categories >= std::numeric_limits<uint16_t>::max()) {
    return absl::InvalidArgumentError(absl::StrCat("parameter 'features': column '", column.name(), "' has ",
                                                   num_categories, " categories; at most ",
                                                   std::numeric_limits<uint16_t>::max() - 1, " are supported"));
  }
  BinnedFeature feature;
  feature.name = column.name();
  feature.categorical = true;
  feature.categories = column.categories();
  const auto codes = column.codes();
  const uint16_t missing = static_cast<uint16_t>(num_categories);
  feature.bins.resize(rows.size());
  bool any_missing = false;
  for (size_t i = 0; i < rows.size(); ++i) {
    int32_t code = codes[rows[i]];
    any_missing |= code == sdk::Column::kMissingCode;
    feature.bins[i] = code == sdk::Column::kMissingCode ? missing : static_cast<uint16_t>(code);
  }
  feature.num_bins = static_cast<int>(num_categories) + (any_missing ? 1 : 0);
  feature.missing_bin = any_missing ? static_cast<int>(num_categories) : -1;
  return feature;
}

}  // namespace glassbox::plugins
