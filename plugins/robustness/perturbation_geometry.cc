#include "perturbation_geometry.h"

#include <algorithm>
#include <cmath>

namespace glassbox::plugins {

PerturbationGeometry::PerturbationGeometry(const FeatureSpace& space, bool scale_by_range)
    : space_(space), scale_(space.size(), 1.0) {
  for (size_t p : space.varied()) {
    const FeatureDomain& feature = space.feature(p);
    if (feature.categorical) {
      categorical_.push_back(p);
      continue;
    }
    numeric_.push_back(p);
    if (scale_by_range && feature.high > feature.low) scale_[p] = feature.high - feature.low;
  }
}

std::vector<size_t> PerturbationGeometry::NumericCoordinates(std::span<const double> row) const {
  std::vector<size_t> coordinates;
  for (size_t p : numeric_) {
    if (!std::isnan(row[p])) coordinates.push_back(p);
  }
  return coordinates;
}

double PerturbationGeometry::NumericL2(std::span<const double> a, std::span<const double> b) const {
  double sum = 0;
  for (size_t p = 0; p < space_.size(); ++p) {
    if (space_.feature(p).categorical || space_.Same(p, a[p], b[p])) continue;
    const double delta = (a[p] - b[p]) / scale_[p];
    sum += delta * delta;
  }
  return std::sqrt(sum);
}

int PerturbationGeometry::CategoricalChanges(std::span<const double> a, std::span<const double> b) const {
  int changes = 0;
  for (size_t p = 0; p < space_.size(); ++p) {
    if (space_.feature(p).categorical && a[p] != b[p]) ++changes;
  }
  return changes;
}

double PerturbationGeometry::Size(std::span<const double> a, std::span<const double> b) const {
  const double l2 = NumericL2(a, b);
  return std::sqrt(l2 * l2 + CategoricalChanges(a, b));
}

double PerturbationGeometry::Clip(size_t p, double value) const {
  const FeatureDomain& feature = space_.feature(p);
  return std::clamp(value, feature.low, feature.high);
}

}  // namespace glassbox::plugins
