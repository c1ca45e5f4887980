#include "numpy_uniform.h"

#include <random>

namespace glassbox::plugins::threshold_optimizer {

std::vector<double> NumpyUniforms(uint32_t seed, size_t count) {
  // std::mt19937's seeding is init_genrand, as numpy's for an integer seed.
  std::mt19937 engine(seed);
  std::vector<double> draws;
  draws.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const uint32_t a = engine() >> 5;
    const uint32_t b = engine() >> 6;
    draws.push_back((a * 67108864.0 + b) / 9007199254740992.0);
  }
  return draws;
}

}  // namespace glassbox::plugins::threshold_optimizer
