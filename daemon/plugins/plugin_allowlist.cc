#include "daemon/plugins/plugin_allowlist.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "daemon/plugins/library_trust.h"

namespace glassbox::plugins {

absl::StatusOr<PluginAllowlist> PluginAllowlist::Read(const std::string& path) {
  auto text = ReadTrustedFile(path);
  if (!text.ok()) {
    return absl::Status(text.status().code(), absl::StrCat("--plugin_allowlist ", path, ": ", text.status().message()));
  }
  PluginAllowlist allowlist;
  allowlist.path_ = path;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    ++number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    // sha256sum starts the line with a backslash when it escaped the file name.
    absl::ConsumePrefix(&line, "\\");
    const absl::string_view digest = line.substr(0, line.find_first_of(" \t"));
    if (digest.size() != 64 || digest.find_first_not_of("0123456789abcdefABCDEF") != absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("--plugin_allowlist ", path, " line ", number,
                                                     ": expected '<SHA-256 of a library, 64 hex digits>  <file name>', "
                                                     "as `sha256sum *.so` prints it"));
    }
    allowlist.digests_.insert(absl::AsciiStrToLower(digest));
  }
  return allowlist;
}

}  // namespace glassbox::plugins
