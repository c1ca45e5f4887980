// Conversions between the SDK's tables and matrices and their form in the
// analysis worker protocol (proto/glassbox/internal/analysis_worker.proto).
#ifndef GLASSBOX_DAEMON_RUN_WORKER_WIRE_H_
#define GLASSBOX_DAEMON_RUN_WORKER_WIRE_H_

#include <memory>
#include <unordered_map>

#include <Eigen/Core>

#include "absl/status/statusor.h"
#include "glassbox/internal/analysis_worker.pb.h"
#include "glassbox/sdk/table.h"

namespace glassbox::run {

// Encodes tables against the run's table: a column that is one of its
// columns (the same object) travels as its index; any other column travels
// whole. The worker's copy of the run's table has the daemon's columns in the
// daemon's order, so an index means the same column at both ends.
class TableEncoder {
 public:
  explicit TableEncoder(const sdk::Table& run_table);

  void Encode(const sdk::Table& rows, glassbox::internal::TableTransfer& transfer) const;

 private:
  std::unordered_map<const sdk::Column*, uint32_t> run_columns_;
};

// One column, whole.
void EncodeColumn(const sdk::Column& column, glassbox::internal::TableTransfer::Column& out);

// INVALID_ARGUMENT for a column that names no column of `run_table`, carries
// no values or has codes outside its categories.
absl::StatusOr<std::shared_ptr<const sdk::Column>> DecodeColumn(
    const glassbox::internal::TableTransfer::Column& column, const sdk::Table& run_table);

// INVALID_ARGUMENT for a transfer that names no column of `run_table`, has
// columns of differing lengths or codes outside their categories.
absl::StatusOr<sdk::Table> DecodeTable(const glassbox::internal::TableTransfer& transfer,
                                       const sdk::Table& run_table);

void EncodeMatrix(const Eigen::MatrixXd& matrix, glassbox::internal::Matrix& transfer);

// INVALID_ARGUMENT when the value count is not rows × cols.
absl::StatusOr<Eigen::MatrixXd> DecodeMatrix(const glassbox::internal::Matrix& transfer);

glassbox::internal::Failure FailureOf(const absl::Status& status);
absl::Status StatusOf(const glassbox::internal::Failure& failure);

}  // namespace glassbox::run

#endif  // GLASSBOX_DAEMON_RUN_WORKER_WIRE_H_
