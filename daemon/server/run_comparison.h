// Two runs compared from their insights' typed blocks alone, so that custom
// analyzers' metrics compare like the built-in ones (CompareRuns):
//  - a metric is shared when both runs have a MetricBlock of one analyzer
//    with one machine name and cohort; a name an insight repeats counts once,
//    at its first block. Its change follows its direction: lower is better
//    when LOWER_IS_BETTER, higher when HIGHER_IS_BETTER, CHANGED otherwise;
//    UNCHANGED when the values are equal (NaN equals NaN).
//  - features come from PER_FEATURE_IMPORTANCE tables (COLUMN_FEATURE and
//    the first COLUMN_ESTIMATE), ranked by importance, largest first; the
//    first such table of an analyzer counts.
#ifndef GLASSBOX_DAEMON_SERVER_RUN_COMPARISON_H_
#define GLASSBOX_DAEMON_SERVER_RUN_COMPARISON_H_

#include <vector>

#include "glassbox/v1/comparison.pb.h"
#include "glassbox/v1/insight.pb.h"
#include "glassbox/v1/run.pb.h"

namespace glassbox::server {

struct ComparedRun {
  glassbox::v1::Run run;
  std::vector<glassbox::v1::Insight> insights;
};

glassbox::v1::CompareRunsResponse CompareRuns(const ComparedRun& baseline, const ComparedRun& other);

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_RUN_COMPARISON_H_
