// The targets a scorecard checks and whether the run met them. Targets come
// only from the configuration, the stakeholders' word: its Metrics (matched
// to whole-dataset metric blocks by name, case-insensitively) and its
// Fairness threshold (matched to disparity blocks by measure, aggregate and
// feature). A target no analysis measured counts as not met. Thresholds an
// analyst set as analysis parameters (fairness' difference_target) are
// listed apart by AnalystThresholds and never count in the verdict.
#ifndef GLASSBOX_DAEMON_SCORECARD_TARGETS_H_
#define GLASSBOX_DAEMON_SCORECARD_TARGETS_H_

#include <optional>
#include <string>
#include <vector>

#include "glassbox/v1/insight.pb.h"
#include "glassbox/v1/run.pb.h"
#include "glassbox/v1/scorecard.pb.h"

namespace glassbox::scorecard {

struct TargetCheck {
  // As the metric block names it, e.g. "accuracy_score" or "selection_rate difference (sex)".
  std::string metric;
  // The metric's name and what it measures, in words (metric_glossary.h).
  std::string words;
  std::string description;
  // Empty for the whole dataset.
  std::string cohort;
  // The analysis that measured it; empty when none did.
  std::string analyzer;
  glassbox::v1::Target target;
  std::optional<double> value;
  // FAIL when not measured.
  glassbox::v1::Verdict verdict = glassbox::v1::VERDICT_UNSPECIFIED;
};

struct TargetSummary {
  int total = 0;
  int met = 0;
  // PASS when every target was met, FAIL when one was not, unspecified when there are none.
  glassbox::v1::Verdict verdict = glassbox::v1::VERDICT_UNSPECIFIED;
};

// What a fairness metric block measures, from its typed meaning.
struct Disparity {
  std::string metric;
  glassbox::v1::FairnessEvaluationKind kind = glassbox::v1::FAIRNESS_EVALUATION_KIND_UNSPECIFIED;
  std::string feature;
};

// The configuration's targets: its metrics, then fairness metrics by feature,
// each found first among the insights of `run`'s analyses that declared the
// performance (metrics) or fairness (disparities) scorecard section.
std::vector<TargetCheck> EvaluateTargets(const glassbox::v1::ScorecardConfig& config, const glassbox::v1::Run& run,
                                         const std::vector<glassbox::v1::Insight>& insights);
// Targets analyzers attached to their metric blocks (from their parameters)
// that the configuration does not override, in insight order.
std::vector<TargetCheck> AnalystThresholds(const glassbox::v1::ScorecardConfig& config,
                                           const std::vector<glassbox::v1::Insight>& insights);
TargetSummary Summarize(const std::vector<TargetCheck>& checks);

// The target `metric` is checked against: the configuration's, which overrides
// the analyzer's own, or none. Cohort metrics share their metric's target.
std::optional<glassbox::v1::Target> EffectiveTarget(const glassbox::v1::ScorecardConfig& config,
                                                    const glassbox::v1::MetricBlock& metric);
// EffectiveTarget as a table shows it: ">= 0.85" for the configuration's,
// "<= 0.1 (analyst)" for one the analyzer attached, "—" for none.
std::string EffectiveTargetText(const glassbox::v1::ScorecardConfig& config, const glassbox::v1::MetricBlock& metric);
// The verdict for `metric` under EffectiveTarget.
glassbox::v1::Verdict EffectiveVerdict(const glassbox::v1::ScorecardConfig& config,
                                       const glassbox::v1::MetricBlock& metric);

// The disparity `metric` measures: its measure, aggregate (DIFFERENCE or
// RATIO) and feature. Nullopt for other metrics and when either is unnamed.
std::optional<Disparity> DisparityOf(const glassbox::v1::MetricBlock& metric);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_TARGETS_H_
