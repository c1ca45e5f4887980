// Where the private analyses draw their randomness. The releases use
// SecureRandomBits (the kernel's CSPRNG); tests substitute a seeded source
// through the same interface.
#ifndef GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_RANDOM_BITS_H_
#define GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_RANDOM_BITS_H_

#include <array>
#include <cstddef>
#include <cstdint>

namespace glassbox::plugins::privacy {

class RandomBits {
 public:
  virtual ~RandomBits() = default;
  // 64 independent uniform bits.
  virtual uint64_t Next64() = 0;
};

// Bits from getrandom(2) on the urandom pool, read 512 bytes at a time.
// getrandom blocks only until the pool is first seeded at boot; a failure
// other than EINTR aborts the process, since a release must never fall
// back to predictable noise.
class SecureRandomBits : public RandomBits {
 public:
  uint64_t Next64() override;

 private:
  void Refill();

  std::array<uint64_t, 64> buffer_{};
  size_t next_ = buffer_.size();
};

}  // namespace glassbox::plugins::privacy

#endif  // GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_RANDOM_BITS_H_
