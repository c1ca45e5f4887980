// One real glassboxd for a test suite of CLI tests, with adult_test_scored.csv
// uploaded (and, for suites that ask, adult_xgb.json registered), and the built glassbox CLI run against it.
#ifndef GLASSBOX_TESTS_CLIENTS_CLI_CLI_FIXTURE_H_
#define GLASSBOX_TESTS_CLIENTS_CLI_CLI_FIXTURE_H_

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "glassbox/v1/dataset.pb.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override { ASSERT_TRUE(daemon_ != nullptr && daemon_->running() && !scored_.id().empty()); }

  static CliResult Cli(const std::vector<std::string>& args) { return RunCli(daemon_->address(), args); }
  // Uploads adult.csv and registers adult_xgb.json as "adult-xgb" with its classes and categories.
  static void RegisterAdultModel();

  static DaemonProcess* daemon_;
  // adult_test_scored.csv, uploaded.
  static glassbox::v1::Dataset scored_;
};

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_CLIENTS_CLI_CLI_FIXTURE_H_
