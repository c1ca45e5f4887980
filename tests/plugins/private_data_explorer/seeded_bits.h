// A deterministic RandomBits for tests only (SplitMix64, Steele, Lea and
// Flood 2014): fixed seeds make the statistical tests reproducible. Never
// linked into the plugin, which draws from getrandom(2).
#ifndef GLASSBOX_TESTS_PLUGINS_PRIVATE_DATA_EXPLORER_SEEDED_BITS_H_
#define GLASSBOX_TESTS_PLUGINS_PRIVATE_DATA_EXPLORER_SEEDED_BITS_H_

#include <cstdint>

#include "random_bits.h"

namespace glassbox::plugins::privacy {

class SeededBits : public RandomBits {
 public:
  explicit SeededBits(uint64_t seed) : state_(seed) {}
  uint64_t Next64() override {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

}  // namespace glassbox::plugins::privacy

#endif  // GLASSBOX_TESTS_PLUGINS_PRIVATE_DATA_EXPLORER_SEEDED_BITS_H_
