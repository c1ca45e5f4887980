// The columnar table every analysis reads. Numeric columns hold doubles with
// NaN for missing values; categorical columns are dictionary-encoded: codes
// index `categories()` (sorted bytewise), and kMissingCode marks a missing
// value. Columns are immutable and shared, so selecting rows or replacing one
// column (as permutation importance does) copies only what changes.
#ifndef GLASSBOX_SDK_TABLE_H_
#define GLASSBOX_SDK_TABLE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "absl/status/statusor.h"

namespace glassbox::sdk::inline v4 {

enum class ColumnType { kNumeric, kCategorical };

class Column {
 public:
  static constexpr int32_t kMissingCode = -1;

  static std::shared_ptr<const Column> Numeric(std::string name, std::vector<double> values);
  // `codes` index `categories`; kMissingCode is missing.
  static std::shared_ptr<const Column> Categorical(std::string name,
                                                   std::vector<std::string> categories,
                                                   std::vector<int32_t> codes);

  const std::string& name() const { return name_; }
  ColumnType type() const { return type_; }
  bool is_numeric() const { return type_ == ColumnType::kNumeric; }
  bool is_categorical() const { return type_ == ColumnType::kCategorical; }
  size_t size() const { return is_numeric() ? values_.size() : codes_.size(); }

  // Numeric columns only.
  std::span<const double> values() const { return values_; }
  Eigen::Map<const Eigen::VectorXd> vector() const {
    return {values_.data(), static_cast<Eigen::Index>(values_.size())};
  }
  // Categorical columns only.
  std::span<const int32_t> codes() const { return codes_; }
  const std::vector<std::string>& categories() const { return categories_; }
  // Index of `value` among the categories, or nullopt.
  std::optional<int32_t> CodeOf(std::string_view value) const;

  bool IsMissing(size_t row) const;
  // The cell as text: the number formatted shortest-round-trip, the category, or "" if missing.
  std::string ValueAsString(size_t row) const;

 private:
  Column(std::string name, ColumnType type) : name_(std::move(name)), type_(type) {}

  std::string name_;
  ColumnType type_;
  std::vector<double> values_;
  std::vector<std::string> categories_;
  std::vector<int32_t> codes_;
};

class Table {
 public:
  Table() = default;

  size_t num_rows() const { return num_rows_; }
  size_t num_columns() const { return columns_.size(); }
  const Column& column(size_t index) const { return *columns_[index]; }
  const std::shared_ptr<const Column>& shared_column(size_t index) const { return columns_[index]; }
  // nullptr when there is no such column.
  const Column* Find(std::string_view name) const;
  // -1 when there is no such column.
  int IndexOf(std::string_view name) const;
  std::vector<std::string> ColumnNames() const;

  // Fails if the column's length differs from the table's or its name is taken.
  absl::Status AddColumn(std::shared_ptr<const Column> column);
  // Replaces the column of the same name (same length required).
  absl::Status ReplaceColumn(std::shared_ptr<const Column> column);

  // A table of the given rows (in that order), all columns.
  Table SelectRows(std::span<const size_t> rows) const;
  // A table of the named columns only, sharing their storage.
  absl::StatusOr<Table> SelectColumns(std::span<const std::string> names) const;

 private:
  size_t num_rows_ = 0;
  std::vector<std::shared_ptr<const Column>> columns_;
};

}  // namespace glassbox::sdk::inline v4

#endif  // GLASSBOX_SDK_TABLE_H_
