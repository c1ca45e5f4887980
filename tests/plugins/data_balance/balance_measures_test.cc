// The balance measures on a hand-worked case: 10 rows, 4 with the positive
// label; class a has 4 rows (3 positive), class b 6 rows (1 positive).
// So p(y) = 0.4; for a p(x) = 0.4, p(x,y) = 0.3; for b p(x) = 0.6, p(x,y) = 0.1.
#include "balance_measures.h"

#include <cmath>
#include <limits>
#include <numbers>

#include <gtest/gtest.h>

namespace glassbox::plugins {
namespace {

constexpr double kTolerance = 1e-14;

const ClassLabelCounts kA{.rows = 10, .positive_rows = 4, .class_rows = 4, .class_positive_rows = 3};
const ClassLabelCounts kB{.rows = 10, .positive_rows = 4, .class_rows = 6, .class_positive_rows = 1};

TEST(BalanceMeasuresTest, AssociationOfOneClass) {
  AssociationMeasures a = ComputeAssociation(kA);
  EXPECT_NEAR(a.statistical_parity, 0.75, kTolerance);                     // 0.3 / 0.4
  EXPECT_NEAR(a.pointwise_mutual_information, std::log(0.75), kTolerance);  // ln(statistical parity)
  EXPECT_NEAR(a.sorensen_dice, 0.375, kTolerance);                          // 0.3 / 0.8
  EXPECT_NEAR(a.jaccard_index, 0.6, kTolerance);                            // 0.3 / 0.5
  // (100 (1 - 0.8 - 0.8 + 0.6 + 0.32) + 10 (0.8 + 0.8 - 1.2 - 1)) / (100 sqrt(0.24 * 0.24)) = 26 / 24.
  EXPECT_NEAR(a.kendall_rank_correlation, 26.0 / 24, kTolerance);
  EXPECT_NEAR(a.log_likelihood_ratio, std::log(0.75), kTolerance);  // ln(0.3 / 0.4)
  EXPECT_NEAR(a.t_statistic, 0.35, kTolerance);                     // (0.3 - 0.16) / sqrt(0.16)

  AssociationMeasures b = ComputeAssociation(kB);
  EXPECT_NEAR(b.statistical_parity, 1.0 / 6, kTolerance);
  EXPECT_NEAR(b.t_statistic, -0.14 / std::sqrt(0.24), kTolerance);

  AssociationMeasures none = ComputeAssociation({.rows = 10, .positive_rows = 4, .class_rows = 2});
  EXPECT_EQ(none.pointwise_mutual_information, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(none.log_likelihood_ratio, -std::numeric_limits<double>::infinity());
}

TEST(BalanceMeasuresTest, GapsBetweenTwoClasses) {
  FeatureBalanceGaps gaps = ComputeGaps(ComputeAssociation(kA), ComputeAssociation(kB), 2);
  EXPECT_NEAR(gaps.gaps.statistical_parity, 0.75 - 1.0 / 6, kTolerance);
  EXPECT_NEAR(gaps.gaps.jaccard_index, 0.6 - 0.1 / 0.9, kTolerance);
  const double t_gap = 0.35 + 0.14 / std::sqrt(0.24);
  EXPECT_NEAR(gaps.gaps.t_statistic, t_gap, kTolerance);
  // One degree of freedom: the Cauchy tail 1/2 - atan(|gap|)/pi.
  EXPECT_NEAR(gaps.t_test_p_value, 0.5 - std::atan(t_gap) / std::numbers::pi, 1e-13);

  // Two classes that never see the positive label: -inf - -inf is a 0 gap.
  AssociationMeasures none = ComputeAssociation({.rows = 10, .positive_rows = 4, .class_rows = 2});
  EXPECT_EQ(ComputeGaps(none, none, 3).gaps.pointwise_mutual_information, 0);
}

TEST(BalanceMeasuresTest, DistributionAgainstUniform) {
  // Shares 0.4 and 0.6 against 0.5 each.
  const int64_t counts[] = {4, 6};
  DistributionMeasures m = ComputeDistribution(counts);
  EXPECT_NEAR(m.kl_divergence, 0.4 * std::log(0.8) + 0.6 * std::log(1.2), kTolerance);
  const double js = (0.4 * std::log(0.4 / 0.45) + 0.6 * std::log(0.6 / 0.55) + 0.5 * std::log(0.5 / 0.45) +
                     0.5 * std::log(0.5 / 0.55)) /
                    2;
  EXPECT_NEAR(m.js_distance, std::sqrt(js), kTolerance);
  EXPECT_NEAR(m.wasserstein_distance, 0.1, kTolerance);
  EXPECT_NEAR(m.infinity_norm_distance, 0.1, kTolerance);
  EXPECT_NEAR(m.total_variation_distance, 0.1, kTolerance);
  // (4 - 5)^2 / 5 + (6 - 5)^2 / 5; with one degree of freedom P(X > x) = erfc(sqrt(x / 2)).
  EXPECT_NEAR(m.chi_square_statistic, 0.4, kTolerance);
  EXPECT_NEAR(m.chi_square_p_value, std::erfc(std::sqrt(0.2)), 1e-13);

  const int64_t balanced[] = {7, 7, 7};
  DistributionMeasures zero = ComputeDistribution(balanced);
  EXPECT_EQ(zero.kl_divergence, 0);
  EXPECT_EQ(zero.chi_square_statistic, 0);
  EXPECT_EQ(zero.chi_square_p_value, 1);
}

TEST(BalanceMeasuresTest, AggregateInequality) {
  // Group sizes 4 and 6 over their mean 5: x = 0.8, 1.2.
  const int64_t counts[] = {4, 6};
  AggregateMeasures m = ComputeAggregate(counts, 1);
  EXPECT_NEAR(m.atkinson_index, 1 - std::sqrt(0.96), kTolerance);
  EXPECT_NEAR(m.theil_t_index, (0.8 * std::log(0.8) + 1.2 * std::log(1.2)) / 2, kTolerance);
  EXPECT_NEAR(m.theil_l_index, -(std::log(0.8) + std::log(1.2)) / 2, kTolerance);
  // epsilon 2: 1 - 1 / mean(1 / x); epsilon 0.5: 1 - mean(sqrt(x))^2.
  EXPECT_NEAR(ComputeAggregate(counts, 2).atkinson_index, 1 - 1 / ((1 / 0.8 + 1 / 1.2) / 2), kTolerance);
  const double root_mean = (std::sqrt(0.8) + std::sqrt(1.2)) / 2;
  EXPECT_NEAR(ComputeAggregate(counts, 0.5).atkinson_index, 1 - root_mean * root_mean, kTolerance);
  // Equal groups: no inequality.
  const int64_t equal[] = {5, 5, 5, 5};
  EXPECT_NEAR(ComputeAggregate(equal, 1).atkinson_index, 0, kTolerance);
  EXPECT_NEAR(ComputeAggregate(equal, 1).theil_t_index, 0, kTolerance);
}

}  // namespace
}  // namespace glassbox::plugins
