#include "glassbox/sdk/metrics.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <iterator>
#include <limits>

namespace glassbox::sdk::inline v4 {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// sklearn's zero_division=0.
double DivideOrZero(double numerator, double denominator) {
  return denominator == 0 ? 0.0 : numerator / denominator;
}

double WeightOf(std::span<const double> weights, size_t row) { return weights.empty() ? 1.0 : weights[row]; }

int ClassOf(double encoded) { return static_cast<int>(encoded); }

// The tie-aware area under the ROC curve of one class against the rest: the
// weighted probability that a positive outscores a negative, ties counting
// one half (equal to sklearn's trapezoids over distinct thresholds).
double OneVsRestAuc(const Outcomes& outcomes, std::span<const size_t> rows, std::span<const double> weights,
                    int positive_class) {
  struct Scored {
    double score;
    double positive_weight;
    double negative_weight;
  };
  std::vector<Scored> scored;
  scored.reserve(rows.size());
  const auto scores = outcomes.probabilities.col(positive_class);
  for (size_t row : rows) {
    const double weight = WeightOf(weights, row);
    const bool positive = ClassOf(outcomes.y_true[row]) == positive_class;
    scored.push_back({scores[row], positive ? weight : 0.0, positive ? 0.0 : weight});
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.score < b.score; });

  double area = 0;
  double negatives_below = 0;
  double positives = 0;
  for (size_t begin = 0; begin < scored.size();) {
    double run_positive = 0;
    double run_negative = 0;
    size_t end = begin;
    for (; end < scored.size() && scored[end].score == scored[begin].score; ++end) {
      run_positive += scored[end].positive_weight;
      run_negative += scored[end].negative_weight;
    }
    area += run_positive * (negatives_below + 0.5 * run_negative);
    negatives_below += run_negative;
    positives += run_positive;
    begin = end;
  }
  if (positives <= 0 || negatives_below <= 0) return kNaN;
  return area / (positives * negatives_below);
}

}  // namespace

int DefaultAveraging(const Outcomes& outcomes) {
  return outcomes.task == glassbox::v1::BINARY_CLASSIFICATION ? outcomes.positive_class : kMacroAverage;
}

double BinaryCounts::Precision() const { return DivideOrZero(true_positives, true_positives + false_positives); }

double BinaryCounts::Recall() const { return DivideOrZero(true_positives, true_positives + false_negatives); }

double BinaryCounts::F1() const {
  // In sklearn's order of operations, so that results agree to the last digit.
  const double precision = Precision();
  const double recall = Recall();
  const double denominator = precision + recall;
  return denominator == 0 ? 0.0 : 2 * precision * recall / denominator;
}

double BinaryCounts::SelectionRate() const {
  const double total = true_positives + false_positives + false_negatives + true_negatives;
  return total == 0 ? kNaN : (true_positives + false_positives) / total;
}

double BinaryCounts::FalsePositiveRate() const {
  return DivideOrZero(false_positives, false_positives + true_negatives);
}

double BinaryCounts::FalseNegativeRate() const {
  return DivideOrZero(false_negatives, true_positives + false_negatives);
}

double BinaryCounts::TrueNegativeRate() const {
  return DivideOrZero(true_negatives, false_positives + true_negatives);
}

ConfusionCounts::ConfusionCounts(int num_classes)
    : num_classes_(num_classes),
      weights_(static_cast<size_t>(num_classes) * num_classes, 0.0),
      rows_(static_cast<size_t>(num_classes) * num_classes, 0) {}

ConfusionCounts ConfusionCounts::Of(const Outcomes& outcomes, std::span<const size_t> rows,
                                    std::span<const double> weights) {
  ConfusionCounts counts(static_cast<int>(outcomes.classes.size()));
  for (size_t row : rows) {
    counts.Add(ClassOf(outcomes.y_true[row]), ClassOf(outcomes.y_pred[row]), WeightOf(weights, row));
  }
  return counts;
}

double ConfusionCounts::total_weight() const {
  double total = 0;
  for (double weight : weights_) total += weight;
  return total;
}

BinaryCounts ConfusionCounts::OneVsRest(int positive_class) const {
  BinaryCounts counts;
  for (int t = 0; t < num_classes_; ++t) {
    for (int p = 0; p < num_classes_; ++p) {
      const double w = weight(t, p);
      if (t == positive_class) {
        (p == positive_class ? counts.true_positives : counts.false_negatives) += w;
      } else {
        (p == positive_class ? counts.false_positives : counts.true_negatives) += w;
      }
    }
  }
  return counts;
}

