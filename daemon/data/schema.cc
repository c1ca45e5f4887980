#include "daemon/data/schema.h"

namespace glassbox::data {

glassbox::v1::ColumnSchema DescribeColumn(const sdk::Column& column) {
  size_t listed_bytes_left = kMaxListedCategoryBytes;
  return DescribeColumn(column, listed_bytes_left);
}

glassbox::v1::ColumnSchema DescribeColumn(const sdk::Column& column, size_t& listed_bytes_left) {
  glassbox::v1::ColumnSchema schema;
  schema.set_name(column.name());
  schema.set_type(column.is_numeric() ? glassbox::v1::NUMERIC : glassbox::v1::CATEGORICAL);
  int64_t missing = 0;
  for (size_t row = 0; row < column.size(); ++row) missing += column.IsMissing(row);
  schema.set_missing_count(missing);
  if (column.is_categorical()) {
    const auto& categories = column.categories();
    schema.set_category_count(static_cast<int64_t>(categories.size()));
    for (size_t i = 0; i < categories.size() && i < kMaxListedCategories; ++i) {
      if (categories[i].size() > listed_bytes_left) break;
      listed_bytes_left -= categories[i].size();
      schema.add_categories(categories[i]);
    }
  }
  return schema;
}

std::vector<sdk::ColumnInfo> ColumnInfos(const sdk::Table& table) {
  std::vector<sdk::ColumnInfo> infos;
  infos.reserve(table.num_columns());
  for (size_t i = 0; i < table.num_columns(); ++i) {
    const auto& column = table.column(i);
    infos.push_back({column.name(), column.type(), column.is_categorical() ? column.categories() : std::vector<std::string>{}});
  }
  return infos;
}

}  // namespace glassbox::data
