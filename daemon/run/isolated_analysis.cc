#include "daemon/run/isolated_analysis.h"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "daemon/common/log.h"
#include "daemon/run/frame_stream.h"
#include "daemon/run/worker_wire.h"

namespace glassbox::run {
namespace {

using glassbox::internal::Failure;
using glassbox::internal::ModelReply;
using glassbox::internal::WorkerMessage;

constexpr int kPollMillis = 50;
constexpr auto kProgressInterval = std::chrono::milliseconds(50);

Failure FailureOf(const absl::Status& status) {
  Failure failure;
  failure.set_code(static_cast<int32_t>(status.code()));
  failure.set_message(std::string(status.message()));
  return failure;
}

absl::Status StatusOf(const Failure& failure) {
  return absl::Status(static_cast<absl::StatusCode>(failure.code()), failure.message());
}

// --- The worker's side. ---

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
  DaemonModel(const sdk::Model& run_model, const sdk::Table& run_table, DaemonLink& link)
      : info_(run_model.info()), encoder_(run_table), link_(link) {}

  const sdk::ModelInfo& info() const override { return info_; }

  absl::StatusOr<Eigen::MatrixXd> Predict(const sdk::Table& rows) const override {
    return Call(WorkerMessage::PREDICT, rows);
  }

  absl::StatusOr<Eigen::MatrixXd> Contributions(const sdk::Table& rows) const override {
    return Call(WorkerMessage::CONTRIBUTIONS, rows);
  }

 private:
  absl::StatusOr<Eigen::MatrixXd> Call(WorkerMessage::ModelMethod method, const sdk::Table& rows) const {
    WorkerMessage message;
    message.mutable_model_call()->set_method(method);
    encoder_.Encode(rows, *message.mutable_model_call()->mutable_rows());
    absl::StatusOr<ModelReply> reply = link_.Call(message);
    if (!reply.ok()) return reply.status();
    if (reply->has_failure()) return StatusOf(reply->failure());
    return DecodeMatrix(reply->matrix());
  }

