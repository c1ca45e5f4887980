#include "reliability.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace glassbox::examples {
namespace {

// numpy.linspace(0, 1, num_bins + 1): i * step, the last exactly 1.
double LinearlySpaced(int i, int num_bins) { return i == num_bins ? 1.0 : i * (1.0 / num_bins); }

// numpy.percentile(values, 100 * qs) with the default "linear" method: the
// value at position (n - 1) * q of the sorted values, interpolated between
// its two neighbours. Found by selection; `values` is reordered.
std::vector<double> Percentiles(std::vector<double>& values, std::span<const double> qs) {
  std::vector<double> result;
  result.reserve(qs.size());
  const double last = static_cast<double>(values.size() - 1);
  // Every element before `settled` is in its sorted place or below it.
  auto settled = values.begin();
  for (double q : qs) {
    // numpy divides the percentile by 100 again before using it.
    const double position = last * (q * 100 / 100);
    const double below = std::min(std::floor(position), last);
    const auto lower = values.begin() + static_cast<std::ptrdiff_t>(below);
    std::nth_element(settled, lower, values.end());
    const double fraction = position - below;
    const double a = *lower;
    const double b = lower + 1 == values.end() ? a : *std::min_element(lower + 1, values.end());
    // numpy's _lerp, from the nearer end.
    result.push_back(fraction < 0.5 ? a + (b - a) * fraction : b - (b - a) * (1 - fraction));
    settled = lower;
  }
  return result;
}

}  // namespace

std::vector<double> BinEdges(BinStrategy strategy, int num_bins, std::span<const double> scores) {
  std::vector<double> fractions(static_cast<size_t>(num_bins) + 1);
  for (int i = 0; i <= num_bins; ++i) fractions[i] = LinearlySpaced(i, num_bins);
  if (strategy == BinStrategy::kUniform) return fractions;
  std::vector<double> values(scores.begin(), scores.end());
  return Percentiles(values, fractions);
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
