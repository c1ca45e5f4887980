// Exact samplers of the discrete Laplace and discrete Gaussian distributions
// (Canonne, Kamath and Steinke 2020, "The Discrete Gaussian for Differential
// Privacy", Algorithms 1-3). Every step is integer or rational arithmetic on
// arbitrary-precision numbers, so the output has exactly the stated
// distribution: no floating-point rounding for an attacker to read
// (Mironov 2012).
//
// All randomness goes through a Coins: uniform integers, rational-biased
// coins, and exp(-gamma)-biased coins made of those. CoinsFromBits draws them
// from RandomBits; tests may enumerate every outcome of every call to compute
// a sampler's exact distribution.
#ifndef GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_EXACT_SAMPLERS_H_
#define GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_EXACT_SAMPLERS_H_

#include <boost/multiprecision/cpp_int.hpp>

#include "random_bits.h"

namespace glassbox::plugins::privacy {

using Integer = boost::multiprecision::cpp_int;
using Rational = boost::multiprecision::cpp_rational;

class Coins {
 public:
  virtual ~Coins() = default;
  // Uniform on {0, ..., n - 1}; n >= 1.
  virtual Integer UniformBelow(const Integer& n) = 0;
  // True with probability p, p in [0, 1].
  virtual bool Bernoulli(const Rational& p) = 0;
  // True with probability exp(-gamma), gamma >= 0: BernoulliExpMinus on
  // these coins.
  virtual bool BernoulliExp(const Rational& gamma);
};

// Uniform integers by rejection from whole bits (no modulo bias); a coin of
// bias n/d is a uniform draw below d compared with n.
class CoinsFromBits : public Coins {
 public:
  explicit CoinsFromBits(RandomBits& bits) : bits_(bits) {}
  Integer UniformBelow(const Integer& n) override;
  bool Bernoulli(const Rational& p) override;

 private:
  RandomBits& bits_;
};

// True with probability exp(-gamma), gamma >= 0 (Algorithm 1, von Neumann's
// method; gamma > 1 as floor(gamma) coins of exp(-1) and one of the rest).
bool BernoulliExpMinus(Coins& coins, const Rational& gamma);

// P(x) proportional to exp(-|x| / scale) over the integers, scale > 0
// (Algorithm 2 with scale = t / s).
Integer DiscreteLaplace(Coins& coins, const Rational& scale);

// P(x) proportional to exp(-x^2 / (2 sigma2)) over the integers, sigma2 > 0
// (Algorithm 3: rejection from the discrete Laplace of scale floor(sigma)+1).
Integer DiscreteGaussian(Coins& coins, const Rational& sigma2);

}  // namespace glassbox::plugins::privacy

#endif  // GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_EXACT_SAMPLERS_H_
