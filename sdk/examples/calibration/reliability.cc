#include "reliability.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "glassbox/sdk/quantiles.h"

namespace glassbox::examples {
namespace {

// numpy.linspace(0, 1, num_bins + 1): i * step, the last exactly 1.
double LinearlySpaced(int i, int num_bins) { return i == num_bins ? 1.0 : i * (1.0 / num_bins); }

}  // namespace

std::vector<double> BinEdges(BinStrategy strategy, int num_bins, std::span<const double> scores) {
  std::vector<double> fractions(static_cast<size_t>(num_bins) + 1);
  for (int i = 0; i <= num_bins; ++i) fractions[i] = LinearlySpaced(i, num_bins);
  if (strategy == BinStrategy::kUniform) return fractions;
  // scikit-learn asks numpy.percentile for 100 * fraction, which divides by 100 again.
  for (double& fraction : fractions) fraction = fraction * 100 / 100;
  std::vector<double> values(scores.begin(), scores.end());
  return sdk::LinearQuantiles(values, fractions);
}

double ReliabilityBin::gap() const { return std::abs(fraction_positive - mean_predicted); }

ReliabilityCounts::ReliabilityCounts(std::vector<double> edges)
    : edges_(std::move(edges)),
      rows_(edges_.size() - 1, 0),
      positives_(edges_.size() - 1, 0),
      score_sums_(edges_.size() - 1, 0.0) {}

void ReliabilityCounts::Add(double score, bool positive) {
  // The number of inner edges below the score.
  const auto inner_begin = edges_.begin() + 1;
  const auto inner_end = edges_.end() - 1;
  const size_t bin = static_cast<size_t>(std::lower_bound(inner_begin, inner_end, score) - inner_begin);
  ++rows_[bin];
  positives_[bin] += positive;
  score_sums_[bin] += score;
  const double error = (positive ? 1.0 : 0.0) - score;
  squared_error_sum_ += error * error;
}

CalibrationReport ReliabilityCounts::Report() const {
  CalibrationReport report;
  report.edges = edges_;
  for (int64_t rows : rows_) report.rows += rows;
  const double total = static_cast<double>(report.rows);
  for (size_t bin = 0; bin < rows_.size(); ++bin) {
    if (rows_[bin] == 0) continue;
    const double rows = static_cast<double>(rows_[bin]);
    const ReliabilityBin out{.index = static_cast<int>(bin),
                             .lower = edges_[bin],
                             .upper = edges_[bin + 1],
                             .rows = rows_[bin],
                             .mean_predicted = score_sums_[bin] / rows,
                             .fraction_positive = static_cast<double>(positives_[bin]) / rows};
    report.expected_calibration_error += rows / total * out.gap();
    report.maximum_calibration_error = std::max(report.maximum_calibration_error, out.gap());
    report.bins.push_back(out);
  }
  report.brier_score_loss = squared_error_sum_ / total;
  return report;
}

}  // namespace glassbox::examples
