// The SDK's ABI version. Every SDK symbol lives in the inline namespace
// glassbox::sdk::v<kAbiVersion> (written glassbox::sdk as usual), so a plugin
// built against another ABI version cannot bind to this SDK's symbols by
// accident: its mangled names differ. Bumping kAbiVersion renames the inline
// namespace in every SDK header and source (tests/sdk/abi_digest_test.cc
// checks that they agree) and adds a line to sdk/abi_digests.txt.
#ifndef GLASSBOX_SDK_ABI_H_
#define GLASSBOX_SDK_ABI_H_

namespace glassbox::sdk::inline v2 {

// Bumped whenever a header of this SDK changes in a way that breaks plugins
// built against an older one. The host loads only plugins of its own version.
inline constexpr int kAbiVersion = 2;

}  // namespace glassbox::sdk::inline v2

#endif  // GLASSBOX_SDK_ABI_H_
