#include "rule_outcomes.h"

namespace glassbox::plugins::threshold_optimizer {
namespace {

void Count(ConfusionCounts& counts, int label, double positive) {
  if (label == 1) {
    counts.true_positives += positive;
    counts.false_negatives += 1 - positive;
  } else {
    counts.false_positives += positive;
    counts.true_negatives += 1 - positive;
  }
}

}  // namespace

Rates RatesOf(const ConfusionCounts& counts) {
  return {.selection_rate = RateOf(RateMetric::kSelectionRate, counts),
          .true_positive_rate = RateOf(RateMetric::kTruePositiveRate, counts),
          .false_positive_rate = RateOf(RateMetric::kFalsePositiveRate, counts),
          .accuracy = RateOf(RateMetric::kAccuracy, counts)};
}

std::vector<GroupRates> RatesByGroup(const FittedRows& rows, std::span<const GroupRule> rules) {
  std::vector<ConfusionCounts> before(rules.size());
  std::vector<ConfusionCounts> expected(rules.size());
  std::vector<ConfusionCounts> measured(rules.size());
  std::vector<GroupRates> rates(rules.size());
  for (size_t i = 0; i < rows.scores.size(); ++i) {
    const auto g = static_cast<size_t>(rows.groups[i]);
    const double probability = rules[g].PositiveProbability(rows.scores[i]);
    Count(before[g], rows.labels[i], rows.decisions[i]);
    Count(expected[g], rows.labels[i], probability);
    Count(measured[g], rows.labels[i], probability >= rows.draws[i] ? 1 : 0);
    ++rates[g].count;
  }
  for (size_t g = 0; g < rules.size(); ++g) {
    rates[g].before = RatesOf(before[g]);
    rates[g].expected = RatesOf(expected[g]);
    rates[g].measured = RatesOf(measured[g]);
  }
  return rates;
}

}  // namespace glassbox::plugins::threshold_optimizer
