#include "hop_skip_jump.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "label_oracle.h"
#include "normal_draw.h"
#include "random.h"

namespace glassbox::plugins {
namespace {

// Uniform draws in the box per round of the start search, and rounds at most.
constexpr int kStartDraws = 100;
constexpr int kStartRounds = 4;
// The binary search splits its interval in this many parts per model call and
// stops when the interval is this small a share of the segment.
constexpr int kSearchParts = 16;
constexpr double kSearchTolerance = 1e-7;
// Step sizes tried per geometric step: xi, xi/2, ..., xi/2^(kStepHalvings-1).
constexpr int kStepHalvings = 12;
// The paper's cap on the probes of one gradient estimate.
constexpr int kMaxGradientSamples = 10000;

using Row = std::vector<double>;

class Attack {
 public:
  Attack(const PerturbationGeometry& geometry, LabelOracle& oracle, std::span<const double> row, uint64_t seed)
      : geometry_(geometry),
        oracle_(oracle),
        original_(row.begin(), row.end()),
        coordinates_(geometry.NumericCoordinates(row)),
        rng_(seed) {}

  absl::StatusOr<std::optional<Row>> Run(const AttackOptions& options) {
    absl::StatusOr<std::optional<Row>> single = SingleCategoricalMove();
    if (!single.ok()) return single.status();
    absl::StatusOr<std::optional<Row>> start = Start();
    if (!start.ok()) return start.status();
    if (!start->has_value()) return single;
    Row point = **start;
    if (absl::Status status = RevertCategories(point); !status.ok()) return status;
    absl::StatusOr<Row> boundary = BoundarySearch(point);
    if (!boundary.ok()) return boundary.status();
    point = *std::move(boundary);
    for (int t = 1; t <= options.max_iterations && !oracle_.exhausted(); ++t) {
      absl::StatusOr<bool> moved = Iterate(t, options.gradient_samples, point);
      if (!moved.ok()) return moved.status();
      if (!*moved) break;
    }
    if (absl::Status status = Sparsify(point); !status.ok()) return status;
    if (single->has_value() && Size(**single) <= Size(point)) return single;
    return std::optional<Row>(std::move(point));
  }

 private:
  size_t width() const { return original_.size(); }
  double Size(const Row& point) const { return geometry_.Size(point, original_); }
  double Distance(const Row& point) const { return geometry_.NumericL2(point, original_); }

  absl::StatusOr<std::optional<Row>> SingleCategoricalMove() {
    std::vector<double> batch;
    for (size_t p : geometry_.categorical()) {
      for (int32_t code : geometry_.space().feature(p).codes) {
        if (code == original_[p]) continue;
        const size_t at = batch.size();
        batch.insert(batch.end(), original_.begin(), original_.end());
        batch[at + p] = code;
      }
    }
    return FirstAdversarial(batch);
  }

  absl::StatusOr<std::optional<Row>> FirstAdversarial(const std::vector<double>& batch) {
    if (batch.empty()) return std::nullopt;
    absl::StatusOr<std::vector<bool>> adversarial = oracle_.Adversarial(batch);
    if (!adversarial.ok()) return adversarial.status();
    for (size_t i = 0; i < adversarial->size(); ++i) {
      if ((*adversarial)[i]) return Row(batch.begin() + i * width(), batch.begin() + (i + 1) * width());
    }
    return std::nullopt;
  }

