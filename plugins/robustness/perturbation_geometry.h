// How big a change of a row is. Rows are FeatureSpace rows (feature_space.h);
// the movable features are the space's varied ones. A numeric feature's
// change is measured in its unit `scale(p)` (the permitted high - low, or 1),
// a categorical change counts 1:
//   size(x', x) = sqrt( sum_numeric ((x'_p - x_p) / scale_p)^2 + #categorical changes )
// so that on numeric features alone it is the L2 norm in scaled coordinates.
#ifndef GLASSBOX_PLUGINS_ROBUSTNESS_PERTURBATION_GEOMETRY_H_
#define GLASSBOX_PLUGINS_ROBUSTNESS_PERTURBATION_GEOMETRY_H_

#include <span>
#include <vector>

#include "feature_space.h"

namespace glassbox::plugins {

class PerturbationGeometry {
 public:
  PerturbationGeometry(const FeatureSpace& space, bool scale_by_range);

  const FeatureSpace& space() const { return space_; }
  double scale(size_t p) const { return scale_[p]; }
  // Movable features with a permitted value, by kind, in model order.
  const std::vector<size_t>& numeric() const { return numeric_; }
  const std::vector<size_t>& categorical() const { return categorical_; }

  // The movable numeric features `row` has a value of: those the attack moves.
  std::vector<size_t> NumericCoordinates(std::span<const double> row) const;
  double NumericL2(std::span<const double> a, std::span<const double> b) const;
  int CategoricalChanges(std::span<const double> a, std::span<const double> b) const;
  double Size(std::span<const double> a, std::span<const double> b) const;
  // `value` clipped to feature p's permitted [low, high].
  double Clip(size_t p, double value) const;

 private:
  const FeatureSpace& space_;
  std::vector<double> scale_;
  std::vector<size_t> numeric_;
  std::vector<size_t> categorical_;
};

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ROBUSTNESS_PERTURBATION_GEOMETRY_H_
