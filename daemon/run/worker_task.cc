#include "daemon/run/worker_task.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/run/frame_stream.h"
#include "daemon/run/worker_wire.h"

namespace glassbox::run {
namespace {

using glassbox::internal::WorkerTask;

template <typename Repeated>
std::vector<std::string> Strings(const Repeated& values) {
  return {values.begin(), values.end()};
}

Eigen::VectorXd Vector(const google::protobuf::RepeatedField<double>& values) {
  return Eigen::Map<const Eigen::VectorXd>(values.data(), values.size());
}

void EncodeOutcomes(const sdk::Outcomes& outcomes, WorkerTask::Outcomes& out) {
  out.set_task(outcomes.task);
  out.mutable_classes()->Add(outcomes.classes.begin(), outcomes.classes.end());
  out.set_positive_class(outcomes.positive_class);
  out.mutable_y_true()->Add(outcomes.y_true.data(), outcomes.y_true.data() + outcomes.y_true.size());
  out.mutable_y_pred()->Add(outcomes.y_pred.data(), outcomes.y_pred.data() + outcomes.y_pred.size());
  EncodeMatrix(outcomes.probabilities, *out.mutable_probabilities());
}

absl::StatusOr<sdk::Outcomes> DecodeOutcomes(const WorkerTask::Outcomes& in, size_t num_rows) {
  sdk::Outcomes outcomes;
  outcomes.task = in.task();
  outcomes.classes = Strings(in.classes());
  outcomes.positive_class = in.positive_class();
  outcomes.y_true = Vector(in.y_true());
  outcomes.y_pred = Vector(in.y_pred());
  absl::StatusOr<Eigen::MatrixXd> probabilities = DecodeMatrix(in.probabilities());
  if (!probabilities.ok()) return probabilities.status();
  outcomes.probabilities = *std::move(probabilities);
  const auto rows = static_cast<Eigen::Index>(num_rows);
  if (outcomes.y_true.size() != rows || outcomes.y_pred.size() != rows ||
      (outcomes.has_probabilities() && outcomes.probabilities.rows() != rows)) {
    return absl::InvalidArgumentError(absl::StrCat("the outcomes do not have the table's ", num_rows, " rows"));
  }
  return outcomes;
}

absl::StatusOr<sdk::Table> ReceiveTable(int fd, uint32_t columns, uint64_t rows) {
  const sdk::Table none;
  sdk::Table table;
  for (uint32_t i = 0; i < columns; ++i) {
    glassbox::internal::TableTransfer::Column transfer;
    if (auto status = ReadFrame(fd, transfer); !status.ok()) return status;
    absl::StatusOr<std::shared_ptr<const sdk::Column>> column = DecodeColumn(transfer, none);
    if (!column.ok()) return column.status();
    if (auto status = table.AddColumn(*std::move(column)); !status.ok()) return status;
  }
  if (table.num_rows() != rows) {
    return absl::InvalidArgumentError(absl::StrCat("the table has ", table.num_rows(), " rows; the task says ", rows));
  }
  return table;
}

}  // namespace

WorkerTask EncodeTask(const PreparedRun& run, size_t index) {
  const PreparedAnalysis& analysis = run.analyses[index];
  WorkerTask task;
  task.set_analyzer(analysis.plugin->descriptor.name());
  task.set_plugin_path(analysis.plugin->descriptor.library_path());
  task.set_plugin_sha256(analysis.plugin->descriptor.library_sha256());
  *task.mutable_params() = analysis.params.values();
  task.set_table_rows(run.table->num_rows());
  task.set_table_columns(static_cast<uint32_t>(run.table->num_columns()));
  task.set_target_column(run.target_column);
  task.mutable_feature_columns()->Add(run.feature_columns.begin(), run.feature_columns.end());
  EncodeOutcomes(run.outcomes, *task.mutable_outcomes());
  for (const sdk::Cohort& cohort : run.cohorts) {
    WorkerTask::Cohort* out = task.add_cohorts();
    out->set_name(cohort.name);
    out->set_filter(cohort.filter);
    out->mutable_rows()->Add(cohort.rows.begin(), cohort.rows.end());
  }
  if (run.model != nullptr) {
    const sdk::ModelInfo& info = run.model->info();
    WorkerTask::ModelInfo* model = task.mutable_model();
    model->set_task(info.task);
    model->mutable_feature_names()->Add(info.feature_names.begin(), info.feature_names.end());
    model->mutable_classes()->Add(info.classes.begin(), info.classes.end());
  }
  return task;
}

absl::Status SendTask(int fd, const WorkerTask& task, const sdk::Table& table) {
  if (auto status = WriteFrame(fd, task); !status.ok()) return status;
  for (size_t i = 0; i < table.num_columns(); ++i) {
    glassbox::internal::TableTransfer::Column column;
    EncodeColumn(table.column(i), column);
    if (auto status = WriteFrame(fd, column); !status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<AssignedAnalysis> ReceiveTask(int fd, int library_fd) {
  WorkerTask task;
  if (auto status = ReadFrame(fd, task); !status.ok()) return status;
  absl::StatusOr<sdk::Table> table = ReceiveTable(fd, task.table_columns(), task.table_rows());
  if (!table.ok()) return table.status();
  absl::StatusOr<std::shared_ptr<const plugins::Plugin>> plugin =
      plugins::AdoptPlugin(library_fd, task.plugin_path(), task.plugin_sha256());
  if (!plugin.ok()) return plugin.status();
  if ((*plugin)->descriptor.name() != task.analyzer()) {
    return absl::FailedPreconditionError(absl::StrCat("the worker was handed the library of analyzer '",
                                                      (*plugin)->descriptor.name(), "' to run '", task.analyzer(), "'"));
  }

  AssignedAnalysis assigned;
  PreparedRun& run = assigned.run;
  run.table = std::make_shared<const sdk::Table>(*std::move(table));
  run.target_column = task.target_column();
  run.feature_columns = Strings(task.feature_columns());
  absl::StatusOr<sdk::Outcomes> outcomes = DecodeOutcomes(task.outcomes(), run.table->num_rows());
  if (!outcomes.ok()) return outcomes.status();
  run.outcomes = *std::move(outcomes);
  for (const WorkerTask::Cohort& in : task.cohorts()) {
    sdk::Cohort& cohort = run.cohorts.emplace_back();
    cohort.name = in.name();
    cohort.filter = in.filter();
    cohort.rows.assign(in.rows().begin(), in.rows().end());
    for (size_t row : cohort.rows) {
      if (row >= run.table->num_rows()) {
        return absl::InvalidArgumentError(
            absl::StrCat("cohort '", cohort.name, "' names row ", row, " of a ", run.table->num_rows(), "-row table"));
      }
    }
  }
  run.analyses.push_back({*std::move(plugin), sdk::Params(task.params())});
  if (task.has_model()) {
    sdk::ModelInfo& info = assigned.model_info.emplace();
    info.task = task.model().task();
    info.feature_names = Strings(task.model().feature_names());
    info.classes = Strings(task.model().classes());
  }
  return assigned;
}

}  // namespace glassbox::run
