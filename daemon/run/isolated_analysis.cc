#include "daemon/run/isolated_analysis.h"

#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/common/executable_folder.h"
#include "daemon/common/log.h"
#include "daemon/run/frame_stream.h"
#include "daemon/run/worker_task.h"
#include "daemon/run/worker_wire.h"

namespace glassbox::run {
namespace {

using glassbox::internal::ModelReply;
using glassbox::internal::WorkerMessage;

constexpr int kPollMillis = 50;

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
      case WorkerMessage::PREDICT_REPLACING: {
        std::vector<std::shared_ptr<const sdk::Column>> replacements;
        for (const auto& column : call.replacements()) {
          absl::StatusOr<std::shared_ptr<const sdk::Column>> decoded = DecodeColumn(column, *run.table);
          if (!decoded.ok()) return decoded.status();
          replacements.push_back(*std::move(decoded));
        }
        return run.model->PredictReplacing(*rows, replacements);
      }
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
        index_(index),
        analyzer_(run.analyses[index].plugin->descriptor.name()),
        pid_(pid),
        fd_(fd),
        report_progress_(report_progress),
        cancel_requested_(cancel_requested),
        deadline_(deadline),
        give_up_(absl::Now() + deadline) {}

  absl::StatusOr<glassbox::v1::Insight> Run() {
    std::optional<absl::StatusOr<glassbox::v1::Insight>> answer;
    // A worker that dies before it took its task is reported as any other crash.
    const bool connected = SendTask(fd_, EncodeTask(run_, index_), *run_.table).ok();
    while (connected && !answer) {
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
  const size_t index_;
  const std::string& analyzer_;
  const pid_t pid_;
  const int fd_;
  const std::function<void(double, std::string_view)>& report_progress_;
  const std::atomic<bool>* const cancel_requested_;
  const absl::Duration deadline_;
  const absl::Time give_up_;
};

// The worker's descriptors: its socket and the plugin library, each dup'ed
// to a number neither source uses, so that no dup2 closes the other source.
struct WorkerDescriptors {
  int socket;
  int library;
};

WorkerDescriptors PickDescriptors(int socket, int library) {
  std::vector<int> targets;
  for (int fd = STDERR_FILENO + 1; targets.size() < 2; ++fd) {
    if (fd != socket && fd != library) targets.push_back(fd);
  }
  return {targets[0], targets[1]};
}

absl::StatusOr<pid_t> SpawnWorker(const std::string& binary, int socket, int library) {
  const WorkerDescriptors target = PickDescriptors(socket, library);
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_adddup2(&actions, socket, target.socket);
  ::posix_spawn_file_actions_adddup2(&actions, library, target.library);
  ::posix_spawn_file_actions_addclosefrom_np(&actions, std::max(target.socket, target.library) + 1);
  std::vector<std::string> args = {binary, absl::StrCat("--socket_fd=", target.socket),
                                   absl::StrCat("--library_fd=", target.library),
                                   absl::StrCat("--parent_pid=", ::getpid())};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int error = ::posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  ::posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    return absl::FailedPreconditionError(absl::StrCat("cannot start the analysis worker ", binary, ": ",
                                                      std::strerror(error), "; glassboxd's --worker_binary names it"));
  }
  return pid;
}

}  // namespace

std::string DefaultWorkerBinary() { return (ExecutableFolder() / "glassbox-worker").string(); }

absl::StatusOr<glassbox::v1::Insight> ExecuteIsolated(const PreparedRun& run, size_t index,
                                                      std::function<void(double, std::string_view)> report_progress,
                                                      const std::atomic<bool>* cancel_requested,
                                                      const WorkerOptions& options) {
  int sockets[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) {
    return absl::ResourceExhaustedError(absl::StrCat("cannot open a socket to a worker: ", std::strerror(errno)));
  }
  absl::StatusOr<pid_t> pid = SpawnWorker(options.binary, sockets[1], run.analyses[index].plugin->library_fd);
  ::close(sockets[1]);
  absl::StatusOr<glassbox::v1::Insight> outcome =
      pid.ok() ? Supervision(run, index, *pid, sockets[0], report_progress, cancel_requested, options.deadline).Run()
               : pid.status();
  ::close(sockets[0]);
  return outcome;
}

}  // namespace glassbox::run
