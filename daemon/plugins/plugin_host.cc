#include "daemon/plugins/plugin_host.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <optional>

#include <boost/dll/shared_library.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/common/log.h"
#include "daemon/plugins/build_fingerprint.h"
#include "daemon/plugins/library_trust.h"
#include "glassbox/sdk/report_declaration.h"
#include "storage/sha256.h"

namespace glassbox::plugins {
namespace {

// A library mapped from an anonymous in-memory copy of its file, so that a
// library changed on disk loads as a new one instead of the old mapping. The
// copy is sealed: its bytes can no longer change, so a worker process handed
// its descriptor runs exactly what was hashed. The loader knows it by the name
// /proc/self/fd/N, so the descriptor stays open (and N unique) for as long as
// the library is loaded.
class PrivateLibrary {
 public:
  static absl::StatusOr<std::shared_ptr<PrivateLibrary>> Copy(const std::string& bytes, const std::string& path) {
    auto library = std::shared_ptr<PrivateLibrary>(
        new PrivateLibrary(memfd_create("glassbox-plugin", MFD_CLOEXEC | MFD_ALLOW_SEALING)));
    if (library->fd_ < 0) return absl::InternalError("memfd_create failed");
    for (size_t written = 0; written < bytes.size();) {
      ssize_t n = write(library->fd_, bytes.data() + written, bytes.size() - written);
      if (n <= 0) return absl::InternalError(absl::StrCat("cannot copy ", path, " into memory"));
      written += static_cast<size_t>(n);
    }
    if (fcntl(library->fd_, F_ADD_SEALS, kSeals) != 0) {
      return absl::InternalError(absl::StrCat("cannot seal the in-memory copy of ", path, ": ", std::strerror(errno)));
    }
    if (auto status = library->Load(); !status.ok()) return status;
    return library;
  }

  // A sealed copy made by another process, whose descriptor it handed over.
  static absl::StatusOr<std::shared_ptr<PrivateLibrary>> Adopt(int fd) {
    const int seals = fcntl(fd, F_GET_SEALS);
    if (seals < 0 || (seals & kSeals) != kSeals) {
      return absl::FailedPreconditionError(
          absl::StrCat("descriptor ", fd, " is not a sealed in-memory copy of a plugin library"));
    }
    auto library = std::shared_ptr<PrivateLibrary>(new PrivateLibrary(fcntl(fd, F_DUPFD_CLOEXEC, 0)));
    if (library->fd_ < 0) return absl::InternalError(absl::StrCat("cannot duplicate descriptor ", fd));
    if (auto status = library->Load(); !status.ok()) return status;
    return library;
  }

  ~PrivateLibrary() {
    library_.unload();
    if (fd_ >= 0) close(fd_);
  }

  boost::dll::shared_library& library() { return library_; }
  int fd() const { return fd_; }

 private:
  static constexpr int kSeals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;

  explicit PrivateLibrary(int fd) : fd_(fd) {}

  absl::Status Load() {
    boost::dll::fs::error_code error;
    library_.load(boost::dll::fs::path("/proc/self/fd/" + std::to_string(fd_)), boost::dll::load_mode::rtld_now,
                  error);
    if (error) {
      const char* reason = dlerror();
      return absl::InvalidArgumentError(absl::StrCat("not a loadable shared library: ",
                                                     reason != nullptr ? reason : error.message()));
    }
    return absl::OkStatus();
  }

