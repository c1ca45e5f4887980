#include "tests/support/daemon_process.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {
namespace {

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Runs argv with stdout and stderr sent to files; returns the exit code.
int RunChild(const std::vector<std::string>& argv, const std::string& out_path, const std::string& err_path) {
  pid_t pid = fork();
  if (pid == 0) {
    freopen(out_path.c_str(), "w", stdout);
    freopen(err_path.c_str(), "w", stderr);
    freopen("/dev/null", "r", stdin);
    std::vector<char*> raw;
    for (const auto& arg : argv) raw.push_back(const_cast<char*>(arg.c_str()));
    raw.push_back(nullptr);
    execv(raw[0], raw.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TemporaryFolder::TemporaryFolder() {
  std::string pattern = (std::filesystem::temp_directory_path() / "glassbox-test-XXXXXX").string();
  path_ = mkdtemp(pattern.data());
}

TemporaryFolder::~TemporaryFolder() {
  std::error_code error;
  std::filesystem::remove_all(path_, error);
}

DaemonProcess::DaemonProcess(std::vector<std::string> extra_flags) : extra_flags_(std::move(extra_flags)) { Launch(); }

DaemonProcess::~DaemonProcess() { Stop(); }

void DaemonProcess::Launch() {
  std::string port_file = folder_.path() + "/port";
  std::string http_port_file = folder_.path() + "/http_port";
  std::filesystem::remove(port_file);
  std::filesystem::remove(http_port_file);
  std::vector<std::string> argv = {std::string(GLASSBOX_BINARY_DIR) + "/bin/glassboxd", "--listen=127.0.0.1:0",
                                   "--http_listen=", "--data_dir=" + data_dir(), "--port_file=" + port_file,
                                   "--http_port_file=" + http_port_file};
  argv.insert(argv.end(), extra_flags_.begin(), extra_flags_.end());
  std::string log = folder_.path() + "/glassboxd.log";
  pid_ = fork();
  if (pid_ == 0) {
    // The daemon dies with the test, even when the test crashes.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    freopen(log.c_str(), "a", stderr);
    std::vector<char*> raw;
    for (const auto& arg : argv) raw.push_back(const_cast<char*>(arg.c_str()));
    raw.push_back(nullptr);
    execv(raw[0], raw.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!std::filesystem::exists(port_file)) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      ADD_FAILURE() << "glassboxd exited at start: " << ReadWholeFile(log);
      return;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "glassboxd did not listen within 30 s: " << ReadWholeFile(log);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  port_ = std::stoi(ReadWholeFile(port_file));
  // glassboxd writes the HTTP port before the gRPC one.
  http_port_ = std::filesystem::exists(http_port_file) ? std::stoi(ReadWholeFile(http_port_file)) : 0;
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  channel_ = grpc::CreateCustomChannel(address(), grpc::InsecureChannelCredentials(), args);
  stub_ = glassbox::v1::Glassbox::NewStub(channel_);
}

void DaemonProcess::Stop() {
  if (pid_ <= 0) return;
  // An open client connection would hold the daemon's graceful shutdown to its deadline.
  stub_.reset();
  channel_.reset();
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "glassboxd did not exit cleanly on SIGTERM";
  pid_ = -1;
}

void DaemonProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void DaemonProcess::Restart() {
  Stop();
  Launch();
}

CliResult RunCli(const std::string& address, const std::vector<std::string>& args) {
  TemporaryFolder folder;
  std::vector<std::string> argv = {std::string(GLASSBOX_BINARY_DIR) + "/bin/glassbox", "--address=" + address};
  argv.insert(argv.end(), args.begin(), args.end());
  CliResult result;
  result.exit_code = RunChild(argv, folder.path() + "/out", folder.path() + "/err");
  result.out = ReadWholeFile(folder.path() + "/out");
  result.err = ReadWholeFile(folder.path() + "/err");
  return result;
}

grpc::Status UploadBytes(glassbox::v1::Glassbox::Stub& stub, const std::string& bytes, glassbox::v1::Dataset* dataset,
                         const glassbox::v1::DatasetHeader& header) {
  grpc::ClientContext context;
  auto writer = stub.UploadDataset(&context, dataset);
  glassbox::v1::UploadDatasetRequest request;
  *request.mutable_header() = header;
  writer->Write(request);
  constexpr size_t kChunk = 64 << 10;
  for (size_t offset = 0; offset < bytes.size(); offset += kChunk) {
    request.set_chunk(bytes.substr(offset, kChunk));
    if (!writer->Write(request)) break;
  }
  writer->WritesDone();
  return writer->Finish();
}

grpc::Status UploadFile(glassbox::v1::Glassbox::Stub& stub, const std::string& path, glassbox::v1::Dataset* dataset,
                        const glassbox::v1::DatasetHeader& header) {
  return UploadBytes(stub, ReadWholeFile(path), dataset, header);
}

glassbox::v1::Run GetRun(glassbox::v1::Glassbox::Stub& stub, const std::string& id, grpc::Status* status) {
  grpc::ClientContext context;
  glassbox::v1::GetRunRequest request;
  request.set_id(id);
  glassbox::v1::Run run;
  grpc::Status got = stub.GetRun(&context, request, &run);
  if (status != nullptr) *status = got;
  return run;
}

grpc::Status CancelRun(glassbox::v1::Glassbox::Stub& stub, const std::string& id, glassbox::v1::Run* run) {
  grpc::ClientContext context;
  glassbox::v1::CancelRunRequest request;
  request.set_id(id);
  return stub.CancelRun(&context, request, run);
}

glassbox::v1::Run WaitForRun(glassbox::v1::Glassbox::Stub& stub, const std::string& run_id) {
  grpc::ClientContext watch_context;
  glassbox::v1::WatchRunRequest watch;
  watch.set_id(run_id);
  auto reader = stub.WatchRun(&watch_context, watch);
  glassbox::v1::RunEvent event;
  while (reader->Read(&event)) {
  }
  EXPECT_TRUE(reader->Finish().ok());
  grpc::ClientContext context;
  glassbox::v1::GetRunRequest get;
  get.set_id(run_id);
  glassbox::v1::Run run;
  EXPECT_TRUE(stub.GetRun(&context, get, &run).ok());
  return run;
}

glassbox::v1::RunSpec AdultRunSpec(const std::string& dataset_id, const std::vector<std::string>& analyzers,
                                   const std::string& model) {
  glassbox::v1::RunSpec spec;
  spec.set_dataset_id(dataset_id);
  spec.set_target_column("income");
  spec.set_task(glassbox::v1::BINARY_CLASSIFICATION);
  spec.set_positive_class(">50K");
  if (model.empty()) {
    spec.mutable_predictions()->set_prediction_column("prediction");
    spec.mutable_predictions()->add_probability_columns("probability");
  } else {
    spec.mutable_model()->set_name(model);
  }
  for (const auto& analyzer : analyzers) spec.add_analyses()->set_analyzer(analyzer);
  return spec;
}

glassbox::v1::RegisterModelRequest AdultModelRequest(const std::string& name, const std::string& categories_dataset_id) {
  glassbox::v1::RegisterModelRequest request;
  request.set_name(name);
  request.set_format(glassbox::v1::XGBOOST);
  request.set_model_bytes(ReadFileBytes(DatasetPath("adult_xgb.json")));
  request.add_class_labels("<=50K");
  request.add_class_labels(">50K");
  request.set_categories_from_dataset_id(categories_dataset_id);
  return request;
}

grpc::Status TryCreateRun(glassbox::v1::Glassbox::Stub& stub, const glassbox::v1::RunSpec& spec,
                          glassbox::v1::Run* run) {
  grpc::ClientContext context;
  glassbox::v1::CreateRunRequest request;
  *request.mutable_spec() = spec;
  return stub.CreateRun(&context, request, run);
}

glassbox::v1::Run StartRun(glassbox::v1::Glassbox::Stub& stub, const glassbox::v1::RunSpec& spec) {
  glassbox::v1::Run run;
  grpc::Status status = TryCreateRun(stub, spec, &run);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return run;
}

glassbox::v1::Run CreateRunAndWait(glassbox::v1::Glassbox::Stub& stub, const glassbox::v1::RunSpec& spec) {
  glassbox::v1::Run created = StartRun(stub, spec);
  return created.id().empty() ? created : WaitForRun(stub, created.id());
}

glassbox::v1::Insight FetchInsight(glassbox::v1::Glassbox::Stub& stub, const std::string& insight_id) {
  grpc::ClientContext context;
  glassbox::v1::GetInsightRequest request;
  request.set_id(insight_id);
  glassbox::v1::Insight insight;
  grpc::Status status = stub.GetInsight(&context, request, &insight);
  EXPECT_TRUE(status.ok()) << "GetInsight " << insight_id << ": " << status.error_message();
  return insight;
}

}  // namespace glassbox::testing
