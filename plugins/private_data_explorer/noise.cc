#include "noise.h"

#include <boost/math/distributions/normal.hpp>
#include <cmath>

namespace glassbox::plugins::privacy {
namespace {

// Past this sigma the discrete Gaussian's spread is the continuous one's to
// far more digits than are printed (CKS 2020, Proposition 19 and Figure 1),
// and summing its mass term by term would be slow.
constexpr double kLargeSigma = 2000;

// Mass of the discrete Gaussian at |x| = 0, 1, 2, ... up to `coverage` of
// the total, or its second moment: sums over |x| <= 40 sigma + 10, past which
// the mass is below double precision.
struct GaussianSums {
  double total = 0;
  double second_moment = 0;
  int64_t radius = 0;
};

GaussianSums SumGaussian(double sigma2) {
  GaussianSums sums;
  sums.radius = static_cast<int64_t>(40 * std::sqrt(sigma2)) + 10;
  for (int64_t x = -sums.radius; x <= sums.radius; ++x) {
    const double mass = std::exp(-static_cast<double>(x) * x / (2 * sigma2));
    sums.total += mass;
    sums.second_moment += mass * static_cast<double>(x) * x;
  }
  return sums;
}

}  // namespace

Integer Noise::Sample(Coins& coins) const {
  return mechanism == Mechanism::kLaplace ? DiscreteLaplace(coins, parameter) : DiscreteGaussian(coins, parameter);
}

double Noise::Scale() const {
  const double value = parameter.convert_to<double>();
  return mechanism == Mechanism::kLaplace ? value : std::sqrt(value);
}

double Noise::StandardDeviation() const {
  const double value = parameter.convert_to<double>();
  if (mechanism == Mechanism::kLaplace) {
    // Var = 2q / (1 - q)^2, q = exp(-1/b) (CKS 2020, Section 3).
    const double q = std::exp(-1 / value);
    return std::sqrt(2 * q) / -std::expm1(-1 / value);
  }
  if (std::sqrt(value) > kLargeSigma) return std::sqrt(value);
  const GaussianSums sums = SumGaussian(value);
  return std::sqrt(sums.second_moment / sums.total);
}

int64_t Noise::HalfWidth(double coverage) const {
  const double value = parameter.convert_to<double>();
  const double alpha = 1 - coverage;
  if (mechanism == Mechanism::kLaplace) {
    // P(|X| > k) = 2 q^(k+1) / (1 + q), q = exp(-1/b).
    const double q = std::exp(-1 / value);
    const double needed = -value * std::log(alpha * (1 + q) / 2);
    return std::max<int64_t>(0, static_cast<int64_t>(std::ceil(needed)) - 1);
  }
  const double sigma = std::sqrt(value);
  if (sigma > kLargeSigma) {
    const boost::math::normal standard;
    return static_cast<int64_t>(std::ceil(sigma * boost::math::quantile(standard, 1 - alpha / 2)));
  }
  const GaussianSums sums = SumGaussian(value);
  double inside = 1;  // mass at 0
  int64_t k = 0;
  while (inside < coverage * sums.total && k < sums.radius) {
    ++k;
    inside += 2 * std::exp(-static_cast<double>(k) * k / (2 * value));
  }
  return k;
}

}  // namespace glassbox::plugins::privacy