  const sdk::ModelInfo& info_;
  const TableEncoder encoder_;
  DaemonLink& link_;
};

[[noreturn]] void WorkAndExit(const PreparedRun& run, size_t index, int fd) {
  DaemonLink link(fd);
  std::optional<DaemonModel> model;
  if (run.model != nullptr) model.emplace(*run.model, *run.table, link);
  auto insight = ExecuteAnalysis(
      run, index, model ? &*model : nullptr,
      [&link](double fraction, std::string_view message) { link.Report(fraction, message); }, nullptr);
  WorkerMessage answer;
  if (insight.ok()) {
    *answer.mutable_insight() = *std::move(insight);
  } else {
    *answer.mutable_failure() = FailureOf(insight.status());
  }
  // _exit: the worker must not run the daemon's exit handlers or destructors.
  ::_exit(link.Send(answer).ok() ? 0 : 1);
}

// --- The daemon's side. ---

ModelReply Answer(const PreparedRun& run, const WorkerMessage::ModelCall& call) {
  auto result = [&]() -> absl::StatusOr<Eigen::MatrixXd> {
    if (run.model == nullptr) return absl::FailedPreconditionError("the run has no model");
    absl::StatusOr<sdk::Table> rows = DecodeTable(call.rows(), *run.table);
    if (!rows.ok()) return rows.status();
    switch (call.method()) {
      case WorkerMessage::PREDICT:
        return run.model->Predict(*rows);
      case WorkerMessage::CONTRIBUTIONS:
        return run.model->Contributions(*rows);
      default:
        return absl::InvalidArgumentError(absl::StrCat("unknown model method ", call.method()));
    }
  }();
  ModelReply reply;
  if (result.ok()) {
    EncodeMatrix(*result, *reply.mutable_matrix());
  } else {
    *reply.mutable_failure() = FailureOf(result.status());
  }
  return reply;
}

void KillAndReap(pid_t pid) {
  ::kill(pid, SIGKILL);
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

std::string DescribeExit(int wait_status) {
  if (WIFSIGNALED(wait_status)) {
    int signal = WTERMSIG(wait_status);
    return absl::StrCat("crashed: its worker process was killed by signal ", signal, " (", strsignal(signal), ")");
  }
  return absl::StrCat("ended its worker process with exit status ", WEXITSTATUS(wait_status),
                      " before it reported a result");
}

class Supervision {
 public:
  Supervision(const PreparedRun& run, size_t index, pid_t pid, int fd,
              const std::function<void(double, std::string_view)>& report_progress,
              const std::atomic<bool>* cancel_requested, absl::Duration deadline)
      : run_(run),
        analyzer_(run.analyses[index].plugin->descriptor.name()),
        pid_(pid),
        fd_(fd),
        report_progress_(report_progress),
        cancel_requested_(cancel_requested),
        deadline_(deadline),
        give_up_(absl::Now() + deadline) {}

  absl::StatusOr<glassbox::v1::Insight> Run() {
    std::optional<absl::StatusOr<glassbox::v1::Insight>> answer;
    while (!answer) {
      if (auto stop = StopReason(); !stop.ok()) return Stop(stop);
      pollfd readable{fd_, POLLIN, 0};
      int ready = ::poll(&readable, 1, kPollMillis);
      if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
      WorkerMessage message;
      if (!ReadFrame(fd_, message).ok()) break;
      if (message.has_progress()) {
        if (report_progress_) report_progress_(message.progress().fraction(), message.progress().message());
      } else if (message.has_model_call()) {
        if (!WriteFrame(fd_, Answer(run_, message.model_call())).ok()) break;
      } else if (message.has_insight()) {
        answer = std::move(*message.mutable_insight());
      } else {
        answer = StatusOf(message.failure());
      }
    }
    if (answer) {
      // The worker is exiting; nothing it does now can change the answer.
      KillAndReap(pid_);
      return *std::move(answer);
    }
    // It closed the socket without answering: it crashed or exited.
    int wait_status = 0;
    while (::waitpid(pid_, &wait_status, WNOHANG) == 0) {
      if (auto stop = StopReason(); !stop.ok()) return Stop(stop);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::string message = absl::StrCat("analyzer '", analyzer_, "' ", DescribeExit(wait_status),
                                       "; the daemon and the other analyses carried on");
    Log(LogLevel::kError, message);
    return absl::InternalError(message);
  }

 private:
  absl::Status StopReason() const {
    if (cancel_requested_ != nullptr && cancel_requested_->load()) return absl::CancelledError("cancelled");
    if (absl::Now() >= give_up_) {
      return absl::DeadlineExceededError(absl::StrCat("analyzer '", analyzer_, "' did not finish within the ",
                                                      absl::FormatDuration(deadline_),
                                                      " analysis deadline and was stopped; the daemon's "
                                                      "--analysis_deadline_s sets it"));
    }
    return absl::OkStatus();
  }

  absl::Status Stop(const absl::Status& reason) {
    KillAndReap(pid_);
    if (reason.code() == absl::StatusCode::kDeadlineExceeded) Log(LogLevel::kWarning, std::string(reason.message()));
    return reason;
  }

  const PreparedRun& run_;
  const std::string& analyzer_;
  const pid_t pid_;
  const int fd_;
  const std::function<void(double, std::string_view)>& report_progress_;
  const std::atomic<bool>* const cancel_requested_;
  const absl::Duration deadline_;
  const absl::Time give_up_;
};

}  // namespace

absl::StatusOr<glassbox::v1::Insight> ExecuteIsolated(const PreparedRun& run, size_t index,
                                                      std::function<void(double, std::string_view)> report_progress,
                                                      const std::atomic<bool>* cancel_requested,
                                                      absl::Duration deadline) {
  int sockets[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) {
    return absl::ResourceExhaustedError(absl::StrCat("cannot open a socket to a worker: ", std::strerror(errno)));
  }
  const pid_t daemon_pid = ::getpid();
  absl::StatusOr<glassbox::v1::Insight> outcome;
  // The worker is forked by a thread of its own that then supervises it to
  // the end: a fresh thread hands the child no OpenMP team whose threads fork
  // left behind, and the child's parent-death signal fires when the thread
  // that forked it ends.
  std::thread supervisor([&] {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(sockets[0]);
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != daemon_pid) ::_exit(1);
      WorkAndExit(run, index, sockets[1]);
    }
    ::close(sockets[1]);
    if (pid < 0) {
      outcome = absl::ResourceExhaustedError(absl::StrCat("cannot start a worker process: ", std::strerror(errno)));
    } else {
      outcome = Supervision(run, index, pid, sockets[0], report_progress, cancel_requested, deadline).Run();
    }
    ::close(sockets[0]);
  });
  supervisor.join();
  return outcome;
}

}  // namespace glassbox::run
