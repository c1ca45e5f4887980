#include "daemon/common/private_file.h"

#include <sys/stat.h>

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/daemon_process.h"

namespace glassbox {
namespace {

using ::testing::HasSubstr;

class PrivateFileTest : public ::testing::Test {
 protected:
  PrivateFileTest() { std::ofstream(path_) << "secret"; }

  absl::StatusOr<std::string> ReadWithMode(mode_t mode) {
    EXPECT_EQ(chmod(path_.c_str(), mode), 0);
    return ReadPrivateFile(path_, "--tls_key");
  }

  testing::TemporaryFolder folder_;
  const std::string path_ = folder_.path() + "/server.key";
};

TEST_F(PrivateFileTest, OnlyItsOwnerMayReadOrWriteIt) {
  for (mode_t mode : {0600, 0400}) {
    auto bytes = ReadWithMode(mode);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    EXPECT_EQ(*bytes, "secret");
  }
}

TEST_F(PrivateFileTest, AnyGroupOrOtherBitIsRefusedWithTheFix) {
  auto refused = ReadWithMode(0644);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(), "--tls_key " + path_ + " holds a secret, yet its mode 0644 lets its group or "
                                        "others read or write it; chmod 600 " + path_);
  for (mode_t mode : {0640, 0620, 0604, 0602, 0610}) {
    EXPECT_EQ(ReadWithMode(mode).status().code(), absl::StatusCode::kFailedPrecondition) << std::oct << mode;
  }
}

TEST_F(PrivateFileTest, AMissingFileCannotBeRead) {
  auto missing = ReadPrivateFile(folder_.path() + "/none", "--tokens_file");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(missing.status().message()),
              HasSubstr("--tokens_file " + folder_.path() + "/none cannot be read: cannot open"));
}

}  // namespace
}  // namespace glassbox