  int fd_;
  boost::dll::shared_library library_;
};

template <typename Call>
absl::Status Guarded(const Plugin& plugin, const char* what, Call call) {
  try {
    return call();
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("analyzer '", plugin.descriptor.name(), "' threw from ", what, ": ", e.what()));
  } catch (...) {
    return absl::InternalError(absl::StrCat("analyzer '", plugin.descriptor.name(), "' threw a non-standard exception from ", what));
  }
}

// FAILED_PRECONDITION naming every way the library's build fingerprint does
// not fit this daemon's; OK when it fits or the library has none (then the
// library's exports are what tells whether it is a plugin, and of which ABI).
absl::Status CheckBuildFingerprint(const std::optional<std::string>& fingerprint) {
  if (!fingerprint.has_value()) return absl::OkStatus();
  const std::string host = HostBuildFingerprint();
  const std::vector<std::string> mismatches = FingerprintMismatches(*fingerprint, host);
  if (mismatches.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("built incompatibly with this daemon: ", absl::StrJoin(mismatches, "; "),
                   "; rebuild the plugin against this daemon's SDK, with the same compiler settings and the same "
                   "Protobuf, Abseil and Eigen (the daemon's build: ", host, ")"));
}

// The analyzer of a loaded library, described as the library at `path` with
// SHA-256 `sha256`; `fingerprinted` tells whether its file carries a build
// fingerprint (which was checked before it was loaded).
absl::StatusOr<std::shared_ptr<const Plugin>> Instantiate(std::shared_ptr<PrivateLibrary> holder,
                                                          const std::string& path, const std::string& sha256,
                                                          bool fingerprinted) {
  boost::dll::shared_library* library = &holder->library();
  if (!library->has("glassbox_sdk_abi_version") || !library->has("glassbox_create_analyzer")) {
    return absl::InvalidArgumentError("not a glassbox plugin: it does not export glassbox_sdk_abi_version and "
                                      "glassbox_create_analyzer (use GLASSBOX_PLUGIN)");
  }
  int abi = library->get<int()>("glassbox_sdk_abi_version")();
  if (abi != sdk::kAbiVersion) {
    return absl::FailedPreconditionError(absl::StrCat("built against SDK ABI version ", abi, "; this daemon loads version ",
                                                      sdk::kAbiVersion, "; rebuild the plugin against this SDK"));
  }
  if (!fingerprinted) {
    return absl::FailedPreconditionError(absl::StrCat(
        "it exports SDK ABI version ", abi, " but carries no build fingerprint (ELF section ",
        sdk::kFingerprintSection, "); export it with GLASSBOX_PLUGIN"));
  }
  sdk::Analyzer* raw = library->get<sdk::Analyzer*()>("glassbox_create_analyzer")();
  if (raw == nullptr) return absl::InternalError("its factory failed to create the analyzer");
  auto plugin = std::make_shared<Plugin>();
  plugin->library_fd = holder->fd();
  // The deleter keeps the library mapped until the analyzer is destroyed.
  plugin->analyzer = std::shared_ptr<const sdk::Analyzer>(raw, [holder](const sdk::Analyzer* a) { delete a; });
  auto described = Guarded(*plugin, "Describe", [&] {
    plugin->descriptor = plugin->analyzer->Describe();
    return absl::OkStatus();
  });
  if (!described.ok()) return described;
  if (plugin->descriptor.name().empty()) return absl::InvalidArgumentError("its Describe() gives no name");
  if (auto declared = sdk::CheckReportDeclaration(plugin->descriptor); !declared.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("its Describe() declares ", declared.message()));
  }
  plugin->descriptor.set_sdk_abi_version(abi);
  plugin->descriptor.set_library_path(path);
  plugin->descriptor.set_library_sha256(sha256);
  return std::shared_ptr<const Plugin>(std::move(plugin));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Plugin>> LoadPlugin(const std::string& path, const PluginAllowlist* allowlist) {
  auto bytes = ReadTrustedFile(path);
  if (!bytes.ok()) return bytes.status();
  const std::string sha256 = storage::Sha256Hex(*bytes);
  if (allowlist != nullptr && !allowlist->Allows(sha256)) {
    return absl::PermissionDeniedError(absl::StrCat("its SHA-256 ", sha256, " is not in --plugin_allowlist ",
                                                    allowlist->path(), "; add it there (sha256sum ", path,
                                                    " >> ", allowlist->path(), ") if this library is to run"));
  }
  const std::optional<std::string> fingerprint = ReadBuildFingerprint(*bytes);
  if (auto status = CheckBuildFingerprint(fingerprint); !status.ok()) return status;
  auto copy = PrivateLibrary::Copy(*bytes, path);
  if (!copy.ok() && !fingerprint.has_value() && absl::StrContains(copy.status().message(), "undefined symbol")) {
    return absl::Status(copy.status().code(),
                        absl::StrCat(copy.status().message(), "; it carries no build fingerprint, so it is not a "
                                                              "glassbox plugin or was built against an SDK before ABI "
                                                              "version 2: rebuild it against this SDK"));
  }
  if (!copy.ok()) return copy.status();
  return Instantiate(*std::move(copy), std::filesystem::absolute(path).string(), sha256, fingerprint.has_value());
}

absl::StatusOr<std::shared_ptr<const Plugin>> AdoptPlugin(int library_fd, const std::string& path,
                                                          const std::string& sha256) {
  auto adopted = PrivateLibrary::Adopt(library_fd);
  if (!adopted.ok()) return adopted.status();
  // The daemon checked these very bytes' fingerprint before it loaded them.
  return Instantiate(*std::move(adopted), path, sha256, /*fingerprinted=*/true);
}

absl::Status CallValidate(const Plugin& plugin, const sdk::ValidationContext& context) {
  return Guarded(plugin, "Validate", [&] { return plugin.analyzer->Validate(context); });
}

absl::Status CallAnalyze(const Plugin& plugin, const sdk::AnalysisContext& context, sdk::InsightBuilder& result) {
  return Guarded(plugin, "Analyze", [&] { return plugin.analyzer->Analyze(context, result); });
}

PluginHost::PluginHost(std::vector<std::string> folders, std::string allowlist)
    : folders_(std::move(folders)), allowlist_(std::move(allowlist)) {
  Reload();
}

std::vector<std::string> PluginHost::Libraries() const {
  std::vector<std::string> paths;
  for (const auto& folder : folders_) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
      if (entry.is_regular_file() && entry.path().extension() == ".so") paths.push_back(entry.path().string());
    }
    if (error) Log(LogLevel::kWarning, absl::StrCat("plugin folder ", folder, ": ", error.message()));
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

void PluginHost::Reload() {
  std::optional<PluginAllowlist> allowlist;
  absl::Status unreadable_allowlist;
  if (!allowlist_.empty()) {
    auto read = PluginAllowlist::Read(allowlist_);
    if (read.ok()) {
      allowlist = *std::move(read);
    } else {
      unreadable_allowlist = read.status();
    }
  }

  std::vector<SkippedLibrary> skipped;
  // Each analyzer name and the libraries (path, plugin) that claim it.
  std::map<std::string, std::vector<std::pair<std::string, std::shared_ptr<const Plugin>>>> claims;
  for (const auto& path : Libraries()) {
    if (!unreadable_allowlist.ok()) {
      skipped.push_back({path, std::string(unreadable_allowlist.message())});
      continue;
    }
    auto plugin = LoadPlugin(path, allowlist.has_value() ? &*allowlist : nullptr);
    if (plugin.ok()) {
      claims[(*plugin)->descriptor.name()].emplace_back(path, *std::move(plugin));
    } else {
      skipped.push_back({path, std::string(plugin.status().message())});
    }
  }

  std::map<std::string, std::shared_ptr<const Plugin>> loaded;
  for (auto& [name, claimants] : claims) {
    if (claimants.size() == 1) {
      const auto& [path, plugin] = claimants.front();
      Log(LogLevel::kInfo, absl::StrCat("loaded analyzer ", name, " ", plugin->descriptor.version(), " from ", path));
      loaded.emplace(name, plugin);
      continue;
    }
    std::vector<std::string> paths;
    for (const auto& claimant : claimants) paths.push_back(claimant.first);
    const std::string reason =
        absl::StrCat("analyzer name '", name, "' is claimed by ", claimants.size(), " libraries (",
                     absl::StrJoin(paths, ", "), "); none of them is loaded while more than one claims it");
    for (const auto& path : paths) skipped.push_back({path, reason});
  }
  std::sort(skipped.begin(), skipped.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  for (const auto& library : skipped) {
    Log(LogLevel::kWarning, absl::StrCat("skipped plugin ", library.path, ": ", library.reason));
  }
  std::lock_guard lock(mutex_);
  plugins_ = std::move(loaded);
  skipped_ = std::move(skipped);
}

std::shared_ptr<const Plugin> PluginHost::Find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = plugins_.find(name);
  return it == plugins_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const Plugin>> PluginHost::List() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<const Plugin>> list;
  for (const auto& [name, plugin] : plugins_) list.push_back(plugin);
  return list;
}

std::vector<SkippedLibrary> PluginHost::skipped() const {
  std::lock_guard lock(mutex_);
  return skipped_;
}

}  // namespace glassbox::plugins