double ConfusionCounts::Accuracy() const {
  const double total = total_weight();
  if (total == 0) return kNaN;
  double correct = 0;
  for (int c = 0; c < num_classes_; ++c) correct += weight(c, c);
  return correct / total;
}

std::vector<int> ConfusionCounts::PresentClasses() const {
  std::vector<int> present;
  for (int c = 0; c < num_classes_; ++c) {
    int64_t rows_with_c = 0;
    for (int other = 0; other < num_classes_; ++other) {
      rows_with_c += rows_[static_cast<size_t>(c) * num_classes_ + other] +
                     rows_[static_cast<size_t>(other) * num_classes_ + c];
    }
    if (rows_with_c > 0) present.push_back(c);
  }
  return present;
}

template <typename PerClass>
double ConfusionCounts::Average(int averaging, PerClass per_class) const {
  if (averaging != kMacroAverage) return per_class(OneVsRest(averaging));
  const std::vector<int> present = PresentClasses();
  if (present.empty()) return kNaN;
  double sum = 0;
  for (int c : present) sum += per_class(OneVsRest(c));
  return sum / static_cast<double>(present.size());
}

double ConfusionCounts::Precision(int averaging) const {
  return Average(averaging, [](const BinaryCounts& counts) { return counts.Precision(); });
}

double ConfusionCounts::Recall(int averaging) const {
  return Average(averaging, [](const BinaryCounts& counts) { return counts.Recall(); });
}

double ConfusionCounts::F1(int averaging) const {
  return Average(averaging, [](const BinaryCounts& counts) { return counts.F1(); });
}

RegressionSums RegressionSums::Of(const Outcomes& outcomes, std::span<const size_t> rows,
                                  std::span<const double> weights) {
  RegressionSums sums;
  for (size_t row : rows) sums.Add(outcomes.y_true[row], outcomes.y_pred[row], WeightOf(weights, row));
  return sums;
}

void RegressionSums::Add(double y_true, double y_pred, double weight) {
  ++num_rows_;
  const double error = y_true - y_pred;
  absolute_error_ += weight * std::abs(error);
  squared_error_ += weight * error * error;
  prediction_ += weight * y_pred;
  total_weight_ += weight;
  if (total_weight_ > 0) {
    const double delta = y_true - mean_true_;
    mean_true_ += delta * (weight / total_weight_);
    true_deviation_ += weight * delta * (y_true - mean_true_);
  }
}

double RegressionSums::MeanAbsoluteError() const { return total_weight_ == 0 ? kNaN : absolute_error_ / total_weight_; }

double RegressionSums::MeanSquaredError() const { return total_weight_ == 0 ? kNaN : squared_error_ / total_weight_; }

double RegressionSums::RootMeanSquaredError() const { return std::sqrt(MeanSquaredError()); }

double RegressionSums::R2() const {
  if (num_rows_ < 2) return kNaN;
  if (true_deviation_ == 0) return squared_error_ == 0 ? 1.0 : 0.0;
  return 1.0 - squared_error_ / true_deviation_;
}

double RegressionSums::MeanPrediction() const { return total_weight_ == 0 ? kNaN : prediction_ / total_weight_; }

double RocAuc(const Outcomes& outcomes, std::span<const size_t> rows, std::span<const double> weights) {
  if (outcomes.task == glassbox::v1::BINARY_CLASSIFICATION) {
    return OneVsRestAuc(outcomes, rows, weights, outcomes.positive_class);
  }
  const int num_classes = static_cast<int>(outcomes.classes.size());
  double sum = 0;
  for (int c = 0; c < num_classes; ++c) sum += OneVsRestAuc(outcomes, rows, weights, c);
  return sum / num_classes;
}

double LogLoss(const Outcomes& outcomes, std::span<const size_t> rows, std::span<const double> weights) {
  constexpr double kEpsilon = DBL_EPSILON;
  const Eigen::Index num_classes = outcomes.probabilities.cols();
  double loss = 0;
  double total_weight = 0;
  for (size_t row : rows) {
    double sum = 0;
    for (Eigen::Index c = 0; c < num_classes; ++c) {
      sum += std::clamp(outcomes.probabilities(row, c), kEpsilon, 1 - kEpsilon);
    }
    const double p_true = std::clamp(outcomes.probabilities(row, ClassOf(outcomes.y_true[row])), kEpsilon, 1 - kEpsilon);
    const double weight = WeightOf(weights, row);
    loss -= weight * std::log(p_true / sum);
    total_weight += weight;
  }
  return total_weight == 0 ? kNaN : loss / total_weight;
}

