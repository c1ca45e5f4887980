#include "daemon/plugins/library_trust.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/daemon_process.h"

namespace glassbox::plugins {
namespace {

using ::testing::HasSubstr;
using testing::TemporaryFolder;

// A library file in `folder`/lib with the folder's and the file's modes set.
class LibraryTrustTest : public ::testing::Test {
 protected:
  LibraryTrustTest() : folder_(outer_.path() + "/lib"), library_(folder_ + "/a.so") {
    std::filesystem::create_directory(folder_);
    std::ofstream(library_) << "library bytes";
    Chmod(outer_.path(), 0755);
    Chmod(folder_, 0755);
    Chmod(library_, 0644);
  }

  static void Chmod(const std::string& path, mode_t mode) { ASSERT_EQ(chmod(path.c_str(), mode), 0) << path; }

  std::string Refusal(const std::string& path) {
    auto bytes = ReadTrustedFile(path);
    EXPECT_EQ(bytes.status().code(), absl::StatusCode::kFailedPrecondition) << path;
    return std::string(bytes.status().message());
  }

  TemporaryFolder outer_;
  const std::string folder_;
  const std::string library_;
};

TEST_F(LibraryTrustTest, AFileOnlyItsOwnerMayChangeIsReadWhole) {
  auto bytes = ReadTrustedFile(library_);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(*bytes, "library bytes");
}

TEST_F(LibraryTrustTest, AFolderOthersMayWriteIsRefusedWhateverOwnsTheFile) {
  // Tests run as root in CI: the file is root's, and still refused.
  Chmod(folder_, 0777);
  EXPECT_THAT(Refusal(library_), HasSubstr(folder_ + " is writable by anyone (mode 0777), so others could change the "
                                           "code the daemon runs; chmod go-w " + folder_));
  Chmod(folder_, 0775);
  EXPECT_THAT(Refusal(library_), HasSubstr(folder_ + " is writable by its group (mode 0775)"));
  // Sticky does not help the folder holding the library: others could add to it.
  Chmod(folder_, 01777);
  EXPECT_THAT(Refusal(library_), HasSubstr(folder_ + " is writable by anyone (mode 1777)"));
}

TEST_F(LibraryTrustTest, AFileOthersMayWriteIsRefused) {
  Chmod(library_, 0666);
  EXPECT_THAT(Refusal(library_), HasSubstr(library_ + " is writable by anyone (mode 0666)"));
  Chmod(library_, 0664);
  EXPECT_THAT(Refusal(library_), HasSubstr(library_ + " is writable by its group (mode 0664)"));
}

TEST_F(LibraryTrustTest, EveryFolderAboveCountsUnlessItIsSticky) {
  Chmod(outer_.path(), 0777);
  EXPECT_THAT(Refusal(library_), HasSubstr(outer_.path() + " is writable by anyone (mode 0777)"));
  // As /tmp: others may add names there but not rename ours.
  Chmod(outer_.path(), 01777);
  EXPECT_TRUE(ReadTrustedFile(library_).ok());
}

TEST_F(LibraryTrustTest, AFileOrFolderOfAnotherUserIsRefused) {
  if (geteuid() != 0) GTEST_SKIP() << "giving a file to another user needs root";
  ASSERT_EQ(chown(library_.c_str(), 65534, 65534), 0);
  EXPECT_THAT(Refusal(library_), HasSubstr(library_ + " belongs to uid 65534, neither root nor the daemon's user"));
  ASSERT_EQ(chown(library_.c_str(), 0, 0), 0);
  ASSERT_EQ(chown(folder_.c_str(), 65534, 65534), 0);
  EXPECT_THAT(Refusal(library_), HasSubstr(folder_ + " belongs to uid 65534"));
}

TEST_F(LibraryTrustTest, SymbolicLinksAreCheckedWhereTheyLieAndWhereTheyPoint) {
  TemporaryFolder elsewhere;
  Chmod(elsewhere.path(), 0777);
  const std::string target = elsewhere.path() + "/b.so";
  std::ofstream(target) << "other bytes";
  Chmod(target, 0644);
  std::filesystem::create_symlink(target, folder_ + "/points-out.so");
  EXPECT_THAT(Refusal(folder_ + "/points-out.so"), HasSubstr(elsewhere.path() + " is writable by anyone"));

  const std::string planted_link = elsewhere.path() + "/points-in.so";
  std::filesystem::create_symlink(library_, planted_link);
  EXPECT_THAT(Refusal(planted_link), HasSubstr(elsewhere.path() + " is writable by anyone"));

  Chmod(elsewhere.path(), 0755);
  auto bytes = ReadTrustedFile(folder_ + "/points-out.so");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(*bytes, "other bytes");
}

TEST_F(LibraryTrustTest, AMissingFileIsNotFound) {
  EXPECT_EQ(ReadTrustedFile(folder_ + "/missing.so").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace glassbox::plugins
