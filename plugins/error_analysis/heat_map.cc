#include "heat_map.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "glassbox/sdk/filter_syntax.h"
#include "glassbox/sdk/quantiles.h"

namespace glassbox::plugins {
namespace {

constexpr const char* kMissingLabel = "(missing)";

using sdk::FilterNumber;

// Up to `limit` + 1 distinct non-missing values of values[rows], ascending:
// enough to tell whether there are more than `limit`.
std::vector<double> FewDistinct(std::span<const double> values, std::span<const size_t> rows, size_t limit) {
  std::vector<double> distinct;
  for (size_t row : rows) {
    const double value = values[row];
    if (std::isnan(value)) continue;
    auto it = std::lower_bound(distinct.begin(), distinct.end(), value);
    if (it != distinct.end() && *it == value) continue;
    distinct.insert(it, value);
    if (distinct.size() > limit) break;
  }
  return distinct;
}

// numpy.linspace(low, high, bins + 1).
std::vector<double> EqualWidthEdges(double low, double high, int bins) {
  std::vector<double> edges(bins + 1);
  const double step = (high - low) / bins;
  for (int i = 0; i < bins; ++i) edges[i] = low + i * step;
  edges[bins] = high;
  return edges;
}

std::vector<double> QuantileEdges(std::vector<double> values, int bins) {
  // numpy.linspace(0, 1, bins + 1).
  std::vector<double> qs(bins + 1);
  const double step = 1.0 / bins;
  for (int i = 0; i < bins; ++i) qs[i] = i * step;
  qs[bins] = 1;
  std::vector<double> edges = sdk::LinearQuantiles(values, qs);
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  return edges;
}

void AddMissingBin(std::span<const size_t> rows, const std::vector<bool>& missing, HeatMapAxis& axis) {
  const int32_t missing_bin = static_cast<int32_t>(axis.labels.size());
  bool any = false;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!missing[i]) continue;
    axis.bins[i] = missing_bin;
    any = true;
  }
  if (!any) return;
  axis.labels.push_back(kMissingLabel);
  axis.conditions.push_back(absl::StrCat(sdk::FilterColumn(axis.feature), " is missing"));
}

HeatMapAxis NumericAxis(const sdk::Column& column, std::span<const size_t> rows, int num_bins, Binning binning) {
  const auto values = column.values();
  HeatMapAxis axis;
  axis.feature = column.name();
  const std::string column_name = sdk::FilterColumn(axis.feature);
  axis.bins.resize(rows.size());
  std::vector<bool> missing(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) missing[i] = std::isnan(values[rows[i]]);

  std::vector<double> distinct = FewDistinct(values, rows, static_cast<size_t>(num_bins));
  std::vector<double> edges;
  if (distinct.size() <= static_cast<size_t>(num_bins)) {
    for (double value : distinct) {
      axis.labels.push_back(FilterNumber(value));
      axis.conditions.push_back(absl::StrCat(column_name, " == ", FilterNumber(value)));
    }
    edges = std::move(distinct);
  } else {
    std::vector<double> present;
    present.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!missing[i]) present.push_back(values[rows[i]]);
    }
    if (binning == Binning::kQuantile) {
      edges = QuantileEdges(std::move(present), num_bins);
    } else {
      auto [low, high] = std::minmax_element(present.begin(), present.end());
      edges = EqualWidthEdges(*low, *high, num_bins);
    }
    for (size_t b = 0; b + 1 < edges.size(); ++b) {
      const std::string low = FilterNumber(edges[b]);
      const std::string high = FilterNumber(edges[b + 1]);
      axis.labels.push_back(absl::StrCat(b == 0 ? "[" : "(", low, ", ", high, "]"));
      axis.conditions.push_back(b == 0 ? absl::StrCat(column_name, " in range [", low, ", ", high, "]")
                                       : absl::StrCat(column_name, " > ", low, " AND ", column_name, " <= ", high));
    }
    // A value v belongs to the first interval whose upper edge is >= v.
    edges.erase(edges.begin());
  }
  // With distinct values as "edges", the same rule finds the value's own index.
  for (size_t i = 0; i < rows.size(); ++i) {
    if (missing[i]) continue;
    auto it = std::lower_bound(edges.begin(), edges.end(), values[rows[i]]);
    axis.bins[i] = static_cast<int32_t>(std::min<ptrdiff_t>(it - edges.begin(), std::ssize(edges) - 1));
  }
  AddMissingBin(rows, missing, axis);
  return axis;
}

