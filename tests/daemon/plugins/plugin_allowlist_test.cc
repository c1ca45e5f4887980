#include "daemon/plugins/plugin_allowlist.h"

#include <sys/stat.h>

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

#include "tests/support/daemon_process.h"

namespace glassbox::plugins {
namespace {

using ::testing::HasSubstr;

// The SHA-256 of "abc" (FIPS 180-2, appendix B.1).
constexpr char kAbc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

class PluginAllowlistTest : public ::testing::Test {
 protected:
  absl::StatusOr<PluginAllowlist> ReadText(const std::string& text) {
    std::ofstream(path_) << text;
    chmod(path_.c_str(), 0644);
    return PluginAllowlist::Read(path_);
  }

  testing::TemporaryFolder folder_;
  const std::string path_ = folder_.path() + "/allowlist";
};

TEST_F(PluginAllowlistTest, ReadsSha256sumOutputInItsForms) {
  // A digest in capitals, one of a file read in binary mode, one whose file name sha256sum escaped.
  auto allowlist = ReadText(absl::StrCat(
      "# deployed 2026-12-01\n\n", kAbc, "  row_counter.so\n",
      "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AE *binary.so\n",
      "\\ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015af  a\\\\b.so\n"));
  ASSERT_TRUE(allowlist.ok()) << allowlist.status();
  EXPECT_TRUE(allowlist->Allows(kAbc));
  EXPECT_TRUE(allowlist->Allows("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ae"));
  EXPECT_TRUE(allowlist->Allows("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015af"));
  EXPECT_FALSE(allowlist->Allows("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a0"));
  EXPECT_EQ(allowlist->path(), path_);
}

TEST_F(PluginAllowlistTest, ALineThatIsNotADigestIsRefusedByNumber) {
  auto allowlist = ReadText(absl::StrCat(kAbc, "  ok.so\nSHA256 (tagged.so) = ", kAbc, "\n"));
  EXPECT_EQ(allowlist.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(allowlist.status().message()),
              HasSubstr("--plugin_allowlist " + path_ + " line 2: expected '<SHA-256 of a library, 64 hex digits>"));
}

TEST_F(PluginAllowlistTest, AnAllowlistOthersMayChangeIsRefused) {
  ASSERT_TRUE(ReadText(kAbc).ok());
  chmod(path_.c_str(), 0666);
  auto allowlist = PluginAllowlist::Read(path_);
  EXPECT_EQ(allowlist.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(allowlist.status().message()),
              HasSubstr("--plugin_allowlist " + path_ + ": " + path_ + " is writable by anyone (mode 0666)"));
}

}  // namespace
}  // namespace glassbox::plugins
