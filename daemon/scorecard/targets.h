// The targets a scorecard checks and whether the run met them. Targets come
// from the configuration's Metrics (matched to whole-dataset metric blocks by
// name, case-insensitively), from its Fairness section (matched to blocks
// named "<metric> difference (<feature>)" or "<metric> ratio (<feature>)"),
// and from metric blocks whose analyzer attached a target the configuration
// does not override. A target no analysis measured counts as not met.
#ifndef GLASSBOX_DAEMON_SCORECARD_TARGETS_H_
#define GLASSBOX_DAEMON_SCORECARD_TARGETS_H_

#include <optional>
#include <string>
#include <vector>

#include "glassbox/v1/insight.pb.h"
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

// In the order: configured metrics, fairness metrics by feature, then targets analyzers set.
std::vector<TargetCheck> EvaluateTargets(const glassbox::v1::ScorecardConfig& config,
                                         const std::vector<glassbox::v1::Insight>& insights);
TargetSummary Summarize(const std::vector<TargetCheck>& checks);

// The target `metric` is checked against: the configuration's, which overrides
// the analyzer's own, or none. Cohort metrics share their metric's target.
std::optional<glassbox::v1::Target> EffectiveTarget(const glassbox::v1::ScorecardConfig& config,
                                                    const glassbox::v1::MetricBlock& metric);
// The verdict for `metric` under EffectiveTarget.
glassbox::v1::Verdict EffectiveVerdict(const glassbox::v1::ScorecardConfig& config,
                                       const glassbox::v1::MetricBlock& metric);

// The disparity `metric` measures: its measure, aggregate (DIFFERENCE or
// RATIO) and feature. Nullopt for other metrics and when either is unnamed.
std::optional<Disparity> DisparityOf(const glassbox::v1::MetricBlock& metric);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_TARGETS_H_
