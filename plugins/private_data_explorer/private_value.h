// Releasing one integer figure with noise, and the figures read from several
// releases (ratios of noisy counts), each with its noise scale and 95%
// interval (glassbox.v1.analyses.PrivateValue).
#ifndef GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_PRIVATE_VALUE_H_
#define GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_PRIVATE_VALUE_H_

#include "glassbox/v1/analyses/private_data_explorer.pb.h"
#include "noise.h"

namespace glassbox::plugins::privacy {

inline constexpr double kCoverage = 0.95;

// exact + noise, in units of `unit` (a sum's resolution; 1 for counts): the
// interval is the released value -/+ the noise's 95% half-width.
struct NoisyInteger {
  double value = 0;
  // Noise in `unit`s.
  const Noise* noise = nullptr;
  double unit = 1;

  glassbox::v1::analyses::PrivateValue ToValue() const;
  // The value -/+ the half-width of coverage `coverage`.
  double Lower(double coverage) const;
  double Upper(double coverage) const;
};

NoisyInteger AddNoise(const Integer& exact, const Noise& noise, Coins& coins, double unit = 1);

// numerator / denominator of two noisy figures, clipped to [floor, ceiling];
// the interval is the ratio's range over each figure's interval of coverage
// sqrt(0.95) (independent noises, so both hold together with 0.95); NaN
// when the denominator's interval reaches 0. The noise scale is the
// numerator's over the released denominator, a first-order figure.
glassbox::v1::analyses::PrivateValue Ratio(const NoisyInteger& numerator, const NoisyInteger& denominator,
                                           double floor, double ceiling);

// part / (part + rest) for counts, e.g. a group's selection rate: both
// clipped at 0, the interval over `cells` joint releases each at coverage
// 1 - 0.05 / cells (a union bound); part and rest hold part_cells and
// rest_cells of them.
glassbox::v1::analyses::PrivateValue Share(double part, double rest, int part_cells, int rest_cells, int cells,
                                           const Noise& cell_noise);

}  // namespace glassbox::plugins::privacy

#endif  // GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_PRIVATE_VALUE_H_
