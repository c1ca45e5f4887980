// Reading a plugin library's build fingerprint (glassbox/sdk/abi.h) from its
// file's bytes, before anything of it runs, and comparing it with the host's.
#ifndef GLASSBOX_DAEMON_PLUGINS_BUILD_FINGERPRINT_H_
#define GLASSBOX_DAEMON_PLUGINS_BUILD_FINGERPRINT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::plugins {

// The fingerprint text in the sdk::kFingerprintSection section of a 64-bit
// ELF shared library; nullopt when `library` is not such a file or has no
// such section (not a plugin, or one built against an SDK before ABI 2).
std::optional<std::string> ReadBuildFingerprint(std::string_view library);

// The host's own fingerprint, as this daemon was compiled.
std::string HostBuildFingerprint();

// What keeps a plugin of fingerprint `plugin` from running in a host of
// fingerprint `host`, one entry per key, e.g. "eigen_max_align_bytes is 0
// in the plugin, 16 in the daemon"; empty when it fits. The SDK ABI fits when
// its major version is the host's and its minor one is not above the host's;
// every other key must be equal, and present on both sides.
std::vector<std::string> FingerprintMismatches(std::string_view plugin, std::string_view host);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_DAEMON_PLUGINS_BUILD_FINGERPRINT_H_
