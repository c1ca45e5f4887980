#include "class_encoding.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace glassbox::plugins {
namespace {

std::string FormatNumber(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, end);
}

// Replaces the codes of `source` (0..num_codes-1 or -1) by dense indices of
// the codes that occur, in code order.
void Compact(std::span<const int32_t> source, int32_t num_codes, EncodedClasses& out,
             std::vector<int32_t>& dense_of_code) {
  std::vector<int64_t> counts(num_codes, 0);
  for (int32_t code : source) {
    if (code >= 0) ++counts[code];
  }
  dense_of_code.assign(num_codes, -1);
  for (int32_t code = 0; code < num_codes; ++code) {
    if (counts[code] == 0) continue;
    dense_of_code[code] = static_cast<int32_t>(out.counts.size());
    out.counts.push_back(counts[code]);
  }
  out.codes.resize(source.size());
  for (size_t i = 0; i < source.size(); ++i) out.codes[i] = source[i] < 0 ? -1 : dense_of_code[source[i]];
}

}  // namespace

EncodedClasses EncodeClasses(const sdk::Column& column, std::span<const size_t> rows) {
  EncodedClasses out;
  std::vector<int32_t> raw(rows.size());
  std::vector<int32_t> dense_of_code;
  if (column.is_categorical()) {
    const auto codes = column.codes();
    for (size_t i = 0; i < rows.size(); ++i) raw[i] = codes[rows[i]];
    Compact(raw, static_cast<int32_t>(column.categories().size()), out, dense_of_code);
    for (size_t code = 0; code < dense_of_code.size(); ++code) {
      if (dense_of_code[code] >= 0) out.labels.push_back(column.categories()[code]);
    }
    return out;
  }
  const auto values = column.values();
  std::vector<double> distinct;
  distinct.reserve(rows.size());
  for (size_t row : rows) {
    if (!std::isnan(values[row])) distinct.push_back(values[row]);
  }
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (size_t i = 0; i < rows.size(); ++i) {
    double value = values[rows[i]];
    raw[i] = std::isnan(value) ? -1
                               : static_cast<int32_t>(std::lower_bound(distinct.begin(), distinct.end(), value) -
                                                      distinct.begin());
  }
  Compact(raw, static_cast<int32_t>(distinct.size()), out, dense_of_code);
  for (double value : distinct) out.labels.push_back(FormatNumber(value));
  return out;
}

}  // namespace glassbox::plugins
