// The exact samplers against their closed forms. Exact: every outcome
// sequence of BernoulliExpMinus's own rational coins is enumerated with
// rational probabilities (exhaustive_coins.h), and every sequence of the
// discrete Laplace and Gaussian samplers' coins given exact exp(-gamma)
// coins, so the enumerated mass of each output must lie within the
// truncated mass below the closed form. Statistical: a
// chi-square goodness-of-fit test of 200,000 draws from a fixed seed.
#include "exact_samplers.h"

#include <gtest/gtest.h>

#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <functional>
#include <map>
#include <vector>

#include "exhaustive_coins.h"
#include "random_bits.h"
#include "seeded_bits.h"

namespace glassbox::plugins::privacy {
namespace {

const Rational kThreshold(1, 1'000'000'000'000);

long double ToLongDouble(const Rational& r) { return r.convert_to<long double>(); }

// The enumerated probability of `value` is a lower bound of `expected`, and
// adding the truncated mass an upper bound.
long double ToLongDouble(long double x) { return x; }

template <typename Mass>
void ExpectBrackets(const EnumeratedDistribution<Mass>& d, const Integer& value, long double expected) {
  const long double low = ToLongDouble(d.probability.contains(value) ? d.probability.at(value) : Mass(0));
  const long double slack = 1e-15L;
  EXPECT_LE(low, expected + slack) << "value " << value;
  EXPECT_GE(low + ToLongDouble(d.truncated) + slack, expected) << "value " << value;
}

// P(Bernoulli(exp(-gamma)) = 1) = exp(-gamma).
TEST(ExactSamplersTest, BernoulliExpMinusMatchesExp) {
  for (const Rational gamma : {Rational(0), Rational(1, 3), Rational(1), Rational(7, 4), Rational(5, 2)}) {
    const auto d = Enumerate<Rational>([&](Coins& coins) { return Integer(BernoulliExpMinus(coins, gamma) ? 1 : 0); }, kThreshold);
    EXPECT_LT(ToLongDouble(d.truncated), 1e-6L);
    ExpectBrackets(d, 1, std::exp(-ToLongDouble(gamma)));
    ExpectBrackets(d, 0, 1 - std::exp(-ToLongDouble(gamma)));
  }
}

// The coins of CKS Algorithm 1 for gamma in [0, 1]: the loop stops at K = k
// with probability gamma^(k-1)/(k-1)! - gamma^k/k!, exactly, so with gamma =
// 1/2 the sampler returns 1 with the rational partial sums of
// sum_{k odd} (...) = exp(-1/2); the first three odd terms, exact.
TEST(ExactSamplersTest, BernoulliExpMinusLoopIsRationalSeries) {
  const Rational gamma(1, 2);
  // Cut below 1/3000: the sequences that stop at K <= 5 are kept (the
  // lightest, K = 5, has mass 1/384 * 9/10) and the one going on to K = 6
  // (mass gamma^5/5! = 1/3840) is cut.
  const auto d = Enumerate<Rational>([&](Coins& coins) { return Integer(BernoulliExpMinus(coins, gamma) ? 1 : 0); },
                           Rational(1, 3000));
  Rational series = 0;
  Rational power = 1;  // gamma^(k-1)/(k-1)!
  for (int k = 1; k <= 5; ++k) {
    const Rational next = power * gamma / k;
    if (k % 2 == 1) series += power - next;
    power = next;
  }
  EXPECT_EQ(d.probability.at(1), series);
  EXPECT_EQ(d.truncated, Rational(1, 3840));
}

// P(x) = (1 - q) / (1 + q) q^|x|, q = exp(-1/scale) (CKS Definition 3.1).
long double DiscreteLaplacePmf(long double scale, long x) {
  const long double q = std::exp(-1 / scale);
  return (1 - q) / (1 + q) * std::pow(q, std::labs(x));
}

TEST(ExactSamplersTest, DiscreteLaplaceMatchesClosedForm) {
  for (const Rational scale : {Rational(1), Rational(3, 2), Rational(2), Rational(1, 3)}) {
    const auto d = Enumerate<long double>([&](Coins& coins) { return DiscreteLaplace(coins, scale); }, 1e-6L);
    EXPECT_LT(d.truncated, 0.03L) << scale;
    for (long x = -4; x <= 4; ++x) ExpectBrackets(d, x, DiscreteLaplacePmf(ToLongDouble(scale), x));
  }
}

// P(x) = exp(-x^2 / 2 sigma2) / sum_y exp(-y^2 / 2 sigma2) (CKS Definition 1.1).
long double DiscreteGaussianPmf(long double sigma2, long x) {
  long double total = 0;
  for (long y = -200; y <= 200; ++y) total += std::exp(-static_cast<long double>(y * y) / (2 * sigma2));
  return std::exp(-static_cast<long double>(x * x) / (2 * sigma2)) / total;
}

// The Gaussian's nested rejection loops leave more mass in sequences too
// light to enumerate in a test's time (up to 0.14 at 1e-6): this brackets
// its distribution loosely, the chi-square tests below tightly.
TEST(ExactSamplersTest, DiscreteGaussianMatchesClosedForm) {
  for (const Rational sigma2 : {Rational(1, 2), Rational(1)}) {
    const auto d = Enumerate<long double>([&](Coins& coins) { return DiscreteGaussian(coins, sigma2); }, 1e-6L);
    EXPECT_LT(d.truncated, 0.15L) << sigma2;
    for (long x = -4; x <= 4; ++x) ExpectBrackets(d, x, DiscreteGaussianPmf(ToLongDouble(sigma2), x));
  }
}

// Pearson's chi-square of `draws` against `pmf`, bins of expected count below
// 5 pooled into the two tails, and the critical value a correct sampler
// passes with probability 1 - alpha.
struct ChiSquare {
  double statistic = 0;
  double critical = 0;
};

ChiSquare Fit(const std::map<long, long>& counts, long draws, const std::function<long double(long)>& pmf,
              double alpha) {
  long radius = 0;
  while (draws * pmf(radius + 1) >= 5) ++radius;
  long double inner = 0;
  ChiSquare fit;
  for (long x = -radius; x <= radius; ++x) {
    const long double expected = draws * pmf(x);
    inner += pmf(x);
    const long observed = counts.contains(x) ? counts.at(x) : 0;
    fit.statistic += static_cast<double>((observed - expected) * (observed - expected) / expected);
  }
  const long double tail_expected = draws * (1 - inner) / 2;
  long low = 0, high = 0;
  for (const auto& [x, n] : counts) {
    if (x < -radius) low += n;
    if (x > radius) high += n;
  }
  for (long observed : {low, high}) {
    fit.statistic += static_cast<double>((observed - tail_expected) * (observed - tail_expected) / tail_expected);
  }
  // 2 radius + 3 bins, their counts summing to `draws`.
  const double df = 2 * radius + 2;
  fit.critical = boost::math::quantile(boost::math::complement(boost::math::chi_squared(df), alpha));
  return fit;
}

template <typename Draw>
std::map<long, long> Histogram(RandomBits& bits, long draws, Draw draw) {
  CoinsFromBits coins(bits);
  std::map<long, long> counts;
  for (long i = 0; i < draws; ++i) ++counts[draw(coins).template convert_to<long>()];
  return counts;
}

// Fixed seeds, so each test's outcome is reproducible; with a correct sampler
// the test would fail for a fraction alpha = 0.001 of seeds.
TEST(ExactSamplersTest, DiscreteLaplaceChiSquareSeeded) {
  SeededBits bits(20201);
  const Rational scale(7, 2);
  const auto counts = Histogram(bits, 200'000, [&](Coins& c) { return DiscreteLaplace(c, scale); });
  const ChiSquare fit = Fit(counts, 200'000, [](long x) { return DiscreteLaplacePmf(3.5L, x); }, 1e-3);
  EXPECT_LT(fit.statistic, fit.critical);
}

TEST(ExactSamplersTest, DiscreteGaussianChiSquareSeeded) {
  SeededBits bits(20202);
  const Rational sigma2(25, 4);
  const auto counts = Histogram(bits, 200'000, [&](Coins& c) { return DiscreteGaussian(c, sigma2); });
  const ChiSquare fit = Fit(counts, 200'000, [](long x) { return DiscreteGaussianPmf(6.25L, x); }, 1e-3);
  EXPECT_LT(fit.statistic, fit.critical);
}

// The source the plugin uses. Not seeded, so alpha is set at 1e-6: a correct
// sampler fails this test once in a million runs.
TEST(ExactSamplersTest, DiscreteGaussianChiSquareSecureSource) {
  SecureRandomBits bits;
  const auto counts = Histogram(bits, 100'000, [](Coins& c) { return DiscreteGaussian(c, Rational(2)); });
  const ChiSquare fit = Fit(counts, 100'000, [](long x) { return DiscreteGaussianPmf(2.0L, x); }, 1e-6);
  EXPECT_LT(fit.statistic, fit.critical);
}

// A statistic that can fail: a discrete Laplace of the wrong scale (3 for
// 7/2) is rejected by the same test, which shows it has power at this size.
TEST(ExactSamplersTest, ChiSquareRejectsWrongScale) {
  SeededBits bits(20203);
  const auto counts = Histogram(bits, 200'000, [](Coins& c) { return DiscreteLaplace(c, Rational(3)); });
  const ChiSquare fit = Fit(counts, 200'000, [](long x) { return DiscreteLaplacePmf(3.5L, x); }, 1e-3);
  EXPECT_GT(fit.statistic, fit.critical);
}

}  // namespace
}  // namespace glassbox::plugins::privacy
