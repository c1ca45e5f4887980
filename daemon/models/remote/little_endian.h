// Tensor elements in the byte order of the protocol's raw contents:
// little-endian, whatever the host's.
#ifndef GLASSBOX_DAEMON_MODELS_REMOTE_LITTLE_ENDIAN_H_
#define GLASSBOX_DAEMON_MODELS_REMOTE_LITTLE_ENDIAN_H_

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>

namespace glassbox::daemon {

template <typename T>
using SameSizeBits = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;

template <typename Bits>
Bits ToOrFromLittleEndian(Bits bits) {
  if constexpr (std::endian::native == std::endian::little) return bits;
  if constexpr (sizeof(Bits) == 4) return __builtin_bswap32(bits);
  return __builtin_bswap64(bits);
}

// `values` as little-endian bytes at `out` (values.size_bytes() of them).
template <typename T>
void StoreLittleEndian(std::span<const T> values, char* out) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(out, values.data(), values.size_bytes());
  } else {
    for (const T value : values) {
      const auto bits = ToOrFromLittleEndian(std::bit_cast<SameSizeBits<T>>(value));
      std::memcpy(out, &bits, sizeof(bits));
      out += sizeof(bits);
    }
  }
}

// The element whose little-endian bytes start at `bytes`.
template <typename T>
T LoadLittleEndian(const char* bytes) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  SameSizeBits<T> bits;
  std::memcpy(&bits, bytes, sizeof(bits));
  return std::bit_cast<T>(ToOrFromLittleEndian(bits));
}

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_REMOTE_LITTLE_ENDIAN_H_
