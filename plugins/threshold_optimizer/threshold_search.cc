#include "threshold_search.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

#include "absl/strings/str_cat.h"
#include "tradeoff_curve.h"

namespace glassbox::plugins::threshold_optimizer {
namespace {

struct FittedCurves {
  std::vector<double> grid;
  std::vector<InterpolatedCurve> curves;
  // Each group's share of the rows.
  std::vector<double> weights;
};

absl::StatusOr<FittedCurves> FitCurves(const std::vector<GroupData>& groups, RateMetric x_metric,
                                       RateMetric y_metric, const SearchSettings& settings) {
  FittedCurves fitted;
  fitted.grid = UnitGrid(settings.grid_size);
  size_t n = 0;
  for (const auto& group : groups) n += group.scores.size();
  for (const auto& group : groups) {
    auto points = TradeoffPoints(group.scores, group.labels, settings.flip, x_metric, y_metric);
    if (!points.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("group '", group.name,
                       "' of the sensitive feature has only one label among its rows; threshold_optimizer needs "
                       "positives and negatives in every group (choose another cohort or sensitive feature)"));
    }
    fitted.curves.push_back(Interpolate(UpperConvexHull(*points), fitted.grid));
    fitted.weights.push_back(static_cast<double>(group.scores.size()) / static_cast<double>(n));
  }
  return fitted;
}

struct WindowChoice {
  std::vector<size_t> indices;
  double objective = -std::numeric_limits<double>::infinity();
};

// Fairlearn's maximize_objective_with_tolerance (method "between_groups").
WindowChoice BestWithinTolerance(const FittedCurves& fitted, double tolerance) {
  const std::vector<double>& x = fitted.grid;
  const size_t groups = fitted.curves.size();
  std::vector<std::vector<double>> weighted(groups);
  for (size_t k = 0; k < groups; ++k) {
    for (double y : fitted.curves[k].y) weighted[k].push_back(y * fitted.weights[k]);
  }
  // Per group, window indices in ascending order whose values descend: the front is the window's argmax.
  std::vector<std::deque<size_t>> best(groups);
  WindowChoice choice;
  double least_spread = std::numeric_limits<double>::infinity();
  size_t start = 0;
  for (size_t end = 0; end < x.size(); ++end) {
    for (size_t k = 0; k < groups; ++k) {
      while (!best[k].empty() && weighted[k][best[k].back()] <= weighted[k][end]) best[k].pop_back();
      best[k].push_back(end);
    }
    while (x[end] - x[start] > tolerance) {
      for (size_t k = 0; k < groups; ++k) {
        if (!best[k].empty() && best[k].front() == start) best[k].pop_front();
      }
      ++start;
    }
    std::vector<size_t> indices;
    double objective = 0;
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    for (size_t k = 0; k < groups; ++k) {
      indices.push_back(best[k].front());
      objective += weighted[k][indices.back()];
      low = std::min(low, x[indices.back()]);
      high = std::max(high, x[indices.back()]);
    }
    const double spread = high - low;
    if (objective > choice.objective || (objective == choice.objective && spread <= least_spread)) {
      choice.objective = objective;
      choice.indices = std::move(indices);
      least_spread = spread;
    }
  }
  return choice;
}

absl::StatusOr<SearchResult> SearchSimple(const std::vector<GroupData>& groups, const SearchSettings& settings) {
  auto fitted = FitCurves(groups, *settings.constraint_metric, settings.objective, settings);
  if (!fitted.ok()) return fitted.status();
  SearchResult result;
  std::vector<size_t> chosen(groups.size());
  if (settings.tolerance > 0) {
    const WindowChoice choice = BestWithinTolerance(*fitted, settings.tolerance);
    chosen = choice.indices;
    result.best_objective = choice.objective;
    result.best_x = std::numeric_limits<double>::infinity();
    for (size_t index : chosen) result.best_x = std::min(result.best_x, fitted->grid[index]);
  } else {
    std::vector<double> overall(fitted->grid.size(), 0.0);
    for (size_t k = 0; k < groups.size(); ++k) {
      for (size_t g = 0; g < overall.size(); ++g) overall[g] += fitted->weights[k] * fitted->curves[k].y[g];
    }
    const size_t best = static_cast<size_t>(std::max_element(overall.begin(), overall.end()) - overall.begin());
    std::fill(chosen.begin(), chosen.end(), best);
    result.best_x = fitted->grid[best];
    result.best_objective = overall[best];
  }
  for (size_t k = 0; k < groups.size(); ++k) {
    result.rules.push_back(fitted->curves[k].rules[chosen[k]]);
    result.constraint_values.push_back(fitted->grid[chosen[k]]);
  }
  return result;
}

struct CommonRoc {
  FittedCurves fitted;
  std::vector<double> lowest_tpr;
  std::vector<double> objective;
};

absl::StatusOr<CommonRoc> FitCommonRoc(const std::vector<GroupData>& groups, const SearchSettings& settings) {
  auto fitted = FitCurves(groups, RateMetric::kFalsePositiveRate, RateMetric::kTruePositiveRate, settings);
  if (!fitted.ok()) return fitted.status();
  CommonRoc roc{std::move(*fitted), {}, {}};
  double positives = 0;
  double n = 0;
  for (const auto& group : groups) {
    for (int label : group.labels) positives += label;
    n += static_cast<double>(group.labels.size());
  }
  const double negatives = n - positives;
  for (size_t g = 0; g < roc.fitted.grid.size(); ++g) {
    double lowest = std::numeric_limits<double>::infinity();
    for (const auto& curve : roc.fitted.curves) lowest = std::min(lowest, curve.y[g]);
    roc.lowest_tpr.push_back(lowest);
    const double x = roc.fitted.grid[g];
    const ConfusionCounts counts{.true_positives = positives * lowest,
                                 .false_positives = negatives * x,
                                 .true_negatives = negatives * (1.0 - x),
                                 .false_negatives = positives * (1.0 - lowest)};
    // numpy.around(value, 15): scale, round half to even, unscale.
    roc.objective.push_back(std::nearbyint(RateOf(settings.objective, counts) * 1e15) / 1e15);
  }
  return roc;
}

absl::StatusOr<SearchResult> SearchEqualizedOdds(const std::vector<GroupData>& groups,
                                                 const SearchSettings& settings) {
  auto roc = FitCommonRoc(groups, settings);
  if (!roc.ok()) return roc.status();
  const size_t best =
      static_cast<size_t>(std::max_element(roc->objective.begin(), roc->objective.end()) - roc->objective.begin());
  SearchResult result;
  result.best_x = roc->fitted.grid[best];
  result.best_y = roc->lowest_tpr[best];
  result.best_objective = roc->objective[best];
  for (const auto& curve : roc->fitted.curves) {
    GroupRule rule = curve.rules[best];
    const double y = curve.y[best];
    rule.p_ignore = y == result.best_x ? 0.0 : (y - result.best_y) / (y - result.best_x);
    rule.prediction_constant = result.best_x;
    result.rules.push_back(rule);
    result.constraint_values.push_back(result.best_x);
  }
  return result;
}

}  // namespace