  absl::StatusOr<std::optional<Row>> Start() {
    if (coordinates_.empty()) return std::nullopt;
    for (int round = 0; round < kStartRounds && !oracle_.exhausted(); ++round) {
      std::vector<double> batch;
      for (int i = 0; i < kStartDraws; ++i) {
        const size_t at = batch.size();
        batch.insert(batch.end(), original_.begin(), original_.end());
        for (size_t p : coordinates_) {
          const FeatureDomain& feature = geometry_.space().feature(p);
          batch[at + p] = feature.low + (feature.high - feature.low) * rng_.Uniform();
        }
        if (i % 2 == 0) continue;
        for (size_t p : geometry_.categorical()) {
          const std::vector<int32_t>& codes = geometry_.space().feature(p).codes;
          batch[at + p] = codes[rng_.Below(codes.size())];
        }
      }
      absl::StatusOr<std::vector<bool>> adversarial = oracle_.Adversarial(batch);
      if (!adversarial.ok()) return adversarial.status();
      std::optional<Row> best;
      for (size_t i = 0; i < adversarial->size(); ++i) {
        if (!(*adversarial)[i]) continue;
        Row candidate(batch.begin() + i * width(), batch.begin() + (i + 1) * width());
        if (!best || Size(candidate) < Size(*best)) best = std::move(candidate);
      }
      if (best) return best;
    }
    return std::nullopt;
  }

  absl::Status RevertCategories(Row& point) {
    for (size_t p : geometry_.categorical()) {
      if (point[p] == original_[p]) continue;
      Row reverted = point;
      reverted[p] = original_[p];
      absl::StatusOr<std::vector<bool>> adversarial = oracle_.Adversarial(reverted);
      if (!adversarial.ok()) return adversarial.status();
      if ((*adversarial)[0]) point = std::move(reverted);
    }
    return absl::OkStatus();
  }

  // Reverts numeric changes one by one, smallest (scaled) first, while the
  // point stays adversarial, then searches the boundary again: a change the
  // flip does not need is noise of the gradient estimates.
  absl::Status Sparsify(Row& point) {
    std::vector<size_t> changed;
    for (size_t p : coordinates_) {
      if (point[p] != original_[p]) changed.push_back(p);
    }
    if (changed.empty()) return absl::OkStatus();
    std::stable_sort(changed.begin(), changed.end(), [&](size_t a, size_t b) {
      return std::abs(point[a] - original_[a]) / geometry_.scale(a) <
             std::abs(point[b] - original_[b]) / geometry_.scale(b);
    });
    bool reverted_any = false;
    for (size_t p : changed) {
      if (oracle_.exhausted()) break;
      Row reverted = point;
      reverted[p] = original_[p];
      absl::StatusOr<std::vector<bool>> adversarial = oracle_.Adversarial(reverted);
      if (!adversarial.ok()) return adversarial.status();
      if ((*adversarial)[0]) {
        point = std::move(reverted);
        reverted_any = true;
      }
    }
    if (!reverted_any) return absl::OkStatus();
    absl::StatusOr<Row> boundary = BoundarySearch(point);
    if (!boundary.ok()) return boundary.status();
    point = *std::move(boundary);
    return absl::OkStatus();
  }

  // The row's numeric values moved a share `alpha` of the way to `target`'s.
  Row Blend(const Row& target, double alpha) const {
    Row point = target;
    for (size_t p : coordinates_) point[p] = original_[p] + alpha * (target[p] - original_[p]);
    return point;
  }

  // The adversarial point nearest the row on the segment from the row's
  // numeric values to adversarial `target`'s (its categories throughout).
  absl::StatusOr<Row> BoundarySearch(const Row& target) {
    double low = 0, high = 1;
    bool first = true;
    while (high - low > kSearchTolerance && !oracle_.exhausted()) {
      std::vector<double> batch;
      const int from = first ? 0 : 1;
      for (int i = from; i < kSearchParts; ++i) {
        const Row point = Blend(target, low + (high - low) * i / kSearchParts);
        batch.insert(batch.end(), point.begin(), point.end());
      }
      absl::StatusOr<std::vector<bool>> adversarial = oracle_.Adversarial(batch);
      if (!adversarial.ok()) return adversarial.status();
      const auto hit = std::find(adversarial->begin(), adversarial->end(), true);
      const int index = static_cast<int>(hit - adversarial->begin()) + from;
      if (first && index == 0) return Blend(target, 0);
      const double step = (high - low) / kSearchParts;
      if (hit != adversarial->end()) high = low + step * index;
      low = high - step;
      first = false;
    }
    return Blend(target, high);
  }

