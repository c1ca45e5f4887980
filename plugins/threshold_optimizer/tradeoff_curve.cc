#include "tradeoff_curve.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace glassbox::plugins::threshold_optimizer {

absl::StatusOr<std::vector<TradeoffPoint>> TradeoffPoints(std::span<const double> scores,
                                                          std::span<const int> labels, bool flip,
                                                          RateMetric x_metric, RateMetric y_metric) {
  const size_t n = scores.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  double positives = 0;
  for (int label : labels) positives += label;
  const double negatives = static_cast<double>(n) - positives;
  if (positives == 0 || negatives == 0) {
    return absl::FailedPreconditionError("has only one label");
  }

  std::vector<TradeoffPoint> points;
  auto add_points = [&](double threshold, double selected_negatives, double selected_positives) {
    const ConfusionCounts actual{.true_positives = selected_positives,
                                 .false_positives = selected_negatives,
                                 .true_negatives = negatives - selected_negatives,
                                 .false_negatives = positives - selected_positives};
    points.push_back({RateOf(x_metric, actual), RateOf(y_metric, actual), {false, threshold}});
    if (flip) {
      const ConfusionCounts flipped{.true_positives = positives - selected_positives,
                                    .false_positives = negatives - selected_negatives,
                                    .true_negatives = selected_negatives,
                                    .false_negatives = selected_positives};
      points.push_back({RateOf(x_metric, flipped), RateOf(y_metric, flipped), {true, threshold}});
    }
  };
  // Selecting every score above a threshold: first none (+inf), then down
  // through each distinct score, the threshold halfway to the next one below
  // (-inf after the lowest).
  add_points(std::numeric_limits<double>::infinity(), 0, 0);
  double selected[2] = {0, 0};
  size_t i = 0;
  while (i < n) {
    const double score = scores[order[i]];
    while (i < n && scores[order[i]] == score) selected[labels[order[i++]]] += 1;
    const double next = i < n ? scores[order[i]] : -std::numeric_limits<double>::infinity();
    add_points((score + next) / 2, selected[0], selected[1]);
  }
  std::stable_sort(points.begin(), points.end(), [](const TradeoffPoint& a, const TradeoffPoint& b) {
    return a.x < b.x || (a.x == b.x && a.y < b.y);
  });
  return points;
}

std::vector<TradeoffPoint> UpperConvexHull(std::span<const TradeoffPoint> sorted_points) {
  std::vector<TradeoffPoint> hull;
  for (const TradeoffPoint& next : sorted_points) {
    while (hull.size() >= 2) {
      const TradeoffPoint& middle = hull[hull.size() - 1];
      const TradeoffPoint& first = hull[hull.size() - 2];
      if ((middle.y - first.y) * (next.x - first.x) > (next.y - first.y) * (middle.x - first.x)) break;
      hull.pop_back();
    }
    hull.push_back(next);
  }
  return hull;
}

std::vector<double> UnitGrid(int grid_size) {
  std::vector<double> grid(static_cast<size_t>(grid_size) + 1);
  const double step = 1.0 / grid_size;
  for (size_t i = 0; i < grid.size(); ++i) grid[i] = static_cast<double>(i) * step;
  grid.back() = 1.0;
  return grid;
}

InterpolatedCurve Interpolate(std::span<const TradeoffPoint> hull, std::span<const double> grid) {
  InterpolatedCurve curve;
  curve.y.reserve(grid.size());
  curve.rules.reserve(grid.size());
  const auto last_left = static_cast<ptrdiff_t>(hull.size()) - 2;
  for (size_t g = 0; g < grid.size(); ++g) {
    const double x = grid[g];
    // The last hull point with hull x <= grid x (numpy.searchsorted, side "right", minus 1) ...
    ptrdiff_t left = std::upper_bound(hull.begin(), hull.end(), x,
                                      [](double value, const TradeoffPoint& p) { return value < p.x; }) -
                     hull.begin() - 1;
    // ... moved left past an equal x, except for the first grid value.
    if (g > 0 && left >= 0 && hull[static_cast<size_t>(left)].x == x) --left;
    left = std::clamp<ptrdiff_t>(left, 0, std::max<ptrdiff_t>(last_left, 0));
    const TradeoffPoint& a = hull[static_cast<size_t>(left)];
    const TradeoffPoint& b = hull[std::min(static_cast<size_t>(left) + 1, hull.size() - 1)];
    const double p0 = &a == &b ? 1.0 : (b.x - x) / (b.x - a.x);
    const double p1 = 1 - p0;
    curve.y.push_back(p0 * a.y + p1 * b.y);
    curve.rules.push_back({.p0 = p0, .operation0 = a.operation, .p1 = p1, .operation1 = b.operation});
  }
  return curve;
}

}  // namespace glassbox::plugins::threshold_optimizer
