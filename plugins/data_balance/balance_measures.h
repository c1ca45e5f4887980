// The data balance measures of the Responsible AI Toolbox's DataBalanceAnalysis
// (responsibleai/databalanceanalysis/*_balance_measures.py) and SynapseML's
// FeatureBalanceMeasure / DistributionBalanceMeasure / AggregateBalanceMeasure
// (core/src/main/scala/com/microsoft/azure/synapse/ml/exploratory), computed
// from counts. Where the two differ, the choice is noted at the function.
#ifndef GLASSBOX_PLUGINS_DATA_BALANCE_BALANCE_MEASURES_H_
#define GLASSBOX_PLUGINS_DATA_BALANCE_BALANCE_MEASURES_H_

#include <cstdint>
#include <span>

namespace glassbox::plugins {

// How often one class x of a sensitive feature and the positive label y occur.
struct ClassLabelCounts {
  int64_t rows = 0;              // all rows analysed, whatever their class
  int64_t positive_rows = 0;     // rows with the positive label
  int64_t class_rows = 0;        // rows of the class
  int64_t class_positive_rows = 0;
};

// Association between one class and the positive label, with p(y), p(x) and
// p(x, y) estimated as shares of all rows.
struct AssociationMeasures {
  double statistical_parity = 0;            // p(x,y) / p(x)
  // ln(p(x,y) / p(x)) as both implement it; -inf when p(x,y) = 0. (The
  // textbook PMI also divides by p(y), which leaves the gaps unchanged.)
  double pointwise_mutual_information = 0;
  double sorensen_dice = 0;                 // p(x,y) / (p(x) + p(y))
  double jaccard_index = 0;                 // p(x,y) / (p(x) + p(y) - p(x,y))
  double kendall_rank_correlation = 0;
  double log_likelihood_ratio = 0;  // ln(p(x,y) / p(y)); -inf when p(x,y) = 0
  // (p(x,y) - p(x) p(y)) / sqrt(p(x) p(y)): SynapseML's definition; the
  // toolbox's Python port writes p(y) for p(x,y) in the numerator.
  double t_statistic = 0;
};

AssociationMeasures ComputeAssociation(const ClassLabelCounts& counts);

// The feature balance measures of a pair of classes: measure(a) - measure(b),
// 0 when the two are equal (SynapseML's gap, which makes -inf - -inf 0), and
// the toolbox's p-value of the t statistic's gap:
// scipy.stats.t.sf(|gap|, num_classes - 1).
struct FeatureBalanceGaps {
  AssociationMeasures gaps;
  double t_test_p_value = 0;
};

FeatureBalanceGaps ComputeGaps(const AssociationMeasures& a, const AssociationMeasures& b, int64_t num_classes);

// Distance of the observed class shares of a feature from the uniform
// distribution over its classes (every class with a count > 0). Natural logs.
struct DistributionMeasures {
  double kl_divergence = 0;             // scipy.stats.entropy(obs, ref)
  double js_distance = 0;               // sqrt((KL(obs, m) + KL(ref, m)) / 2), m = (obs + ref) / 2
  double wasserstein_distance = 0;      // mean |obs - ref| (scipy.stats.wasserstein_distance(obs, ref))
  double infinity_norm_distance = 0;    // max |obs - ref|
  double total_variation_distance = 0;  // sum |obs - ref| / 2
  double chi_square_statistic = 0;      // sum (count - expected)^2 / expected, expected = total / classes
  double chi_square_p_value = 0;        // chi2.sf(statistic, classes - 1); NaN for one class
};

// `counts` holds each class's row count; all must be > 0.
DistributionMeasures ComputeDistribution(std::span<const int64_t> counts);

// Inequality of group sizes ("benefits"), normalised by their mean x_i.
struct AggregateMeasures {
  // 1 - (mean x^(1-eps))^(1/(1-eps)), or 1 - geometric mean of x when eps = 1.
  double atkinson_index = 0;
  double theil_l_index = 0;  // mean(-ln x)
  double theil_t_index = 0;  // mean(x ln x)
};

// `counts` holds each group's row count; all must be > 0.
AggregateMeasures ComputeAggregate(std::span<const int64_t> counts, double epsilon);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_DATA_BALANCE_BALANCE_MEASURES_H_
