// Whether a scorecard configuration asks only for what its run reports.
// What a run reports is gathered twice: at CreateRun from what the run's
// analyzers declare (declared_reports.h), and once the run has ended from its
// insights' typed blocks. A section is filled by whichever analyses report
// its kind of result (groups compared, features ranked or summarised,
// treatments estimated), whatever their names. Each part of
// the configuration the run cannot fill is a Shortfall with its reason:
//   kNotInRun      the section's analyzer is not among the run's analyses;
//   kNotReported   the analysis runs but does not report it (a misspelt
//                  metric, a feature fairness does not cover, a top_n beyond
//                  the features charted, a cohort the run does not define);
//   kUnfinished    the analysis that would report it failed or was cancelled;
//   kNoRows        the analysis succeeded and reported nothing for it.
// The first two are the configuration's mistakes and are refused
// (CheckConfigFits); the last two are stated on the scorecard.
#ifndef GLASSBOX_DAEMON_SCORECARD_CONFIG_FIT_H_
#define GLASSBOX_DAEMON_SCORECARD_CONFIG_FIT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "glassbox/v1/analyzer.pb.h"
#include "glassbox/v1/insight.pb.h"
#include "glassbox/v1/run.pb.h"
#include "glassbox/v1/scorecard.pb.h"

namespace glassbox::scorecard {

// What one analysis of a run reports that a configuration can name.
struct AnalysisReport {
  enum class Knowledge {
    // Declared or read from insights: the lists below are complete.
    kKnown,
    // A plugin that declares nothing the daemon can read: anything may come from it.
    kUnknown,
    // It did not succeed; `unfinished` says why.
    kUnfinished,
  };
  std::string analyzer;
  // The scorecard section its analyzer declared.
  glassbox::v1::ScorecardSection section = glassbox::v1::SCORECARD_SECTION_UNSPECIFIED;
  Knowledge knowledge = Knowledge::kUnknown;
  std::string unfinished;
  // Names of its whole-data metric blocks.
  std::vector<std::string> metrics;
  // The kinds of result it reports that a configuration section asks for.
  bool compares_groups = false;
  bool ranks_importance = false;
  bool explores_features = false;
  bool estimates_treatments = false;
  // Measures compared between groups, and the features whose groups are compared.
  std::vector<std::string> fairness_measures;
  std::vector<std::string> fairness_features;
  // Features in its importance chart.
  int importance_features = 0;
  std::vector<std::string> treatments;
  // Columns whose distributions it shows.
  std::vector<std::string> explored_features;
};

struct RunReport {
  std::vector<AnalysisReport> analyses;
  // The run's cohorts by name.
  std::vector<std::string> cohorts;
  // Cohorts some insight reported metrics for (insight reports only).
  std::vector<std::string> measured_cohorts;
  bool from_insights = false;
};

struct Shortfall {
  enum class Cause { kNotInRun, kNotReported, kUnfinished, kNoRows };
  // The configuration's key, e.g. "Metrics.acuracy" or "Fairness.sensitive_features".
  std::string key;
  // The scorecard section the key belongs to (Metrics: performance, Cohorts:
  // cohorts, and so on).
  glassbox::v1::ScorecardSection section = glassbox::v1::SCORECARD_SECTION_UNSPECIFIED;
  // The analysis that reports it, or did not finish reporting it, whose
  // section the scorecard states it in; empty: none, it goes in `section`.
  std::string analyzer;
  Cause cause = Cause::kNotReported;
  // A sentence, e.g. "No analysis of the run reports 'acuracy'; did you mean 'accuracy_score'?".
  std::string reason;
};

// What the run's insights report: one AnalysisReport per analysis of the run.
RunReport ReportOfInsights(const glassbox::v1::Run& run, const std::vector<glassbox::v1::Insight>& insights);

// Every part of `config` that `report` cannot fill, in the configuration's order.
std::vector<Shortfall> FindShortfalls(const glassbox::v1::ScorecardConfig& config, const RunReport& report);

// INVALID_ARGUMENT "scorecard config key '<key>': <reason>" for the first
// shortfall that is the configuration's mistake (kNotInRun, kNotReported).
absl::Status CheckConfigFits(const glassbox::v1::ScorecardConfig& config, const RunReport& report);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_CONFIG_FIT_H_
