// A real glassboxd started as a child process on an ephemeral 127.0.0.1
// port with a fresh temporary data folder, for end-to-end tests; and the
// glassbox CLI run as a child process against it.
#ifndef GLASSBOX_TESTS_SUPPORT_DAEMON_PROCESS_H_
#define GLASSBOX_TESTS_SUPPORT_DAEMON_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "glassbox/v1/service.grpc.pb.h"

namespace glassbox::testing {

// A fresh folder under the system's temporary folder, removed on destruction.
class TemporaryFolder {
 public:
  TemporaryFolder();
  ~TemporaryFolder();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class DaemonProcess {
 public:
  // Starts glassboxd with its built-in plugins plus `extra_flags`; the test
  // fails (and the object is unusable) if it does not listen within 30 s.
  // Its HTTP port is off unless `extra_flags` has --http_listen (e.g.
  // 127.0.0.1:0), so that daemons of tests running at once never meet on 8080.
  explicit DaemonProcess(std::vector<std::string> extra_flags = {});
  ~DaemonProcess();

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // The HTTP port; 0 when it is off.
  int http_port() const { return http_port_; }
  std::string data_dir() const { return folder_.path() + "/data"; }
  glassbox::v1::Glassbox::Stub& stub() { return *stub_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }
  bool running() const { return pid_ > 0; }
  // The daemon's process id, e.g. to read its memory; -1 when not running.
  pid_t pid() const { return pid_; }

  // SIGTERM and wait (graceful), or SIGKILL (a crash).
  void Stop();
  void Kill();
  // Starts again on the same data folder (a new port).
  void Restart();

 private:
  void Launch();

  TemporaryFolder folder_;
  std::vector<std::string> extra_flags_;
  pid_t pid_ = -1;
  int port_ = 0;
  int http_port_ = 0;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<glassbox::v1::Glassbox::Stub> stub_;
};

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the built glassbox CLI with `args` against `address`.
CliResult RunCli(const std::string& address, const std::vector<std::string>& args);

// Uploads a file through the gRPC API in 64 KiB chunks.
grpc::Status UploadFile(glassbox::v1::Glassbox::Stub& stub, const std::string& path, glassbox::v1::Dataset* dataset,
                        const glassbox::v1::DatasetHeader& header = {});
grpc::Status UploadBytes(glassbox::v1::Glassbox::Stub& stub, const std::string& bytes, glassbox::v1::Dataset* dataset,
                         const glassbox::v1::DatasetHeader& header = {});

// GetRun; its status goes to `status` when given (the run is empty on an error).
glassbox::v1::Run GetRun(glassbox::v1::Glassbox::Stub& stub, const std::string& id, grpc::Status* status = nullptr);
grpc::Status CancelRun(glassbox::v1::Glassbox::Stub& stub, const std::string& id, glassbox::v1::Run* run);

// Follows WatchRun to the end and returns the final run.
glassbox::v1::Run WaitForRun(glassbox::v1::Glassbox::Stub& stub, const std::string& run_id);

// A run of `analyzers` (default parameters) on an uploaded Adult dataset:
// target income, binary, positive ">50K"; scored by the registered `model`
// when given, else read from the file's `prediction` and `probability` columns.
glassbox::v1::RunSpec AdultRunSpec(const std::string& dataset_id, const std::vector<std::string>& analyzers,
                                   const std::string& model = "");

// Registers /work/shared/datasets/adult_xgb.json as `name`: binary, classes
// "<=50K" and ">50K", categories coded as in the uploaded `categories_dataset_id`
// (adult.csv's, whose sorted values the model was trained on).
glassbox::v1::RegisterModelRequest AdultModelRequest(const std::string& name, const std::string& categories_dataset_id);

// CreateRun of `spec`, answering what the daemon answered; the run goes on if it was created.
grpc::Status TryCreateRun(glassbox::v1::Glassbox::Stub& stub, const glassbox::v1::RunSpec& spec,
                          glassbox::v1::Run* run);
// CreateRun, failing the test if it is refused; the run goes on.
glassbox::v1::Run StartRun(glassbox::v1::Glassbox::Stub& stub, const glassbox::v1::RunSpec& spec);
// CreateRun, failing the test if it is refused, then WaitForRun.
glassbox::v1::Run CreateRunAndWait(glassbox::v1::Glassbox::Stub& stub, const glassbox::v1::RunSpec& spec);

// GetInsight, failing the test (and returning an empty insight) if it is refused.
glassbox::v1::Insight FetchInsight(glassbox::v1::Glassbox::Stub& stub, const std::string& insight_id);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_DAEMON_PROCESS_H_
