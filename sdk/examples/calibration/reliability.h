// Calibration of a binary classifier's probabilities with scikit-learn 1.2's
// definitions: the bins of sklearn.calibration.calibration_curve and
// sklearn.metrics.brier_score_loss, plus the expected and maximum calibration
// errors over those bins.
#ifndef GLASSBOX_EXAMPLES_CALIBRATION_RELIABILITY_H_
#define GLASSBOX_EXAMPLES_CALIBRATION_RELIABILITY_H_

#include <cstdint>
#include <span>
#include <vector>

namespace glassbox::examples {

enum class BinStrategy { kUniform, kQuantile };

// calibration_curve's num_bins + 1 ascending bin edges: numpy.linspace(0, 1,
// num_bins + 1) (uniform), or numpy.percentile(scores, linspace(0, 1,
// num_bins + 1) * 100) of the non-empty `scores` (quantile; tied scores may
// make equal edges, hence empty bins).
std::vector<double> BinEdges(BinStrategy strategy, int num_bins, std::span<const double> scores);

// A bin holds the scores in (lower, upper]; the first also those <= lower,
// the last also those > upper.
struct ReliabilityBin {
  // Among all the bins, empty ones included.
  int index = 0;
  double lower = 0;
  double upper = 0;
  int64_t rows = 0;
  // calibration_curve's prob_pred: the mean score of the bin's rows.
  double mean_predicted = 0;
  // calibration_curve's prob_true: the fraction of the bin's rows that are positive.
  double fraction_positive = 0;

  double gap() const;
};

struct CalibrationReport {
  int64_t rows = 0;
  // All num_bins + 1 edges.
  std::vector<double> edges;
  // The non-empty bins in ascending order (calibration_curve drops empty ones).
  std::vector<ReliabilityBin> bins;
  // mean((positive - score)^2).
  double brier_score_loss = 0;
  // Sum over the bins of rows_b / rows * |fraction_positive_b - mean_predicted_b|.
  double expected_calibration_error = 0;
  // The largest |fraction_positive_b - mean_predicted_b|.
  double maximum_calibration_error = 0;
};

// Adds rows one at a time to the bins of `edges` (calibration_curve's
// numpy.searchsorted on the inner edges), keeping counts and sums only.
class ReliabilityCounts {
 public:
  explicit ReliabilityCounts(std::vector<double> edges);

  void Add(double score, bool positive);
  // Needs at least one row.
  CalibrationReport Report() const;

 private:
  std::vector<double> edges_;
  std::vector<int64_t> rows_;
  std::vector<int64_t> positives_;
  std::vector<double> score_sums_;
  double squared_error_sum_ = 0;
};

}  // namespace glassbox::examples

#endif  // GLASSBOX_EXAMPLES_CALIBRATION_RELIABILITY_H_
