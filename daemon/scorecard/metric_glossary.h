// Metrics in words for readers who are not data scientists: each metric's
// name in words ("Accuracy", "Demographic parity difference") and a line on
// what it measures ("Share of predictions that are correct"). Both are built
// from the block's typed meaning only: its name, measure, aggregate, feature,
// group, unit and direction (insight.proto).
#ifndef GLASSBOX_DAEMON_SCORECARD_METRIC_GLOSSARY_H_
#define GLASSBOX_DAEMON_SCORECARD_METRIC_GLOSSARY_H_

#include <string>

#include "glassbox/v1/insight.pb.h"

namespace glassbox::scorecard {

// The glossary's name for the metric, else its display_name, else its machine name.
std::string MetricInWords(const glassbox::v1::MetricBlock& metric);

// What the metric measures, in one sentence; never empty. A metric the
// glossary does not know is described by its unit and direction.
std::string DescribeMetric(const glassbox::v1::MetricBlock& metric);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_METRIC_GLOSSARY_H_
