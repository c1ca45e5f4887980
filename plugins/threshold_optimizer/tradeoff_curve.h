// One group's achievable trade-offs between two rates, as Fairlearn's
// _tradeoff_curve_utilities computes them: every threshold between distinct
// scores (and, with `flip`, its flipped decision) gives a point (x, y); the
// upper convex hull of the points is the set of randomised rules worth
// having; interpolating the hull on a grid of x gives, for each x, the best y
// and the mixture of two hull points that attains it.
#ifndef GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_TRADEOFF_CURVE_H_
#define GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_TRADEOFF_CURVE_H_

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "group_rule.h"
#include "rate_metric.h"

namespace glassbox::plugins::threshold_optimizer {

struct TradeoffPoint {
  double x = 0;
  double y = 0;
  ThresholdOperation operation;
};

// The points of every threshold over `scores` (finite) with `labels` (0 or 1),
// sorted by (x, y), ties in the order generated: thresholds from +inf down,
// each unflipped before flipped. Fails when the labels are all equal.
absl::StatusOr<std::vector<TradeoffPoint>> TradeoffPoints(std::span<const double> scores,
                                                          std::span<const int> labels, bool flip,
                                                          RateMetric x_metric, RateMetric y_metric);

// Andrew's monotone chain over points sorted by (x, y): the upper hull, a
// middle point dropped when on or below the line of its neighbours.
std::vector<TradeoffPoint> UpperConvexHull(std::span<const TradeoffPoint> sorted_points);

// numpy.linspace(0, 1, grid_size + 1).
std::vector<double> UnitGrid(int grid_size);

// The hull on each grid value g: hull points i and i + 1 with
// x[i] < g <= x[i + 1] (x[i] <= g for the first grid value), mixed with
// p0 = (x[i + 1] - g) / (x[i + 1] - x[i]) and p1 = 1 - p0.
struct InterpolatedCurve {
  std::vector<double> y;
  std::vector<GroupRule> rules;
};
InterpolatedCurve Interpolate(std::span<const TradeoffPoint> hull, std::span<const double> grid);

}  // namespace glassbox::plugins::threshold_optimizer

#endif  // GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_TRADEOFF_CURVE_H_
