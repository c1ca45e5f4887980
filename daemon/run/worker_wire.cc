#include "daemon/run/worker_wire.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace glassbox::run {

using glassbox::internal::Failure;
using glassbox::internal::Matrix;
using glassbox::internal::TableTransfer;

TableEncoder::TableEncoder(const sdk::Table& run_table) {
  for (size_t i = 0; i < run_table.num_columns(); ++i) {
    run_columns_.emplace(run_table.shared_column(i).get(), static_cast<uint32_t>(i));
  }
}

void TableEncoder::Encode(const sdk::Table& rows, TableTransfer& transfer) const {
  transfer.set_num_rows(rows.num_rows());
  for (size_t i = 0; i < rows.num_columns(); ++i) {
    const sdk::Column& column = rows.column(i);
    TableTransfer::Column* out = transfer.add_columns();
    if (auto it = run_columns_.find(&column); it != run_columns_.end()) {
      out->set_run_column(it->second);
      continue;
    }
    EncodeColumn(column, *out);
  }
}

void EncodeColumn(const sdk::Column& column, TableTransfer::Column& out) {
  out.set_name(column.name());
  if (column.is_numeric()) {
    auto values = column.values();
    out.mutable_numeric()->mutable_values()->Add(values.begin(), values.end());
  } else {
    auto* categorical = out.mutable_categorical();
    for (const std::string& category : column.categories()) categorical->add_categories(category);
    auto codes = column.codes();
    categorical->mutable_codes()->Add(codes.begin(), codes.end());
  }
}

absl::StatusOr<std::shared_ptr<const sdk::Column>> DecodeColumn(const TableTransfer::Column& column,
                                                                const sdk::Table& run_table) {
  switch (column.content_case()) {
    case TableTransfer::Column::kRunColumn:
      if (column.run_column() >= run_table.num_columns()) {
        return absl::InvalidArgumentError(absl::StrCat("column ", column.run_column(), " is not in the run's table of ",
                                                       run_table.num_columns(), " columns"));
      }
      return run_table.shared_column(column.run_column());
    case TableTransfer::Column::kNumeric: {
      const auto& values = column.numeric().values();
      return sdk::Column::Numeric(column.name(), std::vector<double>(values.begin(), values.end()));
    }
    case TableTransfer::Column::kCategorical: {
      const auto& categorical = column.categorical();
      const int32_t count = categorical.categories_size();
      for (int32_t code : categorical.codes()) {
        if (code != sdk::Column::kMissingCode && (code < 0 || code >= count)) {
          return absl::InvalidArgumentError(
              absl::StrCat("column '", column.name(), "' has code ", code, " for ", count, " categories"));
        }
      }
      return sdk::Column::Categorical(
          column.name(), std::vector<std::string>(categorical.categories().begin(), categorical.categories().end()),
          std::vector<int32_t>(categorical.codes().begin(), categorical.codes().end()));
    }
    case TableTransfer::Column::CONTENT_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat("column '", column.name(), "' carries no values"));
}

absl::StatusOr<sdk::Table> DecodeTable(const TableTransfer& transfer, const sdk::Table& run_table) {
  sdk::Table table;
  for (const TableTransfer::Column& column : transfer.columns()) {
    absl::StatusOr<std::shared_ptr<const sdk::Column>> decoded = DecodeColumn(column, run_table);
    if (!decoded.ok()) return decoded.status();
    if (auto status = table.AddColumn(*std::move(decoded)); !status.ok()) return status;
  }
  if (table.num_rows() != transfer.num_rows()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the table has ", table.num_rows(), " rows; the transfer says ", transfer.num_rows()));
  }
  return table;
}

void EncodeMatrix(const Eigen::MatrixXd& matrix, Matrix& transfer) {
  transfer.set_rows(static_cast<uint64_t>(matrix.rows()));
  transfer.set_cols(static_cast<uint64_t>(matrix.cols()));
  transfer.mutable_values()->Add(matrix.data(), matrix.data() + matrix.size());
}

absl::StatusOr<Eigen::MatrixXd> DecodeMatrix(const Matrix& transfer) {
  if (transfer.rows() * transfer.cols() != static_cast<uint64_t>(transfer.values_size())) {
    return absl::InvalidArgumentError(absl::StrCat("a ", transfer.rows(), "×", transfer.cols(), " matrix has ",
                                                   transfer.values_size(), " values"));
  }
  return Eigen::Map<const Eigen::MatrixXd>(transfer.values().data(), static_cast<Eigen::Index>(transfer.rows()),
                                           static_cast<Eigen::Index>(transfer.cols()));
}

Failure FailureOf(const absl::Status& status) {
  Failure failure;
  failure.set_code(static_cast<int32_t>(status.code()));
  failure.set_message(std::string(status.message()));
  return failure;
}

absl::Status StatusOf(const Failure& failure) {
  return absl::Status(static_cast<absl::StatusCode>(failure.code()), failure.message());
}

}  // namespace glassbox::run
