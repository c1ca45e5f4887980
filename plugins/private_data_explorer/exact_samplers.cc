#include "exact_samplers.h"

namespace glassbox::plugins::privacy {

Integer CoinsFromBits::UniformBelow(const Integer& n) {
  if (n <= 1) return 0;
  const Integer largest = n - 1;
  const unsigned bits = boost::multiprecision::msb(largest) + 1;
  while (true) {
    Integer draw = 0;
    unsigned have = 0;
    while (have < bits) {
      draw = (draw << 64) | Integer(bits_.Next64());
      have += 64;
    }
    draw >>= (have - bits);
    if (draw <= largest) return draw;
  }
}

bool CoinsFromBits::Bernoulli(const Rational& p) {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return UniformBelow(boost::multiprecision::denominator(p)) < boost::multiprecision::numerator(p);
}

bool Coins::BernoulliExp(const Rational& gamma) { return BernoulliExpMinus(*this, gamma); }

bool BernoulliExpMinus(Coins& coins, const Rational& gamma) {
  if (gamma > 1) {
    const Integer whole = boost::multiprecision::numerator(gamma) / boost::multiprecision::denominator(gamma);
    for (Integer i = 0; i < whole; ++i) {
      if (!coins.BernoulliExp(Rational(1))) return false;
    }
    return coins.BernoulliExp(gamma - Rational(whole));
  }
  Integer k = 1;
  while (coins.Bernoulli(gamma / Rational(k))) ++k;
  return (k & 1) == 1;
}

Integer DiscreteLaplace(Coins& coins, const Rational& scale) {
  const Integer t = boost::multiprecision::numerator(scale);
  const Integer s = boost::multiprecision::denominator(scale);
  while (true) {
    const Integer u = coins.UniformBelow(t);
    if (!coins.BernoulliExp(Rational(u, t))) continue;
    Integer v = 0;
    while (coins.BernoulliExp(Rational(1))) ++v;
    const Integer y = (u + t * v) / s;
    const bool negative = coins.Bernoulli(Rational(1, 2));
    if (negative && y == 0) continue;
    return negative ? Integer(-y) : y;
  }
}

Integer DiscreteGaussian(Coins& coins, const Rational& sigma2) {
  const Integer whole_sigma2 = boost::multiprecision::numerator(sigma2) / boost::multiprecision::denominator(sigma2);
  // floor(sqrt(sigma2)) = floor(sqrt(floor(sigma2))).
  const Integer t = boost::multiprecision::sqrt(whole_sigma2) + 1;
  const Rational sigma2_over_t = sigma2 / Rational(t);
  while (true) {
    const Integer y = DiscreteLaplace(coins, Rational(t));
    const Rational gap = Rational(boost::multiprecision::abs(y)) - sigma2_over_t;
    if (coins.BernoulliExp(gap * gap / (2 * sigma2))) return y;
  }
}

}  // namespace glassbox::plugins::privacy
