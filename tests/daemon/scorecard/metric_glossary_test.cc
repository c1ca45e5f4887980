#include "daemon/scorecard/metric_glossary.h"

#include "gtest/gtest.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::MetricBlock;

MetricBlock Metric(const std::string& name, const std::string& display_name = "") {
  MetricBlock metric;
  metric.set_name(name);
  metric.set_display_name(display_name);
  return metric;
}

TEST(MetricGlossaryTest, KnownMetricsAreNamedAndDescribedInWords) {
  const MetricBlock accuracy = Metric("accuracy_score");
  EXPECT_EQ(MetricInWords(accuracy), "Accuracy");
  EXPECT_EQ(DescribeMetric(accuracy), "Share of predictions that are correct");
  EXPECT_EQ(MetricInWords(Metric("r2_score")), "R² (coefficient of determination)");
}

TEST(MetricGlossaryTest, DisparitiesAreDescribedFromTheirAggregateMeasureAndFeature) {
  MetricBlock difference = Metric("selection_rate difference (sex)", "Selection rate difference");
  difference.set_aggregate(glassbox::v1::AGGREGATE_DIFFERENCE);
  difference.set_measure("selection_rate");
  difference.set_feature("sex");
  difference.set_direction(glassbox::v1::LOWER_IS_BETTER);
  // Fairlearn's demographic_parity_difference is the selection rate's difference.
  EXPECT_EQ(MetricInWords(difference), "Demographic parity difference");
  EXPECT_EQ(DescribeMetric(difference), "Largest gap in selection rate between any two groups of sex (0 means parity)");

  MetricBlock ratio = difference;
  ratio.set_aggregate(glassbox::v1::AGGREGATE_RATIO);
  ratio.set_measure("accuracy_score");
  ratio.set_display_name("Accuracy ratio");
  EXPECT_EQ(MetricInWords(ratio), "Accuracy ratio");
  EXPECT_EQ(DescribeMetric(ratio), "Smallest accuracy among the groups of sex divided by the largest (1 means parity)");

  // A value the display name names ("demographic_parity_difference (sex)"), about the feature's groups.
  MetricBlock parity = Metric("demographic_parity_difference (sex)", "Demographic parity difference");
  parity.set_feature("sex");
  EXPECT_EQ(DescribeMetric(parity),
            "Largest gap in selection rate (share predicted positive) between any two groups of sex (0 means parity)");
}

TEST(MetricGlossaryTest, EveryMetricGetsAMeaningEvenOneTheGlossaryDoesNotKnow) {
  MetricBlock drift = Metric("psi_max", "Largest PSI");
  drift.set_direction(glassbox::v1::LOWER_IS_BETTER);
  EXPECT_EQ(MetricInWords(drift), "Largest PSI");
  EXPECT_EQ(DescribeMetric(drift), "As its analysis defines it; lower is better");
  MetricBlock rows = Metric("rows_seen");
  rows.set_unit("rows");
  rows.set_feature("region");
  rows.set_group("A");
  EXPECT_EQ(MetricInWords(rows), "rows_seen");
  EXPECT_EQ(DescribeMetric(rows), "As its analysis defines it, in rows, about region = A");
  // A known metric on one group.
  MetricBlock recall = Metric("recall_score");
  recall.set_feature("sex");
  recall.set_group("Female");
  EXPECT_EQ(DescribeMetric(recall), "Of the truly positive cases, the share the model finds, on the rows whose sex is Female");
}

}  // namespace
}  // namespace glassbox::scorecard