HeatMapAxis CategoricalAxis(const sdk::Column& column, std::span<const size_t> rows) {
  const auto codes = column.codes();
  std::vector<int32_t> index_of_code(column.categories().size(), -1);
  for (size_t row : rows) {
    if (codes[row] != sdk::Column::kMissingCode) index_of_code[codes[row]] = 0;
  }
  HeatMapAxis axis;
  axis.feature = column.name();
  for (size_t code = 0; code < index_of_code.size(); ++code) {
    if (index_of_code[code] < 0) continue;
    index_of_code[code] = static_cast<int32_t>(axis.labels.size());
    axis.labels.push_back(column.categories()[code]);
    axis.conditions.push_back(
        absl::StrCat(sdk::FilterColumn(axis.feature), " == ", sdk::FilterValue(column.categories()[code])));
  }
  axis.bins.resize(rows.size());
  std::vector<bool> missing(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    int32_t code = codes[rows[i]];
    missing[i] = code == sdk::Column::kMissingCode;
    if (!missing[i]) axis.bins[i] = index_of_code[code];
  }
  AddMissingBin(rows, missing, axis);
  return axis;
}

}  // namespace

HeatMapAxis BinAxis(const sdk::Column& column, std::span<const size_t> rows, int num_bins, Binning binning) {
  return column.is_numeric() ? NumericAxis(column, rows, num_bins, binning) : CategoricalAxis(column, rows);
}

glassbox::v1::analyses::HeatMap BuildHeatMap(std::span<const HeatMapAxis> axes, Binning binning,
                                             std::span<const double> errors, const std::string& cohort_filter) {
  glassbox::v1::analyses::HeatMap heat_map;
  heat_map.set_binning(binning == Binning::kQuantile ? "quantile" : "equal_width");
  for (const auto& axis : axes) heat_map.add_features(axis.feature);
  const HeatMapAxis& rows_axis = axes[0];
  const HeatMapAxis* columns_axis = axes.size() > 1 ? &axes[1] : nullptr;
  for (const auto& label : rows_axis.labels) heat_map.add_row_labels(label);
  if (columns_axis != nullptr) {
    for (const auto& label : columns_axis->labels) heat_map.add_column_labels(label);
  }
  const size_t num_columns = columns_axis == nullptr ? 1 : columns_axis->labels.size();
  std::vector<int64_t> counts(rows_axis.labels.size() * num_columns, 0);
  std::vector<double> sums(counts.size(), 0);
  for (size_t i = 0; i < errors.size(); ++i) {
    size_t cell = static_cast<size_t>(rows_axis.bins[i]) * num_columns +
                  (columns_axis == nullptr ? 0 : static_cast<size_t>(columns_axis->bins[i]));
    ++counts[cell];
    sums[cell] += errors[i];
  }
  for (size_t cell = 0; cell < counts.size(); ++cell) {
    if (counts[cell] == 0) continue;
    auto* out = heat_map.add_cells();
    out->set_row(static_cast<int32_t>(cell / num_columns));
    out->set_column(static_cast<int32_t>(cell % num_columns));
    out->set_count(counts[cell]);
    out->set_error(sums[cell]);
    out->set_error_rate(sums[cell] / static_cast<double>(counts[cell]));
    std::vector<std::string> conditions;
    if (!cohort_filter.empty()) conditions.push_back(cohort_filter);
    conditions.push_back(rows_axis.conditions[out->row()]);
    if (columns_axis != nullptr) conditions.push_back(columns_axis->conditions[out->column()]);
    out->set_filter(absl::StrJoin(conditions, " AND "));
  }
  return heat_map;
}

}  // namespace glassbox::plugins