absl::StatusOr<SearchResult> SearchThresholds(const std::vector<GroupData>& groups, const SearchSettings& settings) {
  return settings.constraint_metric ? SearchSimple(groups, settings) : SearchEqualizedOdds(groups, settings);
}

absl::StatusOr<std::vector<TradeoffSample>> TradeoffCurve(const std::vector<GroupData>& groups,
                                                          const SearchSettings& settings, int samples) {
  std::vector<TradeoffSample> curve;
  if (!settings.constraint_metric) {
    auto roc = FitCommonRoc(groups, settings);
    if (!roc.ok()) return roc.status();
    for (size_t g = 0; g < roc->objective.size(); ++g) curve.push_back({roc->fitted.grid[g], roc->objective[g]});
    return curve;
  }
  auto fitted = FitCurves(groups, *settings.constraint_metric, settings.objective, settings);
  if (!fitted.ok()) return fitted.status();
  const WindowChoice unconstrained = BestWithinTolerance(*fitted, std::numeric_limits<double>::infinity());
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  for (size_t index : unconstrained.indices) {
    low = std::min(low, fitted->grid[index]);
    high = std::max(high, fitted->grid[index]);
  }
  const double spread = high - low;
  const int count = spread > 0 ? std::max(samples, 2) : 1;
  for (int i = 0; i < count; ++i) {
    const double disparity = i == count - 1 ? spread : spread * i / (count - 1);
    curve.push_back({disparity, BestWithinTolerance(*fitted, disparity).objective});
  }
  return curve;
}

}  // namespace glassbox::plugins::threshold_optimizer
