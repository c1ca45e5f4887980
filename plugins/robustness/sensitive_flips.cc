#include "sensitive_flips.h"

#include <algorithm>
#include <cmath>

namespace glassbox::plugins {
namespace {

constexpr size_t kBatchRows = 65536;

struct Probe {
  size_t row, feature;
  double value;
};

}  // namespace

std::vector<double> SensitiveCandidates(const FeatureDomain& feature, double value) {
  std::vector<double> candidates;
  if (feature.categorical) {
    for (int32_t code : feature.codes) {
      if (code != value) candidates.push_back(code);
    }
    return candidates;
  }
  if (std::isnan(feature.low)) return candidates;
  for (int i = 0; i < kSensitiveGridPoints; ++i) {
    const double point = feature.low + (feature.high - feature.low) * i / (kSensitiveGridPoints - 1);
    if (point != value && std::find(candidates.begin(), candidates.end(), point) == candidates.end()) {
      candidates.push_back(point);
    }
  }
  if (std::isnan(value)) return candidates;
  std::stable_sort(candidates.begin(), candidates.end(),
                   [value](double a, double b) { return std::abs(a - value) < std::abs(b - value); });
  return candidates;
}

absl::StatusOr<std::vector<SensitiveFlipFound>> FindSensitiveFlips(const FeatureSpace& space,
                                                                   const CandidateScorer& scorer,
                                                                   std::span<const double> rows,
                                                                   std::span<const int> columns,
                                                                   std::span<const size_t> features) {
  const size_t d = space.size();
  std::vector<SensitiveFlipFound> flips;
  std::vector<double> batch;
  std::vector<Probe> probes;
  // Scores the probes gathered so far, then forgets them.
  const auto flush = [&]() -> absl::Status {
    if (probes.empty()) return absl::OkStatus();
    absl::StatusOr<Eigen::MatrixXd> scores = scorer.Predict(batch);
    if (!scores.ok()) return scores.status();
    for (size_t i = 0; i < probes.size(); ++i) {
      const Probe& probe = probes[i];
      if (!flips.empty() && flips.back().row == probe.row && flips.back().feature == probe.feature) continue;
      const int column = scorer.PredictedColumn(*scores, static_cast<Eigen::Index>(i));
      if (column != columns[probe.row]) flips.push_back({probe.row, probe.feature, probe.value, column});
    }
    batch.clear();
    probes.clear();
    return absl::OkStatus();
  };
  for (size_t r = 0; r < columns.size(); ++r) {
    const std::span<const double> row = rows.subspan(r * d, d);
    for (size_t p : features) {
      for (double value : SensitiveCandidates(space.feature(p), row[p])) {
        const size_t at = batch.size();
        batch.insert(batch.end(), row.begin(), row.end());
        batch[at + p] = value;
        probes.push_back({r, p, value});
      }
    }
    if (probes.size() >= kBatchRows) {
      if (absl::Status status = flush(); !status.ok()) return status;
    }
  }
  if (absl::Status status = flush(); !status.ok()) return status;
  return flips;
}

}  // namespace glassbox::plugins
