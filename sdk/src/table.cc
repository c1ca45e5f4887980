#include "glassbox/sdk/table.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace glassbox::sdk::inline v4 {

std::shared_ptr<const Column> Column::Numeric(std::string name, std::vector<double> values) {
  auto column = std::shared_ptr<Column>(new Column(std::move(name), ColumnType::kNumeric));
  column->values_ = std::move(values);
  return column;
}

std::shared_ptr<const Column> Column::Categorical(std::string name, std::vector<std::string> categories,
                                                  std::vector<int32_t> codes) {
  auto column = std::shared_ptr<Column>(new Column(std::move(name), ColumnType::kCategorical));
  column->categories_ = std::move(categories);
  column->codes_ = std::move(codes);
  return column;
}

std::optional<int32_t> Column::CodeOf(std::string_view value) const {
  auto it = std::lower_bound(categories_.begin(), categories_.end(), value);
  if (it == categories_.end() || *it != value) return std::nullopt;
  return static_cast<int32_t>(it - categories_.begin());
}

bool Column::IsMissing(size_t row) const {
  return is_numeric() ? std::isnan(values_[row]) : codes_[row] == kMissingCode;
}

std::string Column::ValueAsString(size_t row) const {
  if (IsMissing(row)) return "";
  if (is_categorical()) return categories_[codes_[row]];
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), values_[row]);
  return std::string(buffer, end);
}

const Column* Table::Find(std::string_view name) const {
  int index = IndexOf(name);
  return index < 0 ? nullptr : columns_[index].get();
}

int Table::IndexOf(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i]->name() == name) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> Table::ColumnNames() const {
  std::vector<std::string> names;
  names.reserve(columns_.size());
  for (const auto& column : columns_) names.push_back(column->name());
  return names;
}

absl::Status Table::AddColumn(std::shared_ptr<const Column> column) {
  if (IndexOf(column->name()) >= 0) {
    return absl::AlreadyExistsError(absl::StrCat("column '", column->name(), "' already exists"));
  }
  if (!columns_.empty() && column->size() != num_rows_) {
    return absl::InvalidArgumentError(absl::StrCat("column '", column->name(), "' has ", column->size(),
                                                   " rows; the table has ", num_rows_));
  }
  num_rows_ = column->size();
  columns_.push_back(std::move(column));
  return absl::OkStatus();
}

absl::Status Table::ReplaceColumn(std::shared_ptr<const Column> column) {
  int index = IndexOf(column->name());
  if (index < 0) return absl::NotFoundError(absl::StrCat("no column '", column->name(), "'"));
  if (column->size() != num_rows_) {
    return absl::InvalidArgumentError(absl::StrCat("column '", column->name(), "' has ", column->size(),
                                                   " rows; the table has ", num_rows_));
  }
  columns_[index] = std::move(column);
  return absl::OkStatus();
}

Table Table::SelectRows(std::span<const size_t> rows) const {
  Table result;
  result.num_rows_ = rows.size();
  result.columns_.reserve(columns_.size());
  for (const auto& column : columns_) {
    if (column->is_numeric()) {
      std::vector<double> values(rows.size());
      auto source = column->values();
      for (size_t i = 0; i < rows.size(); ++i) values[i] = source[rows[i]];
      result.columns_.push_back(Column::Numeric(column->name(), std::move(values)));
    } else {
      std::vector<int32_t> codes(rows.size());
      auto source = column->codes();
      for (size_t i = 0; i < rows.size(); ++i) codes[i] = source[rows[i]];
      result.columns_.push_back(Column::Categorical(column->name(), column->categories(), std::move(codes)));
    }
  }
  return result;
}

absl::StatusOr<Table> Table::SelectColumns(std::span<const std::string> names) const {
  Table result;
  result.num_rows_ = num_rows_;
  for (const auto& name : names) {
    int index = IndexOf(name);
    if (index < 0) return absl::NotFoundError(absl::StrCat("no column '", name, "'"));
    result.columns_.push_back(columns_[index]);
  }
  return result;
}

}  // namespace glassbox::sdk::inline v4
