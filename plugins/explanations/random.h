// A seeded source of randomness whose draws are the same on every platform:
// std::mt19937_64 is fully specified, and the bounded draws, shuffles and
// samples below do not depend on the standard library's distributions.
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_RANDOM_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_RANDOM_H_

#include <cstdint>
#include <random>
#include <span>
#include <utility>
#include <vector>

namespace glassbox::plugins::explanations {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  // Uniform in [0, n); n > 0.
  uint64_t Below(uint64_t n);
  // Uniform in [0, 1).
  double Uniform();

  // Fisher-Yates, as numpy's RandomState.shuffle.
  template <typename T>
  void Shuffle(std::span<T> items) {
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[Below(i)]);
  }

  // `count` distinct items of `from` (all of them when it has fewer), in the order of `from`.
  std::vector<size_t> Sample(std::span<const size_t> from, size_t count);

 private:
  std::mt19937_64 engine_;
};

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_RANDOM_H_
