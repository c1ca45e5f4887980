// Plain-language meanings of the metrics analyzers report, for readers who
// are not data scientists, e.g. accuracy_score: "Share of predictions that
// are correct". Fairness disparities ("<metric> difference (<feature>)") are
// described from their metric.
#ifndef GLASSBOX_DAEMON_SCORECARD_METRIC_GLOSSARY_H_
#define GLASSBOX_DAEMON_SCORECARD_METRIC_GLOSSARY_H_

#include <string>

namespace glassbox::scorecard {

// Empty for a metric the glossary does not know.
std::string DescribeMetric(const std::string& name);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_METRIC_GLOSSARY_H_
