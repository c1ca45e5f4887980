// Classification and regression metrics with scikit-learn's definitions,
// computed from sufficient statistics so that evaluating many groups of rows
// is one pass that adds each row to its group's counts.
//
// Rows are selected by index and weighted by `weights[row]` (every row
// weighs 1 when `weights` is empty). Edge cases follow scikit-learn 1.2:
// a ratio with a zero denominator is 0 (zero_division=0), macro averages run
// over the classes present in y_true or y_pred, R² of a constant y_true is 1
// for a perfect fit and 0 otherwise. Where scikit-learn raises instead (no
// rows, ROC AUC with a single class in y_true, R² of fewer than two rows),
// the metric is NaN.
#ifndef GLASSBOX_SDK_METRICS_H_
#define GLASSBOX_SDK_METRICS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "glassbox/sdk/outcomes.h"

namespace glassbox::sdk::inline v4 {

// For a classification metric, the class it is reported for: a class index
// (sklearn's average='binary' with that pos_label) or kMacroAverage.
inline constexpr int kMacroAverage = -1;

// Outcomes::positive_class for a binary task, kMacroAverage otherwise.
int DefaultAveraging(const Outcomes& outcomes);

// One class against the rest: weighted true/false positives/negatives.
struct BinaryCounts {
  double true_positives = 0;
  double false_positives = 0;
  double false_negatives = 0;
  double true_negatives = 0;

  double Precision() const;
  double Recall() const;
  double F1() const;
  // The weighted fraction predicted positive (Fairlearn's selection_rate).
  double SelectionRate() const;
  double TruePositiveRate() const { return Recall(); }
  double FalsePositiveRate() const;
  double FalseNegativeRate() const;
  double TrueNegativeRate() const;
};

// A weighted k×k confusion matrix: weight(t, p) is the total weight of the
// rows of true class t predicted as class p.
class ConfusionCounts {
 public:
  explicit ConfusionCounts(int num_classes);

  // The counts of `rows` of a classification outcome.
  static ConfusionCounts Of(const Outcomes& outcomes, std::span<const size_t> rows,
                            std::span<const double> weights = {});

  void Add(int true_class, int predicted_class, double weight = 1.0) { AddRows(true_class, predicted_class, 1, weight); }
  // Adds `rows` rows of true class t predicted as p that weigh `weight` together.
  void AddRows(int true_class, int predicted_class, int64_t rows, double weight) {
    const size_t cell = static_cast<size_t>(true_class) * num_classes_ + predicted_class;
    weights_[cell] += weight;
    rows_[cell] += rows;
    num_rows_ += rows;
  }

  int num_classes() const { return num_classes_; }
  // Rows added, regardless of their weights (Fairlearn's count).
  int64_t num_rows() const { return num_rows_; }
  double total_weight() const;
  double weight(int true_class, int predicted_class) const {
    return weights_[static_cast<size_t>(true_class) * num_classes_ + predicted_class];
  }

  BinaryCounts OneVsRest(int positive_class) const;

  double Accuracy() const;
  // `averaging` is a class index or kMacroAverage.
  double Precision(int averaging) const;
  double Recall(int averaging) const;
  double F1(int averaging) const;

 private:
  // Classes that occur in y_true or y_pred: those sklearn's macro average runs over.
  std::vector<int> PresentClasses() const;
  template <typename PerClass>
  double Average(int averaging, PerClass per_class) const;

  int num_classes_;
  std::vector<double> weights_;
  // Unweighted, so that a class present only with zero weight still counts as present.
  std::vector<int64_t> rows_;
  int64_t num_rows_ = 0;
};

// Sufficient statistics of a regression outcome: weighted sums of errors and
// a weighted running mean and sum of squared deviations of y_true (West's
// update, numerically stable).
class RegressionSums {
 public:
  static RegressionSums Of(const Outcomes& outcomes, std::span<const size_t> rows,
                           std::span<const double> weights = {});

  void Add(double y_true, double y_pred, double weight = 1.0);

  int64_t num_rows() const { return num_rows_; }
  double total_weight() const { return total_weight_; }

  double MeanAbsoluteError() const;
  double MeanSquaredError() const;
  double RootMeanSquaredError() const;
  double R2() const;
  double MeanPrediction() const;

 private:
  int64_t num_rows_ = 0;
  double total_weight_ = 0;
  double absolute_error_ = 0;
  double squared_error_ = 0;
  double prediction_ = 0;
  double mean_true_ = 0;
  double true_deviation_ = 0;
};

// sklearn roc_auc_score over `rows`, ties scored one half. Binary: the
// positive class's probability against the rest. Multiclass: one-vs-rest,
// macro-averaged (multi_class='ovr'). Requires probabilities.
double RocAuc(const Outcomes& outcomes, std::span<const size_t> rows, std::span<const double> weights = {});

// sklearn log_loss over `rows` with labels = every class: probabilities
// clipped to [eps, 1 - eps] (eps = DBL_EPSILON) and each row renormalized.
// Requires probabilities.
double LogLoss(const Outcomes& outcomes, std::span<const size_t> rows, std::span<const double> weights = {});

// The counts-based metrics by the names the Azure ML Responsible AI scorecard
// and Fairlearn use, so that analyzers share one catalogue.
enum class Metric {
  kCount,
  kAccuracy,
  kPrecision,
  kRecall,
  kF1,
  kSelectionRate,
  kFalsePositiveRate,
  kFalseNegativeRate,
  kTruePositiveRate,
  kTrueNegativeRate,
  kMeanAbsoluteError,
  kMeanSquaredError,
  kRootMeanSquaredError,
  kR2,
  kMeanPrediction,
};

enum class MetricTask {
  kAny,
  kClassification,
  // Rates of the positive class: binary classification only (as in Fairlearn).
  kBinaryClassification,
  kRegression,
};

struct MetricInfo {
  Metric metric;
  std::string_view name;   // e.g. "accuracy_score"
  std::string_view title;  // e.g. "Accuracy"
  MetricTask task;
};

std::span<const MetricInfo> AllMetrics();
const MetricInfo& InfoOf(Metric metric);
std::optional<Metric> MetricNamed(std::string_view name);
bool MetricApplies(Metric metric, glassbox::v1::TaskType task);

// kCount is the number of rows. A metric that does not suit the counts (a
// regression metric of ConfusionCounts, a positive-class rate with
// kMacroAverage) is NaN.
double Evaluate(Metric metric, const ConfusionCounts& counts, int averaging);
double Evaluate(Metric metric, const RegressionSums& sums);

}  // namespace glassbox::sdk::inline v4

#endif  // GLASSBOX_SDK_METRICS_H_
