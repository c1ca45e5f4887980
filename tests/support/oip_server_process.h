// The test server tests/support/oip_server.py as a child process: a
// scikit-learn model trained on adult.csv, served over the KServe v2 / Open
// Inference Protocol on an ephemeral 127.0.0.1 port, with the outputs
// scikit-learn itself computes for the rows of adult_test_scored.csv.
#ifndef GLASSBOX_TESTS_SUPPORT_OIP_SERVER_PROCESS_H_
#define GLASSBOX_TESTS_SUPPORT_OIP_SERVER_PROCESS_H_

#include <Eigen/Core>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "glassbox/v1/task.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {

// What the server's card.json says of its model.
struct OipModelCard {
  std::string model_name;
  glassbox::v1::TaskType task = glassbox::v1::TASK_TYPE_UNSPECIFIED;
  std::vector<std::string> features;
  // Categorical features: their categories in the model's code order.
  std::map<std::string, std::vector<std::string>> categories;
  std::vector<std::string> classes;
  std::string input_name;
};

class OipServerProcess {
 public:
  // Starts the server with `flags` (see oip_server.py: --target, --delay,
  // --unavailable-calls, ...). Fails, quoting its log, if it does not listen
  // within 60 s.
  static absl::StatusOr<std::unique_ptr<OipServerProcess>> Start(const std::vector<std::string>& flags = {});

  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  const OipModelCard& card() const { return card_; }
  // scikit-learn's outputs for adult_test_scored.csv: rows × classes
  // probabilities, or rows × 1 predictions.
  const Eigen::MatrixXd& expected() const { return expected_; }

  // SIGTERM (a clean stop) or SIGKILL.
  void Stop() { process_->Stop(); }
  void Kill() { process_->Kill(); }

 private:
  OipServerProcess() = default;

  TemporaryFolder folder_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
  OipModelCard card_;
  Eigen::MatrixXd expected_;
};

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_OIP_SERVER_PROCESS_H_
