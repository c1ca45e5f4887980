// The uniform draws of numpy's legacy RandomState(seed).rand(n): MT19937
// seeded with init_genrand(seed), each double made of two 32-bit outputs,
// (a >> 5) * 2^26 + (b >> 6), over 2^53. Fairlearn's randomised predict draws
// its numbers this way, so the same seed gives the same decisions.
#ifndef GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_NUMPY_UNIFORM_H_
#define GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_NUMPY_UNIFORM_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace glassbox::plugins::threshold_optimizer {

std::vector<double> NumpyUniforms(uint32_t seed, size_t count);

}  // namespace glassbox::plugins::threshold_optimizer

#endif  // GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_NUMPY_UNIFORM_H_
