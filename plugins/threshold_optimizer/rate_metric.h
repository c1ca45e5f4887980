// The confusion-matrix rates ThresholdOptimizer constrains and optimises,
// defined as Fairlearn's postprocessing METRIC_DICT defines them.
#ifndef GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_RATE_METRIC_H_
#define GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_RATE_METRIC_H_

#include <optional>
#include <string_view>

namespace glassbox::plugins::threshold_optimizer {

enum class RateMetric {
  kSelectionRate,
  kFalsePositiveRate,
  kFalseNegativeRate,
  kTruePositiveRate,
  kTrueNegativeRate,
  kAccuracy,
  kBalancedAccuracy,
};

// Counts (or expected counts) of one group's decisions.
struct ConfusionCounts {
  double true_positives = 0;
  double false_positives = 0;
  double true_negatives = 0;
  double false_negatives = 0;
};

// NaN where the rate is undefined (no positives, say).
double RateOf(RateMetric metric, const ConfusionCounts& counts);

// Fairlearn's names: "selection_rate", "accuracy_score", ...
std::string_view NameOf(RateMetric metric);
std::optional<RateMetric> RateMetricNamed(std::string_view name);

}  // namespace glassbox::plugins::threshold_optimizer

#endif  // GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_RATE_METRIC_H_
