// Plain-language meanings of the metrics analyzers report, for readers who
// are not data scientists, e.g. accuracy_score: "Share of predictions that
// are correct". Fairness disparities (metrics typed as a DIFFERENCE or RATIO
// of a measure across a feature's groups) are described from their measure.
#ifndef GLASSBOX_DAEMON_SCORECARD_METRIC_GLOSSARY_H_
#define GLASSBOX_DAEMON_SCORECARD_METRIC_GLOSSARY_H_

#include <string>

#include "glassbox/v1/insight.pb.h"

namespace glassbox::scorecard {

// Empty for a metric the glossary does not know by its machine name.
std::string DescribeMetric(const glassbox::v1::MetricBlock& metric);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_METRIC_GLOSSARY_H_
