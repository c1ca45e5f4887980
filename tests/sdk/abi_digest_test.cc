// A change to what plugins compile against must come with an SDK ABI bump:
// the files' digest is checked against sdk/abi_digests.txt's line for
// sdk::kAbiVersion.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "glassbox/sdk/analyzer.h"
#include "gtest/gtest.h"
#include "storage/sha256.h"

namespace glassbox::sdk {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = GLASSBOX_SOURCE_DIR;

std::string Contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// As sdk/abi_digests.txt defines it: every file, in path order, as path, newline, bytes.
std::string AbiDigest() {
  std::vector<std::string> files = {"proto/glassbox/v1/analyzer.proto", "proto/glassbox/v1/insight.proto",
                                    "proto/glassbox/v1/task.proto"};
  for (const auto& entry : fs::directory_iterator(kSource / "sdk/include/glassbox/sdk")) {
    if (entry.path().extension() == ".h") files.push_back(fs::relative(entry.path(), kSource).string());
  }
  std::sort(files.begin(), files.end());
  storage::Sha256 digest;
  for (const auto& file : files) {
    digest.Update(absl::StrCat(file, "\n"));
    digest.Update(Contents(kSource / file));
  }
  return digest.HexDigest();
}

struct AbiLine {
  int version = 0;
  std::string digest;
};

std::vector<AbiLine> RecordedDigests() {
  std::vector<AbiLine> lines;
  std::istringstream in(Contents(kSource / "sdk/abi_digests.txt"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    AbiLine& parsed = lines.emplace_back();
    fields >> parsed.version >> parsed.digest;
  }
  return lines;
}

TEST(AbiDigestTest, TheHeadersPluginsCompileAgainstAreThoseOfTheCurrentAbiVersion) {
  const auto lines = RecordedDigests();
  ASSERT_FALSE(lines.empty());
  const std::string digest = AbiDigest();
  EXPECT_EQ(lines.back().version, kAbiVersion)
      << "sdk/abi_digests.txt's last line is not for sdk::kAbiVersion " << kAbiVersion;
  EXPECT_EQ(lines.back().digest, digest) << "A public SDK header or SDK-visible proto changed: bump sdk::kAbiVersion "
                                            "in sdk/include/glassbox/sdk/analyzer.h and add the line '"
                                         << kAbiVersion + 1 << " " << digest << "' to sdk/abi_digests.txt";
}

TEST(AbiDigestTest, EachVersionStandsForOneSetOfHeaders) {
  const auto lines = RecordedDigests();
  std::set<std::string> digests;
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].version, static_cast<int>(i) + 1) << "versions are numbered 1, 2, ... without gaps";
    EXPECT_EQ(lines[i].digest.size(), 64u) << "line for version " << lines[i].version;
    EXPECT_TRUE(digests.insert(lines[i].digest).second) << "version " << lines[i].version << " repeats a digest";
  }
}

}  // namespace
}  // namespace glassbox::sdk
