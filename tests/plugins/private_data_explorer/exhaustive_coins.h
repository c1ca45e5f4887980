// Coins that, run again and again, walk every sequence of outcomes a sampler
// can draw, depth first, so a test can add up the exact probability of each
// output. A sequence whose probability falls below a threshold is cut: its
// mass is counted as truncated, which bounds how far the enumerated
// distribution can be from the sampler's.
//
// With Mass = Rational every draw is enumerated, down to the coins inside
// BernoulliExpMinus, and the probabilities are exact. With Mass = long double
// a BernoulliExp is one draw of probability exp(-gamma): that checks the
// samplers built on it (whose own enumeration would need billions of
// sequences) given a correct BernoulliExpMinus.
#ifndef GLASSBOX_TESTS_PLUGINS_PRIVATE_DATA_EXPLORER_EXHAUSTIVE_COINS_H_
#define GLASSBOX_TESTS_PLUGINS_PRIVATE_DATA_EXPLORER_EXHAUSTIVE_COINS_H_

#include <cmath>
#include <functional>
#include <map>
#include <type_traits>
#include <vector>

#include "exact_samplers.h"

namespace glassbox::plugins::privacy {

template <typename Mass>
struct EnumeratedDistribution {
  std::map<Integer, Mass> probability;
  // The mass of the cut sequences: each output's true probability lies in
  // [probability, probability + truncated].
  Mass truncated = 0;
};

template <typename Mass>
class ExhaustiveCoins : public Coins {
 public:
  explicit ExhaustiveCoins(Mass threshold) : threshold_(std::move(threshold)) {}

  struct Cut {};

  void Restart() {
    position_ = 0;
    mass_ = 1;
  }
  const Mass& mass() const { return mass_; }

  // Moves to the next sequence in depth-first order; false when all are done.
  bool Advance() {
    path_.resize(position_);
    while (!path_.empty() && path_.back().choice + 1 == path_.back().outcomes.size()) path_.pop_back();
    if (path_.empty()) return false;
    ++path_.back().choice;
    return true;
  }

  Integer UniformBelow(const Integer& n) override {
    if (n <= 1) return 0;
    std::vector<Mass> outcomes;
    for (Integer i = 0; i < n; ++i) outcomes.push_back(Mass(1) / Of(n));
    return Draw(std::move(outcomes));
  }

  bool Bernoulli(const Rational& p) override {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return Draw({Of(p), 1 - Of(p)}) == 0;
  }

  bool BernoulliExp(const Rational& gamma) override {
    if constexpr (std::is_same_v<Mass, Rational>) {
      return Coins::BernoulliExp(gamma);
    } else {
      if (gamma == 0) return true;
      const Mass p = std::exp(-Of(gamma));
      return Draw({p, 1 - p}) == 0;
    }
  }

 private:
  struct Step {
    size_t choice = 0;
    std::vector<Mass> outcomes;
  };

  template <typename Number>
  static Mass Of(const Number& x) {
    if constexpr (std::is_same_v<Mass, Rational>) {
      return Rational(x);
    } else {
      return x.template convert_to<Mass>();
    }
  }

  size_t Draw(std::vector<Mass> outcomes) {
    if (position_ == path_.size()) path_.push_back({0, std::move(outcomes)});
    const Step& step = path_[position_++];
    mass_ *= step.outcomes[step.choice];
    if (mass_ < threshold_) throw Cut{};
    return step.choice;
  }

  Mass threshold_;
  std::vector<Step> path_;
  size_t position_ = 0;
  Mass mass_ = 1;
};

// Runs `sampler` over every outcome sequence of probability >= `threshold`.
template <typename Mass>
EnumeratedDistribution<Mass> Enumerate(const std::function<Integer(Coins&)>& sampler, const Mass& threshold) {
  EnumeratedDistribution<Mass> result;
  ExhaustiveCoins<Mass> coins(threshold);
  do {
    coins.Restart();
    try {
      const Integer value = sampler(coins);
      result.probability[value] += coins.mass();
    } catch (const typename ExhaustiveCoins<Mass>::Cut&) {
      result.truncated += coins.mass();
    }
  } while (coins.Advance());
  return result;
}

}  // namespace glassbox::plugins::privacy

#endif  // GLASSBOX_TESTS_PLUGINS_PRIVATE_DATA_EXPLORER_EXHAUSTIVE_COINS_H_
