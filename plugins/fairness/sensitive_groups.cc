#include "sensitive_groups.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "glassbox/sdk/quantiles.h"

namespace glassbox::plugins {
namespace {

// Groups from a key per row in [0, num_keys): the keys that occur become the
// groups, in ascending key order; `keys` becomes group_of_row.
template <typename NameOfKey>
SensitiveGroups FromKeys(const std::string& column, std::vector<int32_t> keys, int32_t num_keys,
                         NameOfKey name_of_key) {
  std::vector<int32_t> group_of_key(num_keys, -1);
  for (int32_t key : keys) group_of_key[key] = 0;
  SensitiveGroups result;
  result.name = column;
  result.columns = {column};
  for (int32_t key = 0; key < num_keys; ++key) {
    if (group_of_key[key] < 0) continue;
    group_of_key[key] = static_cast<int32_t>(result.groups.size());
    result.groups.push_back(name_of_key(key));
    result.group_values.push_back({result.groups.back()});
  }
  for (int32_t& key : keys) key = group_of_key[key];
  result.group_of_row = std::move(keys);
  return result;
}

SensitiveGroups GroupCategorical(const sdk::Column& column, std::span<const size_t> rows) {
  const auto codes = column.codes();
  const auto& categories = column.categories();
  const int32_t missing_key = static_cast<int32_t>(categories.size());
  std::vector<int32_t> keys;
  keys.reserve(rows.size());
  for (size_t row : rows) keys.push_back(codes[row] == sdk::Column::kMissingCode ? missing_key : codes[row]);
  return FromKeys(column.name(), std::move(keys), missing_key + 1, [&](int32_t key) {
    return key == missing_key ? std::string(kMissingGroup) : categories[key];
  });
}

std::vector<double> QuantileEdges(std::span<const double> values, std::span<const size_t> rows, int num_bins) {
  std::vector<double> present;
  present.reserve(rows.size());
  for (size_t row : rows) {
    if (!std::isnan(values[row])) present.push_back(values[row]);
  }
  if (present.empty()) return {};
  std::vector<double> levels;
  for (int i = 0; i <= num_bins; ++i) levels.push_back(static_cast<double>(i) / num_bins);
  std::vector<double> edges;
  for (double edge : sdk::LinearQuantiles(present, levels)) {
    if (edges.empty() || edge > edges.back()) edges.push_back(edge);
  }
  return edges;
}

// The distinct values of `values` among `rows`, ascending, if there are at most `limit`.
std::optional<std::vector<double>> FewDistinct(std::span<const double> values, std::span<const size_t> rows,
                                               size_t limit) {
  std::vector<double> distinct;
  for (size_t row : rows) {
    const double value = values[row];
    if (std::isnan(value) || std::find(distinct.begin(), distinct.end(), value) != distinct.end()) continue;
    if (distinct.size() == limit) return std::nullopt;
    distinct.push_back(value);
  }
  std::sort(distinct.begin(), distinct.end());
  return distinct;
}

// The shortest text that reads back as `value`, so that distinct values get distinct names.
std::string ShortestText(double value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof(text), value).ptr;
  return std::string(text, end);
}

SensitiveGroups GroupDistinct(const sdk::Column& column, std::span<const size_t> rows,
                              const std::vector<double>& distinct) {
  const auto values = column.values();
  const auto missing_key = static_cast<int32_t>(distinct.size());
  std::vector<int32_t> keys;
  keys.reserve(rows.size());
  for (size_t row : rows) {
    const double value = values[row];
    keys.push_back(std::isnan(value) ? missing_key
                                     : static_cast<int32_t>(std::lower_bound(distinct.begin(), distinct.end(), value) -
                                                            distinct.begin()));
  }
  return FromKeys(column.name(), std::move(keys), missing_key + 1, [&](int32_t key) {
    return key == missing_key ? std::string(kMissingGroup) : ShortestText(distinct[key]);
  });
}

SensitiveGroups GroupNumeric(const sdk::Column& column, std::span<const size_t> rows, int num_bins) {
  const auto values = column.values();
  if (auto distinct = FewDistinct(values, rows, static_cast<size_t>(num_bins))) {
    return GroupDistinct(column, rows, *distinct);
  }
  const std::vector<double> edges = QuantileEdges(values, rows, num_bins);
  const int32_t bins = std::max<int32_t>(static_cast<int32_t>(edges.size()) - 1, 1);
  const int32_t missing_key = bins;
  std::vector<int32_t> keys;
  keys.reserve(rows.size());
  for (size_t row : rows) {
    const double value = values[row];
    if (std::isnan(value)) {
      keys.push_back(missing_key);
      continue;
    }
    const auto above = std::upper_bound(edges.begin(), edges.end(), value) - edges.begin();
    keys.push_back(std::clamp<int32_t>(static_cast<int32_t>(above) - 1, 0, bins - 1));
  }
  SensitiveGroups result = FromKeys(column.name(), std::move(keys), missing_key + 1, [&](int32_t key) {
    if (key == missing_key) return std::string(kMissingGroup);
    const double low = edges[key];
    const double high = edges.size() == 1 ? low : edges[key + 1];
    return absl::StrCat("[", low, ", ", high, key == bins - 1 ? "]" : ")");
  });
  result.binnings.push_back({column.name(), edges});
  return result;
}

}  // namespace

SensitiveGroups GroupRows(const sdk::Column& column, std::span<const size_t> rows, int num_bins) {
  return column.is_numeric() ? GroupNumeric(column, rows, num_bins) : GroupCategorical(column, rows);
}

SensitiveGroups Intersect(std::span<const SensitiveGroups> features) {
  SensitiveGroups result;
  std::vector<std::string> names;
  for (const auto& feature : features) {
    names.push_back(feature.name);
    result.columns.insert(result.columns.end(), feature.columns.begin(), feature.columns.end());
    result.binnings.insert(result.binnings.end(), feature.binnings.begin(), feature.binnings.end());
  }
  result.name = absl::StrJoin(names, ", ");

  // Mixed-radix enumeration: the last feature varies fastest.
  result.groups = features[0].groups;
  result.group_values = features[0].group_values;
  for (const auto& feature : features.subspan(1)) {
    std::vector<std::string> groups;
    std::vector<std::vector<std::string>> group_values;
    for (size_t prefix = 0; prefix < result.groups.size(); ++prefix) {
      for (size_t g = 0; g < feature.groups.size(); ++g) {
        groups.push_back(absl::StrCat(result.groups[prefix], ", ", feature.groups[g]));
        group_values.push_back(result.group_values[prefix]);
        group_values.back().insert(group_values.back().end(), feature.group_values[g].begin(),
                                   feature.group_values[g].end());
      }
    }
    result.groups = std::move(groups);
    result.group_values = std::move(group_values);
  }

  const size_t num_rows = features[0].group_of_row.size();
  result.group_of_row.assign(num_rows, 0);
  for (const auto& feature : features) {
    const auto radix = static_cast<int32_t>(feature.groups.size());
    for (size_t i = 0; i < num_rows; ++i) {
      result.group_of_row[i] = result.group_of_row[i] * radix + feature.group_of_row[i];
    }
  }
  return result;
}

}  // namespace glassbox::plugins
