// Loads analyzer plugins (shared libraries built against the SDK) with
// Boost.DLL. A library is accepted only if it is trusted (library_trust.h),
// listed in the allowlist when there is one (plugin_allowlist.h), carries a
// build fingerprint that fits the host's (build_fingerprint.h), exports
// glassbox_sdk_abi_version() equal to the host's sdk::kAbiVersion, its
// factory returns an analyzer and no other library claims the analyzer's
// name; any other library is skipped with a logged reason. Trust, the
// allowlist and the fingerprint are decided before any of the library's code
// runs. A loaded
// plugin stays in memory while anything (a run in flight) holds it, even
// after a reload replaced it.
#ifndef GLASSBOX_DAEMON_PLUGINS_PLUGIN_HOST_H_
#define GLASSBOX_DAEMON_PLUGINS_PLUGIN_HOST_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "daemon/plugins/plugin_allowlist.h"
#include "glassbox/sdk/analyzer.h"

namespace glassbox::plugins {

struct Plugin {
  // Describe()'s answer plus the library's path, SHA-256 and ABI version.
  glassbox::v1::Analyzer descriptor;
  std::shared_ptr<const sdk::Analyzer> analyzer;
  // An open descriptor of the in-memory copy of the library the analyzer
  // was loaded from, valid while `analyzer` lives: a worker process loads
  // these very bytes, whatever has happened to the file since.
  int library_fd = -1;
};

struct SkippedLibrary {
  std::string path;
  std::string reason;
};

// The library at `path`: refused, before anything of it runs, when it is
// not trusted or, with an `allowlist`, when its bytes' SHA-256 is not listed
// (PERMISSION_DENIED), or when its build fingerprint does not fit the host's
// (FAILED_PRECONDITION naming each difference).
absl::StatusOr<std::shared_ptr<const Plugin>> LoadPlugin(const std::string& path,
                                                         const PluginAllowlist* allowlist = nullptr);

// In a worker process: the plugin the daemon loaded, from the descriptor of
// its in-memory copy (Plugin::library_fd), which is sealed, so its bytes are
// still the ones `sha256` was computed from; `path` and `sha256` come from the
// daemon's descriptor. FAILED_PRECONDITION for a descriptor that is not such a
// sealed copy. The caller keeps its descriptor.
absl::StatusOr<std::shared_ptr<const Plugin>> AdoptPlugin(int library_fd, const std::string& path,
                                                          const std::string& sha256);

// Call into a plugin; anything it throws becomes an INTERNAL status.
absl::Status CallValidate(const Plugin& plugin, const sdk::ValidationContext& context);
absl::Status CallAnalyze(const Plugin& plugin, const sdk::AnalysisContext& context, sdk::InsightBuilder& result);

class PluginHost {
 public:
  // Scans every *.so directly inside `folders`; a missing folder is skipped.
  // With an `allowlist` file, only the libraries it lists load; it is read
  // at every scan, and while it cannot be read no library loads.
  explicit PluginHost(std::vector<std::string> folders, std::string allowlist = "");

  // Scans the folders again: new and changed libraries replace the loaded
  // ones, removed ones disappear from the list. Two or more libraries that
  // claim one analyzer name are all skipped, each with the others' paths.
  void Reload();

  // nullptr when no plugin has that name.
  std::shared_ptr<const Plugin> Find(const std::string& name) const;
  // Sorted by name.
  std::vector<std::shared_ptr<const Plugin>> List() const;
  std::vector<SkippedLibrary> skipped() const;

 private:
  // The *.so files of the folders, sorted.
  std::vector<std::string> Libraries() const;

  std::vector<std::string> folders_;
  std::string allowlist_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const Plugin>> plugins_;
  std::vector<SkippedLibrary> skipped_;
};

}  // namespace glassbox::plugins

#endif  // GLASSBOX_DAEMON_PLUGINS_PLUGIN_HOST_H_
