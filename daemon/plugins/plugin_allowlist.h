// The SHA-256 digests of the only plugin libraries the daemon may load
// (--plugin_allowlist). The file is sha256sum's output: one library a line,
// "<64 hex digits>  <file name>" (or " *<file name>"); the name is for people
// and is not compared, so a library is allowed by its bytes wherever it lies.
// Blank lines and lines starting with '#' are skipped. The file is trusted
// like a library (library_trust.h): others must not be able to change it.
#ifndef GLASSBOX_DAEMON_PLUGINS_PLUGIN_ALLOWLIST_H_
#define GLASSBOX_DAEMON_PLUGINS_PLUGIN_ALLOWLIST_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"

namespace glassbox::plugins {

class PluginAllowlist {
 public:
  // FAILED_PRECONDITION for an untrusted file, INVALID_ARGUMENT naming the
  // line that is not a digest; every message names the flag and the file.
  static absl::StatusOr<PluginAllowlist> Read(const std::string& path);

  // `sha256` in lowercase hex, as storage::Sha256Hex gives it.
  bool Allows(const std::string& sha256) const { return digests_.contains(sha256); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::set<std::string> digests_;
};

}  // namespace glassbox::plugins

#endif  // GLASSBOX_DAEMON_PLUGINS_PLUGIN_ALLOWLIST_H_
