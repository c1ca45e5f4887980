// Which sections a scorecard has and what goes in each. Each analysis' results
// go to the section its analyzer declared when the run was created
// (AnalysisStatus.section): the built-in sections come first, in the order of
// glassbox.v1.ScorecardSection, each shared by every analysis declaring it;
// every analysis that declares none gets a section of its own after them, in
// the order the run lists it. No analyzer is known by name. An analysis that
// did not succeed still gets its section, which says so, and so does a
// section the configuration asks for that the run cannot fill.
#ifndef GLASSBOX_DAEMON_SCORECARD_SECTION_PLAN_H_
#define GLASSBOX_DAEMON_SCORECARD_SECTION_PLAN_H_

#include <string>
#include <vector>

#include "daemon/scorecard/config_fit.h"
#include "daemon/scorecard/scorecard_input.h"

namespace glassbox::scorecard {

struct Section {
  // A built-in section, or SCORECARD_SECTION_UNSPECIFIED: the section of one
  // analyzer that declared none.
  glassbox::v1::ScorecardSection kind = glassbox::v1::SCORECARD_SECTION_UNSPECIFIED;
  // The analyzers whose results fill it, in the run's order; none for a
  // built-in section only the configuration asks for.
  std::vector<std::string> analyzers;
  std::vector<const glassbox::v1::Insight*> insights;
  // Its analyses that failed, were cancelled or never finished.
  std::vector<const glassbox::v1::AnalysisStatus*> unfinished;
  // What the configuration asks of this section that the run cannot fill.
  std::vector<Shortfall> shortfalls;
};

std::vector<Section> PlanSections(const ScorecardInput& input);

// The section `analyzer`'s analyses of `run` declared; unspecified when it declared none or is not in the run.
glassbox::v1::ScorecardSection DeclaredSection(const glassbox::v1::Run& run, const std::string& analyzer);

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
