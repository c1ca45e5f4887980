// The SDK's ABI: its version, the inline namespace every SDK symbol lives in,
// and the build fingerprint a plugin carries.
//
// Every SDK symbol lives in the inline namespace glassbox::sdk::v<kAbiVersion>
// (written glassbox::sdk as usual), so a plugin built against another ABI
// version cannot bind to this SDK's symbols by accident: its mangled names
// differ. Bumping kAbiVersion renames the inline namespace in every SDK header
// and source (tests/sdk/abi_digest_test.cc checks that they agree) and adds a
// line to sdk/abi_digests.txt.
//
// The fingerprint records what else a plugin and the daemon must agree on,
// because protobuf messages, Abseil statuses, Eigen matrices and standard
// strings cross the boundary: the versions of those libraries and the settings
// that change their layout. GLASSBOX_PLUGIN stores it in the library's ELF
// section kFingerprintSection (exported as glassbox_sdk_build_fingerprint), so
// the host reads it from the file's bytes, before any of the library's code
// runs, and refuses a library whose fingerprint does not fit its own.
#ifndef GLASSBOX_SDK_ABI_H_
#define GLASSBOX_SDK_ABI_H_

#include <cstddef>

#include <Eigen/Core>

#include "absl/base/config.h"
#include "google/protobuf/stubs/common.h"

namespace glassbox::sdk::inline v4 {

// Bumped whenever a header of this SDK changes in a way that breaks plugins
// built against an older one. The host loads only plugins of its own version.
inline constexpr int kAbiVersion = 4;
// Bumped, within one kAbiVersion, when the SDK gains something (a function, a
// message field) that older plugins do not use: a host loads plugins of its
// kAbiVersion built against its minor version or an older one.
inline constexpr int kAbiMinorVersion = 0;

#define GLASSBOX_SDK_FINGERPRINT_SECTION ".glassbox_sdk_fingerprint"
inline constexpr char kFingerprintSection[] = GLASSBOX_SDK_FINGERPRINT_SECTION;

// The fingerprint as text: space-separated key=value pairs, e.g.
//   sdk_abi=2.0 protobuf=3.21.12 abseil=20220623.1 glibcxx_use_cxx11_abi=1 eigen=3.4.0 eigen_max_align_bytes=16
// A plain character array, so that reading it depends on nothing else of
// the plugin's build.
struct BuildFingerprint {
  char text[240] = {};
};

namespace abi_internal {

struct TextWriter {
  BuildFingerprint fingerprint;
  size_t size = 0;

  constexpr TextWriter& Text(const char* text) {
    while (*text != '\0' && size + 1 < sizeof(fingerprint.text)) fingerprint.text[size++] = *text++;
    return *this;
  }
  constexpr TextWriter& Number(long long number) {
    if (number < 0) {
      Text("-");
      number = -number;
    }
    char digits[24] = {};
    int count = 0;
    do {
      digits[count++] = static_cast<char>('0' + number % 10);
      number /= 10;
    } while (number > 0);
    while (count > 0) {
      const char digit[2] = {digits[--count], '\0'};
      Text(digit);
    }
    return *this;
  }
};

}  // namespace abi_internal

// The fingerprint of the translation unit that evaluates it: consteval, so
// the macros it reads are those of the code being compiled (the plugin's in
// GLASSBOX_PLUGIN, the daemon's in the host).
consteval BuildFingerprint ThisBuildFingerprint() {
  abi_internal::TextWriter writer;
  writer.Text("sdk_abi=").Number(kAbiVersion).Text(".").Number(kAbiMinorVersion);
  writer.Text(" protobuf=")
      .Number(GOOGLE_PROTOBUF_VERSION / 1000000)
      .Text(".")
      .Number(GOOGLE_PROTOBUF_VERSION / 1000 % 1000)
      .Text(".")
      .Number(GOOGLE_PROTOBUF_VERSION % 1000);
#ifdef ABSL_LTS_RELEASE_VERSION
  writer.Text(" abseil=").Number(ABSL_LTS_RELEASE_VERSION).Text(".").Number(ABSL_LTS_RELEASE_PATCH_LEVEL);
#else
  writer.Text(" abseil=not-an-lts-release");
#endif
#ifdef _GLIBCXX_USE_CXX11_ABI
  writer.Text(" glibcxx_use_cxx11_abi=").Number(_GLIBCXX_USE_CXX11_ABI);
#else
  writer.Text(" glibcxx_use_cxx11_abi=not-libstdc++");
#endif
  writer.Text(" eigen=")
      .Number(EIGEN_WORLD_VERSION)
      .Text(".")
      .Number(EIGEN_MAJOR_VERSION)
      .Text(".")
      .Number(EIGEN_MINOR_VERSION);
  writer.Text(" eigen_max_align_bytes=").Number(EIGEN_MAX_ALIGN_BYTES);
  return writer.fingerprint;
}

}  // namespace glassbox::sdk::inline v4

#endif  // GLASSBOX_SDK_ABI_H_