namespace {

constexpr MetricInfo kMetrics[] = {
    {Metric::kCount, "count", "Count", MetricTask::kAny},
    {Metric::kAccuracy, "accuracy_score", "Accuracy", MetricTask::kClassification},
    {Metric::kPrecision, "precision_score", "Precision", MetricTask::kClassification},
    {Metric::kRecall, "recall_score", "Recall", MetricTask::kClassification},
    {Metric::kF1, "f1_score", "F1 score", MetricTask::kClassification},
    {Metric::kSelectionRate, "selection_rate", "Selection rate", MetricTask::kBinaryClassification},
    {Metric::kFalsePositiveRate, "false_positive_rate", "False positive rate", MetricTask::kBinaryClassification},
    {Metric::kFalseNegativeRate, "false_negative_rate", "False negative rate", MetricTask::kBinaryClassification},
    {Metric::kTruePositiveRate, "true_positive_rate", "True positive rate", MetricTask::kBinaryClassification},
    {Metric::kTrueNegativeRate, "true_negative_rate", "True negative rate", MetricTask::kBinaryClassification},
    {Metric::kMeanAbsoluteError, "mean_absolute_error", "Mean absolute error", MetricTask::kRegression},
    {Metric::kMeanSquaredError, "mean_squared_error", "Mean squared error", MetricTask::kRegression},
    {Metric::kRootMeanSquaredError, "root_mean_squared_error", "Root mean squared error", MetricTask::kRegression},
    {Metric::kR2, "r2_score", "R2 score", MetricTask::kRegression},
    {Metric::kMeanPrediction, "mean_prediction", "Mean prediction", MetricTask::kRegression},
};

constexpr bool IndexedByMetric() {
  for (size_t i = 0; i < std::size(kMetrics); ++i) {
    if (static_cast<size_t>(kMetrics[i].metric) != i) return false;
  }
  return true;
}
static_assert(IndexedByMetric(), "kMetrics must list the metrics in the order of the Metric enum");

}  // namespace

std::span<const MetricInfo> AllMetrics() { return kMetrics; }

const MetricInfo& InfoOf(Metric metric) { return kMetrics[static_cast<size_t>(metric)]; }

std::optional<Metric> MetricNamed(std::string_view name) {
  for (const auto& info : kMetrics) {
    if (info.name == name) return info.metric;
  }
  return std::nullopt;
}

bool MetricApplies(Metric metric, glassbox::v1::TaskType task) {
  switch (InfoOf(metric).task) {
    case MetricTask::kAny: return true;
    case MetricTask::kClassification:
      return task == glassbox::v1::BINARY_CLASSIFICATION || task == glassbox::v1::MULTICLASS_CLASSIFICATION;
    case MetricTask::kBinaryClassification: return task == glassbox::v1::BINARY_CLASSIFICATION;
    case MetricTask::kRegression: return task == glassbox::v1::REGRESSION;
  }
  return false;
}

double Evaluate(Metric metric, const ConfusionCounts& counts, int averaging) {
  switch (metric) {
    case Metric::kCount: return static_cast<double>(counts.num_rows());
    case Metric::kAccuracy: return counts.Accuracy();
    case Metric::kPrecision: return counts.Precision(averaging);
    case Metric::kRecall: return counts.Recall(averaging);
    case Metric::kF1: return counts.F1(averaging);
    default: break;
  }
  if (averaging == kMacroAverage) return kNaN;
  const BinaryCounts binary = counts.OneVsRest(averaging);
  switch (metric) {
    case Metric::kSelectionRate: return binary.SelectionRate();
    case Metric::kFalsePositiveRate: return binary.FalsePositiveRate();
    case Metric::kFalseNegativeRate: return binary.FalseNegativeRate();
    case Metric::kTruePositiveRate: return binary.TruePositiveRate();
    case Metric::kTrueNegativeRate: return binary.TrueNegativeRate();
    default: return kNaN;
  }
}

double Evaluate(Metric metric, const RegressionSums& sums) {
  switch (metric) {
    case Metric::kCount: return static_cast<double>(sums.num_rows());
    case Metric::kMeanAbsoluteError: return sums.MeanAbsoluteError();
    case Metric::kMeanSquaredError: return sums.MeanSquaredError();
    case Metric::kRootMeanSquaredError: return sums.RootMeanSquaredError();
    case Metric::kR2: return sums.R2();
    case Metric::kMeanPrediction: return sums.MeanPrediction();
    default: return kNaN;
  }
}

}  // namespace glassbox::sdk::inline v4