  // One iteration from boundary point `point`; false when it cannot move.
  absl::StatusOr<bool> Iterate(int t, int gradient_samples, Row& point) {
    const double distance = Distance(point);
    const size_t k = coordinates_.size();
    if (distance == 0 || k == 0) return false;
    const double delta = distance / static_cast<double>(k);
    const int probes = std::min(kMaxGradientSamples, static_cast<int>(gradient_samples * std::sqrt(t)));
    std::vector<double> directions(static_cast<size_t>(probes) * k);
    std::vector<double> batch;
    for (int b = 0; b < probes; ++b) {
      double* u = &directions[static_cast<size_t>(b) * k];
      double norm = 0;
      for (size_t j = 0; j < k; ++j) {
        u[j] = StandardNormal(rng_);
        norm += u[j] * u[j];
      }
      norm = std::sqrt(norm);
      const size_t at = batch.size();
      batch.insert(batch.end(), point.begin(), point.end());
      for (size_t j = 0; j < k; ++j) {
        u[j] /= norm;
        const size_t p = coordinates_[j];
        batch[at + p] = geometry_.Clip(p, point[p] + delta * geometry_.scale(p) * u[j]);
      }
    }
    absl::StatusOr<std::vector<bool>> labels = oracle_.Adversarial(batch);
    if (!labels.ok()) return labels.status();
    double mean = 0;
    for (bool label : *labels) mean += label ? 1.0 : -1.0;
    mean /= probes;
    // All probes alike: the paper's estimate is then their mean direction, signed.
    const bool alike = std::abs(mean) == 1.0;
    std::vector<double> gradient(k, 0.0);
    for (int b = 0; b < probes; ++b) {
      const double phi = ((*labels)[b] ? 1.0 : -1.0);
      const double weight = alike ? phi : phi - mean;
      for (size_t j = 0; j < k; ++j) gradient[j] += weight * directions[static_cast<size_t>(b) * k + j];
    }
    double norm = 0;
    for (double g : gradient) norm += g * g;
    norm = std::sqrt(norm);
    if (norm == 0) return false;

    const double xi = distance / std::sqrt(static_cast<double>(t));
    std::vector<double> steps;
    for (int h = 0; h < kStepHalvings; ++h) {
      const size_t at = steps.size();
      steps.insert(steps.end(), point.begin(), point.end());
      for (size_t j = 0; j < k; ++j) {
        const size_t p = coordinates_[j];
        steps[at + p] = geometry_.Clip(p, point[p] + std::ldexp(xi, -h) * geometry_.scale(p) * gradient[j] / norm);
      }
    }
    absl::StatusOr<std::optional<Row>> stepped = FirstAdversarial(steps);
    if (!stepped.ok()) return stepped.status();
    if (!stepped->has_value()) return true;
    absl::StatusOr<Row> boundary = BoundarySearch(**stepped);
    if (!boundary.ok()) return boundary.status();
    if (Distance(*boundary) < distance) point = *std::move(boundary);
    return true;
  }

  const PerturbationGeometry& geometry_;
  LabelOracle& oracle_;
  const Row original_;
  const std::vector<size_t> coordinates_;
  explanations::Rng rng_;
};

}  // namespace

absl::StatusOr<AttackResult> AttackRow(const PerturbationGeometry& geometry, const CandidateScorer& scorer,
                                       std::span<const double> row, int original_column, uint64_t seed,
                                       const AttackOptions& options) {
  LabelOracle oracle(scorer, row.size(), original_column, options.max_model_queries);
  Attack attack(geometry, oracle, row, seed);
  absl::StatusOr<std::optional<Row>> found = attack.Run(options);
  if (!found.ok()) return found.status();
  AttackResult result;
  if (found->has_value()) {
    absl::StatusOr<int> column = oracle.Column(**found);
    if (!column.ok()) return column.status();
    result.flipped = true;
    result.adversarial = **std::move(found);
    result.adversarial_column = *column;
  }
  result.model_queries = oracle.queries();
  return result;
}

}  // namespace glassbox::plugins
