#include "balance_measures.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "special_functions.h"

namespace glassbox::plugins {
namespace {

// The toolbox's tolerance for treating 1 - epsilon as 0 (aggregate_balance_measures.py).
constexpr double kAtkinsonTolerance = 1e-12;

double LogOrMinusInfinity(double value) {
  return value == 0 ? -std::numeric_limits<double>::infinity() : std::log(value);
}

double Gap(double a, double b) { return a == b ? 0 : a - b; }

// sum p log(p / q) over the classes, as scipy.stats.entropy(p, q).
template <typename P, typename Q>
double KlDivergence(size_t n, P p, Q q) {
  double sum = 0;
  for (size_t i = 0; i < n; ++i) {
    if (p(i) > 0) sum += p(i) * std::log(p(i) / q(i));
  }
  return sum;
}

}  // namespace

AssociationMeasures ComputeAssociation(const ClassLabelCounts& counts) {
  const double n = static_cast<double>(counts.rows);
  const double p_pos = counts.positive_rows / n;
  const double p_feature = counts.class_rows / n;
  const double p_pos_feature = counts.class_positive_rows / n;

  AssociationMeasures m;
  m.statistical_parity = p_pos_feature / p_feature;
  m.pointwise_mutual_information = LogOrMinusInfinity(m.statistical_parity);
  m.sorensen_dice = p_pos_feature / (p_feature + p_pos);
  m.jaccard_index = p_pos_feature / (p_feature + p_pos - p_pos_feature);
  // SynapseML AssociationMetrics.krc, the toolbox's get_kr_correlation.
  double a = n * n * (1 - 2 * p_feature - 2 * p_pos + 2 * p_pos_feature + 2 * p_pos * p_feature);
  double b = n * (2 * p_feature + 2 * p_pos - 4 * p_pos_feature - 1);
  double c = n * n * std::sqrt((p_feature - p_feature * p_feature) * (p_pos - p_pos * p_pos));
  m.kendall_rank_correlation = (a + b) / c;
  m.log_likelihood_ratio = LogOrMinusInfinity(p_pos_feature / p_pos);
  m.t_statistic = (p_pos_feature - p_feature * p_pos) / std::sqrt(p_feature * p_pos);
  return m;
}

FeatureBalanceGaps ComputeGaps(const AssociationMeasures& a, const AssociationMeasures& b, int64_t num_classes) {
  FeatureBalanceGaps result;
  AssociationMeasures& g = result.gaps;
  g.statistical_parity = Gap(a.statistical_parity, b.statistical_parity);
  g.pointwise_mutual_information = Gap(a.pointwise_mutual_information, b.pointwise_mutual_information);
  g.sorensen_dice = Gap(a.sorensen_dice, b.sorensen_dice);
  g.jaccard_index = Gap(a.jaccard_index, b.jaccard_index);
  g.kendall_rank_correlation = Gap(a.kendall_rank_correlation, b.kendall_rank_correlation);
  g.log_likelihood_ratio = Gap(a.log_likelihood_ratio, b.log_likelihood_ratio);
  g.t_statistic = Gap(a.t_statistic, b.t_statistic);
  result.t_test_p_value = StudentTSurvival(std::fabs(g.t_statistic), static_cast<double>(num_classes - 1));
  return result;
}

DistributionMeasures ComputeDistribution(std::span<const int64_t> counts) {
  const size_t k = counts.size();
  double total = 0;
  for (int64_t count : counts) total += static_cast<double>(count);
  const double ref = 1.0 / static_cast<double>(k);
  auto obs = [&](size_t i) { return counts[i] / total; };
  auto uniform = [ref](size_t) { return ref; };
  auto mid = [&](size_t i) { return (obs(i) + ref) / 2; };

  DistributionMeasures m;
  m.kl_divergence = KlDivergence(k, obs, uniform);
  m.js_distance = std::sqrt((KlDivergence(k, obs, mid) + KlDivergence(k, uniform, mid)) / 2);
  double abs_sum = 0;
  const double expected = total * ref;
  for (size_t i = 0; i < k; ++i) {
    double diff = std::fabs(obs(i) - ref);
    abs_sum += diff;
    m.infinity_norm_distance = std::max(m.infinity_norm_distance, diff);
    double deviation = counts[i] - expected;
    m.chi_square_statistic += deviation * deviation / expected;
  }
  m.wasserstein_distance = abs_sum / static_cast<double>(k);
  m.total_variation_distance = abs_sum / 2;
  m.chi_square_p_value = ChiSquareSurvival(m.chi_square_statistic, static_cast<double>(k) - 1);
  return m;
}

AggregateMeasures ComputeAggregate(std::span<const int64_t> counts, double epsilon) {
  const double k = static_cast<double>(counts.size());
  double total = 0;
  for (int64_t count : counts) total += static_cast<double>(count);
  const double mean = total / k;
  const double alpha = 1 - epsilon;

  double sum_log = 0;
  double sum_x_log_x = 0;
  double sum_power = 0;
  for (int64_t count : counts) {
    double x = count / mean;
    double log_x = std::log(x);
    sum_log += log_x;
    sum_x_log_x += x * log_x;
    sum_power += std::pow(x, alpha);
  }
  AggregateMeasures m;
  m.atkinson_index = std::fabs(alpha) < kAtkinsonTolerance ? 1 - std::exp(sum_log / k)
                                                           : 1 - std::pow(sum_power / k, 1 / alpha);
  m.theil_l_index = -sum_log / k;
  m.theil_t_index = sum_x_log_x / k;
  return m;
}

}  // namespace glassbox::plugins
