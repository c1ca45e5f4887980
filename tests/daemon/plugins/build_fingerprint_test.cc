#include "daemon/plugins/build_fingerprint.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "glassbox/sdk/abi.h"
#include "tests/support/daemon_process.h"

namespace glassbox::plugins {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string FixtureBytes(const std::string& name) {
  std::ifstream in(std::string(FIXTURE_PLUGIN_DIR) + "/" + name, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The output of a shell command, without its last newline.
std::string Output(const std::string& command) {
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[256];
    while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, n);
    pclose(pipe);
  }
  if (!output.empty() && output.back() == '\n') output.pop_back();
  return output;
}

constexpr char kHost[] =
    "sdk_abi=2.1 protobuf=3.21.12 abseil=20220623.1 glibcxx_use_cxx11_abi=1 eigen=3.4.0 eigen_max_align_bytes=16";

TEST(BuildFingerprintTest, TheDaemonStatesTheVersionsItWasBuiltWith) {
  // pkg-config reads the versions from the installed packages' own .pc files.
  const std::string host = HostBuildFingerprint();
  EXPECT_THAT(host, ::testing::HasSubstr(" protobuf=" + Output("pkg-config --modversion protobuf") + " "));
  EXPECT_THAT(host, ::testing::HasSubstr(" eigen=" + Output("pkg-config --modversion eigen3") + " "));
  EXPECT_THAT(host, ::testing::StartsWith("sdk_abi=" + std::to_string(sdk::kAbiVersion) + "." +
                                          std::to_string(sdk::kAbiMinorVersion) + " "));
  // Debian builds libstdc++'s new string ABI by default; x86-64 without AVX aligns Eigen's data to 16 bytes.
  EXPECT_THAT(host, ::testing::HasSubstr(" glibcxx_use_cxx11_abi=1 "));
  EXPECT_THAT(host, ::testing::MatchesRegex("sdk_abi=[0-9]+\\.[0-9]+ protobuf=[0-9.]+ abseil=[0-9]+\\.[0-9]+ "
                                            "glibcxx_use_cxx11_abi=[01] eigen=[0-9.]+ eigen_max_align_bytes=[0-9]+"));
}

TEST(BuildFingerprintTest, IsReadFromTheLibrarysSectionAsObjcopyDumpsIt) {
  const std::string path = std::string(FIXTURE_PLUGIN_DIR) + "/mismatched_build.so";
  testing::TemporaryFolder folder;
  const std::string dumped = folder.path() + "/section";
  // objcopy extracts the section's bytes on its own; the text ends at the first NUL.
  ASSERT_EQ(std::system(("objcopy -O binary --only-section=.glassbox_sdk_fingerprint " + path + " " + dumped).c_str()),
            0);
  std::ifstream in(dumped, std::ios::binary);
  std::string section((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  section.resize(section.find('\0'));
  const auto read = ReadBuildFingerprint(FixtureBytes("mismatched_build.so"));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, section);
  EXPECT_THAT(*read, ::testing::HasSubstr(" glibcxx_use_cxx11_abi=0 "));
  EXPECT_THAT(*read, ::testing::EndsWith(" eigen_max_align_bytes=0"));

  // A plugin built as the daemon was carries the daemon's fingerprint.
  EXPECT_EQ(ReadBuildFingerprint(FixtureBytes("row_counter.so")), HostBuildFingerprint());
}

TEST(BuildFingerprintTest, ALibraryWithoutOneHasNone) {
  EXPECT_EQ(ReadBuildFingerprint(FixtureBytes("not_a_plugin.so")), std::nullopt);
  EXPECT_EQ(ReadBuildFingerprint(FixtureBytes("wrong_abi.so")), std::nullopt);
  EXPECT_EQ(ReadBuildFingerprint(FixtureBytes("garbage.so")), std::nullopt);
  EXPECT_EQ(ReadBuildFingerprint(""), std::nullopt);
  // Cut anywhere, the file is read within its bytes and yields nothing.
  const std::string whole = FixtureBytes("row_counter.so");
  for (size_t size : {size_t{16}, size_t{64}, whole.size() / 2, whole.size() - 1}) {
    EXPECT_EQ(ReadBuildFingerprint(std::string_view(whole).substr(0, size)), std::nullopt) << size;
  }
}

TEST(BuildFingerprintTest, FitsWhenEqualOrOfAnOlderMinorAbi) {
  EXPECT_THAT(FingerprintMismatches(kHost, kHost), IsEmpty());
  EXPECT_THAT(FingerprintMismatches("sdk_abi=2.0 protobuf=3.21.12 abseil=20220623.1 glibcxx_use_cxx11_abi=1 "
                                    "eigen=3.4.0 eigen_max_align_bytes=16",
                                    kHost),
              IsEmpty());
}

TEST(BuildFingerprintTest, NamesEveryDifference) {
  EXPECT_THAT(FingerprintMismatches("sdk_abi=2.2 protobuf=3.21.12 abseil=20220623.1 glibcxx_use_cxx11_abi=1 "
                                    "eigen=3.4.0 eigen_max_align_bytes=16",
                                    kHost),
              ElementsAre("sdk_abi is 2.2 in the plugin, 2.1 in the daemon, which loads plugins of SDK ABI 2.0 to 2.1"));
  EXPECT_THAT(FingerprintMismatches("sdk_abi=3.0 protobuf=3.25.1 abseil=20230802.0 glibcxx_use_cxx11_abi=0 "
                                    "eigen=3.4.0 eigen_max_align_bytes=32",
                                    kHost),
              ElementsAre("abseil is 20230802.0 in the plugin, 20220623.1 in the daemon",
                          "eigen_max_align_bytes is 32 in the plugin, 16 in the daemon",
                          "glibcxx_use_cxx11_abi is 0 in the plugin, 1 in the daemon",
                          "protobuf is 3.25.1 in the plugin, 3.21.12 in the daemon",
                          "sdk_abi is 3.0 in the plugin, 2.1 in the daemon, which loads plugins of SDK ABI 2.0 to 2.1"));
  EXPECT_THAT(FingerprintMismatches("sdk_abi=2.1 protobuf=3.21.12 abseil=20220623.1 eigen=3.4.0 "
                                    "eigen_max_align_bytes=16 simd=avx512",
                                    kHost),
              ElementsAre("glibcxx_use_cxx11_abi is not stated by the plugin; the daemon's is 1",
                          "simd=avx512 is stated by the plugin but unknown to the daemon"));
}

}  // namespace
}  // namespace glassbox::plugins
