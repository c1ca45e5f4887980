// A change to what plugins compile against must come with an SDK ABI bump:
// the files' digest is checked against sdk/abi_digests.txt's line for
// sdk::kAbiVersion.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
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

std::vector<std::string> PublicHeaders() {
  std::vector<std::string> headers;
  for (const auto& entry : fs::directory_iterator(kSource / "sdk/include/glassbox/sdk")) {
    if (entry.path().extension() == ".h") headers.push_back(fs::relative(entry.path(), kSource).string());
  }
  std::sort(headers.begin(), headers.end());
  return headers;
}

// Every glassbox proto a public SDK header includes the generated header of,
// and every glassbox proto those import, as paths from the source folder.
std::set<std::string> SdkVisibleProtos() {
  const std::regex included(R"re(#include "(glassbox/v1/[^"]+)\.pb\.h")re");
  const std::regex imported(R"re(import "(glassbox/[^"]+\.proto)")re");
  std::vector<std::string> pending;
  for (const auto& header : PublicHeaders()) {
    const std::string text = Contents(kSource / header);
    for (std::sregex_iterator it(text.begin(), text.end(), included), end; it != end; ++it) {
      pending.push_back(absl::StrCat("proto/", (*it)[1].str(), ".proto"));
    }
  }
  std::set<std::string> protos;
  while (!pending.empty()) {
    std::string proto = std::move(pending.back());
    pending.pop_back();
    if (!protos.insert(proto).second) continue;
    const std::string text = Contents(kSource / proto);
    for (std::sregex_iterator it(text.begin(), text.end(), imported), end; it != end; ++it) {
      pending.push_back(absl::StrCat("proto/", (*it)[1].str()));
    }
  }
  return protos;
}

// As sdk/abi_digests.txt defines it: every file, in path order, as path, newline, bytes.
std::string AbiDigest() {
  std::vector<std::string> files = PublicHeaders();
  for (const auto& proto : SdkVisibleProtos()) files.push_back(proto);
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

TEST(AbiDigestTest, TheVisibleProtosAreFoundThroughTheHeaders) {
  const std::set<std::string> expected = {"proto/glassbox/v1/analyzer.proto", "proto/glassbox/v1/insight.proto",
                                          "proto/glassbox/v1/task.proto"};
  EXPECT_EQ(SdkVisibleProtos(), expected);
}

// A plugin of another ABI version must not bind to this SDK's symbols, so every SDK file declares its names in the
// inline namespace of the current version, and none in glassbox::sdk itself.
TEST(AbiDigestTest, EverySdkFileUsesTheInlineNamespaceOfTheCurrentAbiVersion) {
  const std::string current = absl::StrCat("namespace glassbox::sdk::inline v", kAbiVersion, " {");
  const std::regex any_sdk_namespace(R"re((^|\n)namespace glassbox::sdk[^\n]*)re");
  std::vector<std::string> files = PublicHeaders();
  for (const auto& entry : fs::directory_iterator(kSource / "sdk/src")) {
    files.push_back(fs::relative(entry.path(), kSource).string());
  }
  for (const auto& file : files) {
    const std::string text = Contents(kSource / file);
    int opened = 0;
    for (std::sregex_iterator it(text.begin(), text.end(), any_sdk_namespace), end; it != end; ++it) {
      EXPECT_EQ((*it)[0].str().substr((*it)[1].length()), current) << file;
      ++opened;
    }
    EXPECT_GT(opened, 0) << file << " declares nothing in " << current;
  }
}

}  // namespace
}  // namespace glassbox::sdk
