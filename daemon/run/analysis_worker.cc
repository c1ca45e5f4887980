#include "daemon/run/analysis_worker.h"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "daemon/run/frame_stream.h"
#include "daemon/run/worker_task.h"
#include "daemon/run/worker_wire.h"

namespace glassbox::run {
namespace {

using glassbox::internal::ModelReply;
using glassbox::internal::WorkerMessage;

constexpr auto kProgressInterval = std::chrono::milliseconds(50);

// The worker's end of the socket, shared by the plugin's threads.
class DaemonLink {
 public:
  explicit DaemonLink(int fd) : fd_(fd) {}

  void Report(double fraction, std::string_view message) {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (now - last_report_ < kProgressInterval) return;
    last_report_ = now;
    WorkerMessage progress;
    progress.mutable_progress()->set_fraction(fraction);
    progress.mutable_progress()->set_message(std::string(message));
    WriteFrame(fd_, progress).IgnoreError();
  }

  absl::StatusOr<ModelReply> Call(const WorkerMessage& call) {
    std::lock_guard lock(mutex_);
    if (auto status = WriteFrame(fd_, call); !status.ok()) return status;
    ModelReply reply;
    if (auto status = ReadFrame(fd_, reply); !status.ok()) return status;
    return reply;
  }

  absl::Status Send(const WorkerMessage& message) {
    std::lock_guard lock(mutex_);
    return WriteFrame(fd_, message);
  }

 private:
  std::mutex mutex_;
  const int fd_;
  std::chrono::steady_clock::time_point last_report_;
};

// The run's model as the worker sees it: every call is answered by the daemon.
class DaemonModel final : public sdk::Model {
 public:
  DaemonModel(sdk::ModelInfo info, const sdk::Table& run_table, DaemonLink& link)
      : info_(std::move(info)), encoder_(run_table), link_(link) {}

  const sdk::ModelInfo& info() const override { return info_; }

  absl::StatusOr<Eigen::MatrixXd> Predict(const sdk::Table& rows) const override {
    return Call(WorkerMessage::PREDICT, rows);
  }

  absl::StatusOr<Eigen::MatrixXd> Contributions(const sdk::Table& rows) const override {
    return Call(WorkerMessage::CONTRIBUTIONS, rows);
  }

  absl::StatusOr<Eigen::MatrixXd> PredictReplacing(
      const sdk::Table& rows, std::span<const std::shared_ptr<const sdk::Column>> replacements) const override {
    return Call(WorkerMessage::PREDICT_REPLACING, rows, replacements);
  }

 private:
  absl::StatusOr<Eigen::MatrixXd> Call(WorkerMessage::ModelMethod method, const sdk::Table& rows,
                                       std::span<const std::shared_ptr<const sdk::Column>> replacements = {}) const {
    WorkerMessage message;
    message.mutable_model_call()->set_method(method);
    encoder_.Encode(rows, *message.mutable_model_call()->mutable_rows());
    for (const std::shared_ptr<const sdk::Column>& column : replacements) {
      EncodeColumn(*column, *message.mutable_model_call()->add_replacements());
    }
    absl::StatusOr<ModelReply> reply = link_.Call(message);
    if (!reply.ok()) return reply.status();
    if (reply->has_failure()) return StatusOf(reply->failure());
    return DecodeMatrix(reply->matrix());
  }

  const sdk::ModelInfo info_;
  const TableEncoder encoder_;
  DaemonLink& link_;
};

absl::StatusOr<glassbox::v1::Insight> Analyze(AssignedAnalysis& assigned, DaemonLink& link) {
  std::optional<DaemonModel> model;
  if (assigned.model_info) model.emplace(*std::move(assigned.model_info), *assigned.run.table, link);
  return ExecuteAnalysis(
      assigned.run, 0, model ? &*model : nullptr,
      [&link](double fraction, std::string_view message) { link.Report(fraction, message); }, nullptr);
}

}  // namespace

int ServeAnalysis(int socket_fd, int library_fd) {
  DaemonLink link(socket_fd);
  absl::StatusOr<AssignedAnalysis> assigned = ReceiveTask(socket_fd, library_fd);
  absl::StatusOr<glassbox::v1::Insight> insight =
      assigned.ok() ? Analyze(*assigned, link) : absl::StatusOr<glassbox::v1::Insight>(assigned.status());
  WorkerMessage answer;
  if (insight.ok()) {
    *answer.mutable_insight() = *std::move(insight);
  } else {
    *answer.mutable_failure() = FailureOf(insight.status());
  }
  return link.Send(answer).ok() ? 0 : 1;
}

}  // namespace glassbox::run
