#include "column_gather.h"

#include <cmath>
#include <vector>

namespace glassbox::plugins::explanations {

std::shared_ptr<const sdk::Column> GatherColumn(const sdk::Column& source, std::span<const size_t> rows) {
  if (source.is_numeric()) {
    const std::span<const double> values = source.values();
    std::vector<double> gathered(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) gathered[i] = values[rows[i]];
    return sdk::Column::Numeric(source.name(), std::move(gathered));
  }
  const std::span<const int32_t> codes = source.codes();
  std::vector<int32_t> gathered(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) gathered[i] = codes[rows[i]];
  return sdk::Column::Categorical(source.name(), source.categories(), std::move(gathered));
}

bool SameValue(const sdk::Column& column, size_t a, size_t b) {
  if (column.is_categorical()) return column.codes()[a] == column.codes()[b];
  const double x = column.values()[a];
  const double y = column.values()[b];
  return x == y || (std::isnan(x) && std::isnan(y));
}

}  // namespace glassbox::plugins::explanations
