// File modes through a real daemon: what it creates in a fresh data folder is
// private to its user whatever umask it starts with, and it refuses at start
// a tokens file or TLS key that others may read, naming the chmod to run.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/adult_model.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/bearer_tokens.h"
#include "tests/support/child_process.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

using ::testing::HasSubstr;

mode_t ModeOf(const std::string& path) {
  struct stat info;
  EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

TEST(FileModesTest, ADaemonOnAFreshFolderKeepsWhatItWritesPrivate) {
  // The test's own umask (022 on most systems) would make them 0755 and 0644.
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.running());
  glassbox::v1::Dataset adult;
  ASSERT_TRUE(UploadFile(daemon.stub(), DatasetPath("adult.csv"), &adult).ok());
  grpc::ClientContext context;
  glassbox::v1::ModelVersion model;
  ASSERT_TRUE(daemon.stub().RegisterModel(&context, AdultModelRequest("adult-xgb", adult.id()), &model).ok());

  const std::string data = daemon.data_dir();
  for (const std::string& folder : {data, data + "/datasets", data + "/datasets/staging", data + "/models"}) {
    EXPECT_EQ(ModeOf(folder), 0700u) << folder;
  }
  // SQLite gives the WAL and SHM files the database's mode.
  for (const std::string& file : {data + "/glassbox.db", data + "/glassbox.db-wal", data + "/glassbox.db-shm"}) {
    EXPECT_EQ(ModeOf(file), 0600u) << file;
  }
  int blobs = 0;
  for (const std::string& folder : {data + "/datasets", data + "/models"}) {
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (!entry.is_regular_file()) continue;
      ++blobs;
      EXPECT_EQ(ModeOf(entry.path().string()), 0600u) << entry.path();
    }
  }
  EXPECT_EQ(blobs, 2);
  // DaemonProcess passes --port_file=<its folder>/port, beside the data folder.
  EXPECT_EQ(ModeOf(data + "/../port"), 0600u);
}

// glassboxd with `flags`, expected to refuse to start; its log.
std::string Refusal(const TemporaryFolder& folder, const std::vector<std::string>& flags) {
  std::vector<std::string> argv = {std::string(GLASSBOX_BINARY_DIR) + "/bin/glassboxd", "--listen=127.0.0.1:0", "--http_listen=",
                                   "--data_dir=" + folder.path() + "/data", "--port_file=" + folder.path() + "/port"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  auto daemon = ChildProcess::Start(argv, folder.path() + "/glassboxd.log");
  EXPECT_TRUE(daemon.ok()) << daemon.status();
  if (!daemon.ok()) return "";
  auto port = (*daemon)->WaitForFile(folder.path() + "/port", absl::Seconds(30));
  EXPECT_EQ(port.status().code(), absl::StatusCode::kFailedPrecondition) << "glassboxd started: " << port.status();
  return (*daemon)->log();
}

TEST(FileModesTest, ATokensFileOthersMayReadIsRefusedAtStart) {
  TemporaryFolder folder;
  const std::string tokens = folder.path() + "/tokens";
  WriteTokensFile(tokens, {{"token-of-alice", "alice", "analyst"}});
  ASSERT_EQ(chmod(tokens.c_str(), 0666), 0);
  EXPECT_THAT(Refusal(folder, {"--tokens_file=" + tokens}),
              HasSubstr("--tokens_file " + tokens + " holds a secret, yet its mode 0666 lets its group or others "
                        "read or write it; chmod 600 " + tokens));
  ASSERT_EQ(chmod(tokens.c_str(), 0640), 0);
  EXPECT_THAT(Refusal(folder, {"--tokens_file=" + tokens}), HasSubstr("mode 0640"));
}

TEST(FileModesTest, ATlsKeyOthersMayReadIsRefusedAtStart) {
  TemporaryFolder folder;
  // The mode is checked before the PEM is parsed.
  const std::string cert = folder.path() + "/server.pem";
  const std::string key = folder.path() + "/server.key";
  std::ofstream(cert) << "certificate";
  std::ofstream(key) << "key";
  ASSERT_EQ(chmod(key.c_str(), 0644), 0);
  EXPECT_THAT(Refusal(folder, {"--tls_cert=" + cert, "--tls_key=" + key}),
              HasSubstr("--tls_key " + key + " holds a secret, yet its mode 0644 lets its group or others read or "
                        "write it; chmod 600 " + key));
}

}  // namespace
}  // namespace glassbox::testing
