// Which sections a scorecard has and what goes in each. A built-in analyzer's
// insights go to its section (data analysis, model performance, cohorts,
// feature importance, fairness, causal, in that order); every other analyzer
// gets a section of its own after them, in the order the run lists it. An
// analysis that did not succeed still gets its section, which says so, and so
// does a section the configuration asks for that the run cannot fill.
#ifndef GLASSBOX_DAEMON_SCORECARD_SECTION_PLAN_H_
#define GLASSBOX_DAEMON_SCORECARD_SECTION_PLAN_H_

#include <string>
#include <vector>

#include "daemon/scorecard/config_fit.h"
#include "daemon/scorecard/scorecard_input.h"

namespace glassbox::scorecard {

enum class SectionKind { kData, kPerformance, kCohorts, kImportance, kFairness, kCausal, kOther };

struct Section {
  SectionKind kind = SectionKind::kOther;
  // The analyzer whose results fill the section.
  std::string analyzer;
  std::vector<const glassbox::v1::Insight*> insights;
  // Analyses of `analyzer` that failed, were cancelled or never finished.
  std::vector<const glassbox::v1::AnalysisStatus*> unfinished;
  // What the configuration asks of this section that the run cannot fill.
  std::vector<Shortfall> shortfalls;
};

std::vector<Section> PlanSections(const ScorecardInput& input);

// The cohorts the scorecard shows: those the configuration names, else the run's.
std::vector<std::string> ShownCohorts(const ScorecardInput& input);
// Metric blocks measured on one of the run's cohorts (the configuration's
// Cohorts, when it names any), in the order of those cohorts.
std::vector<const glassbox::v1::MetricBlock*> UserCohortMetrics(const ScorecardInput& input);
// Whether `metric` was measured on one of the run's cohorts.
bool IsUserCohortMetric(const ScorecardInput& input, const glassbox::v1::MetricBlock& metric);

// "custom_drift" -> "Custom drift".
std::string HumanizeAnalyzer(const std::string& analyzer);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_SECTION_PLAN_H_
