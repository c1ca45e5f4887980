#include "rate_metric.h"

namespace glassbox::plugins::threshold_optimizer {
namespace {

constexpr struct {
  RateMetric metric;
  std::string_view name;
} kNames[] = {
    {RateMetric::kSelectionRate, "selection_rate"},
    {RateMetric::kFalsePositiveRate, "false_positive_rate"},
    {RateMetric::kFalseNegativeRate, "false_negative_rate"},
    {RateMetric::kTruePositiveRate, "true_positive_rate"},
    {RateMetric::kTrueNegativeRate, "true_negative_rate"},
    {RateMetric::kAccuracy, "accuracy_score"},
    {RateMetric::kBalancedAccuracy, "balanced_accuracy_score"},
};

}  // namespace

// The sums are written in Fairlearn's order (_extend_confusion_matrix), so
// that the rates agree with it to the last bit.
double RateOf(RateMetric metric, const ConfusionCounts& c) {
  const double n = c.true_positives + c.true_negatives + c.false_positives + c.false_negatives;
  const double positives = c.true_positives + c.false_negatives;
  const double negatives = c.true_negatives + c.false_positives;
  switch (metric) {
    case RateMetric::kSelectionRate: return (c.true_positives + c.false_positives) / n;
    case RateMetric::kFalsePositiveRate: return c.false_positives / negatives;
    case RateMetric::kFalseNegativeRate: return c.false_negatives / positives;
    case RateMetric::kTruePositiveRate: return c.true_positives / positives;
    case RateMetric::kTrueNegativeRate: return c.true_negatives / negatives;
    case RateMetric::kAccuracy: return (c.true_positives + c.true_negatives) / n;
    case RateMetric::kBalancedAccuracy:
      return 0.5 * c.true_positives / positives + 0.5 * c.true_negatives / negatives;
  }
  return 0;
}

std::string_view NameOf(RateMetric metric) {
  for (const auto& entry : kNames) {
    if (entry.metric == metric) return entry.name;
  }
  return {};
}

std::optional<RateMetric> RateMetricNamed(std::string_view name) {
  for (const auto& entry : kNames) {
    if (entry.name == name) return entry.metric;
  }
  return std::nullopt;
}

}  // namespace glassbox::plugins::threshold_optimizer
