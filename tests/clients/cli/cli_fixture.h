// One real glassboxd for a test suite of CLI tests, with adult_test_scored.csv
// uploaded (and, for suites that ask, adult_xgb.json registered), and the built glassbox CLI run against it.
#ifndef GLASSBOX_TESTS_CLIENTS_CLI_CLI_FIXTURE_H_
#define GLASSBOX_TESTS_CLIENTS_CLI_CLI_FIXTURE_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "glassbox/v1/dataset.pb.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override { ASSERT_TRUE(daemon_ != nullptr && daemon_->running() && !scored_.id().empty()); }

  static CliResult Cli(const std::vector<std::string>& args) { return RunCli(daemon_->address(), args); }
  // The id of the run `glassbox run --watch` created, from the first line it writes to stderr: "run ID".
  static std::string WatchedRunId(const CliResult& result) { return result.err.substr(4, result.err.find('\n') - 4); }

  static DaemonProcess* daemon_;
  // adult_test_scored.csv, uploaded.
  static glassbox::v1::Dataset scored_;
};

// A CliTest whose daemon also has adult.csv uploaded and adult_xgb.json registered as "adult-xgb" with its
// classes and categories.
class CliModelTest : public CliTest {
 protected:
  static void SetUpTestSuite();
};

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_CLIENTS_CLI_CLI_FIXTURE_H_
