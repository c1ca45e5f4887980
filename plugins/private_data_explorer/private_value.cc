#include "private_value.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace glassbox::plugins::privacy {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

glassbox::v1::analyses::PrivateValue NoisyInteger::ToValue() const {
  glassbox::v1::analyses::PrivateValue released;
  released.set_value(value);
  released.set_noise_scale(noise->Scale() * unit);
  released.set_noise_std(noise->StandardDeviation() * unit);
  released.set_lower(Lower(kCoverage));
  released.set_upper(Upper(kCoverage));
  return released;
}

double NoisyInteger::Lower(double coverage) const {
  return value - static_cast<double>(noise->HalfWidth(coverage)) * unit;
}

double NoisyInteger::Upper(double coverage) const {
  return value + static_cast<double>(noise->HalfWidth(coverage)) * unit;
}

NoisyInteger AddNoise(const Integer& exact, const Noise& noise, Coins& coins, double unit) {
  const Integer noisy = exact + noise.Sample(coins);
  return {noisy.convert_to<double>() * unit, &noise, unit};
}

glassbox::v1::analyses::PrivateValue Ratio(const NoisyInteger& numerator, const NoisyInteger& denominator,
                                           double floor, double ceiling) {
  const double each = std::sqrt(kCoverage);
  glassbox::v1::analyses::PrivateValue released;
  released.set_value(denominator.value > 0 ? std::clamp(numerator.value / denominator.value, floor, ceiling) : kNaN);
  const double scale = denominator.value > 0 ? 1 / denominator.value : kNaN;
  released.set_noise_scale(numerator.noise->Scale() * numerator.unit * scale);
  released.set_noise_std(numerator.noise->StandardDeviation() * numerator.unit * scale);
  const double low_denominator = denominator.Lower(each);
  if (low_denominator <= 0) {
    released.set_lower(kNaN);
    released.set_upper(kNaN);
    return released;
  }
  const double corners[] = {numerator.Lower(each) / low_denominator, numerator.Lower(each) / denominator.Upper(each),
                            numerator.Upper(each) / low_denominator, numerator.Upper(each) / denominator.Upper(each)};
  released.set_lower(std::clamp(*std::min_element(std::begin(corners), std::end(corners)), floor, ceiling));
  released.set_upper(std::clamp(*std::max_element(std::begin(corners), std::end(corners)), floor, ceiling));
  return released;
}

glassbox::v1::analyses::PrivateValue Share(double part, double rest, int part_cells, int rest_cells, int cells,
                                           const Noise& cell_noise) {
  const double width = static_cast<double>(cell_noise.HalfWidth(1 - (1 - kCoverage) / cells));
  const double p = std::max(0.0, part);
  const double r = std::max(0.0, rest);
  glassbox::v1::analyses::PrivateValue released;
  released.set_value(p + r > 0 ? p / (p + r) : kNaN);
  released.set_noise_scale(p + r > 0 ? cell_noise.Scale() / (p + r) : kNaN);
  released.set_noise_std(p + r > 0 ? cell_noise.StandardDeviation() * std::sqrt(part_cells) / (p + r) : kNaN);
  const double p_low = std::max(0.0, part - part_cells * width);
  const double p_high = std::max(0.0, part + part_cells * width);
  const double r_low = std::max(0.0, rest - rest_cells * width);
  const double r_high = std::max(0.0, rest + rest_cells * width);
  released.set_lower(p_low + r_high > 0 ? p_low / (p_low + r_high) : 0);
  released.set_upper(p_high + r_low > 0 ? p_high / (p_high + r_low) : 1);
  return released;
}

}  // namespace glassbox::plugins::privacy
