#include "daemon/scorecard/declared_reports.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "glassbox/sdk/params.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::DeclaredMetric;
using Knowledge = AnalysisReport::Knowledge;

bool Applies(const DeclaredMetric& metric, const PlannedRun& plan) {
  const auto& tasks = metric.tasks();
  const bool task_fits = tasks.empty() || std::find(tasks.begin(), tasks.end(), plan.task) != tasks.end();
  return task_fits && (!metric.needs_probabilities() || plan.has_probabilities);
}

void AddApplying(const google::protobuf::RepeatedPtrField<DeclaredMetric>& metrics, const PlannedRun& plan,
                 std::vector<std::string>& names) {
  for (const auto& metric : metrics) {
    if (Applies(metric, plan)) names.push_back(metric.name());
  }
}

// Whether a COHORT parameter restricts the analysis to one cohort.
bool OnOneCohort(const glassbox::v1::Analyzer& descriptor, const sdk::Params& params) {
  return std::any_of(descriptor.parameters().begin(), descriptor.parameters().end(), [&](const auto& parameter) {
    return parameter.type() == glassbox::v1::COHORT && !params.GetString(parameter.name()).empty();
  });
}

void DeclareComparison(const glassbox::v1::DeclaredGroupComparison& comparison, const sdk::Params& params,
                       const PlannedRun& plan, AnalysisReport& report) {
  report.compares_groups = true;
  const auto& uncompared = comparison.uncompared_measures();
  if (!comparison.measures_parameter().empty()) {
    for (const auto& name : params.GetStringList(comparison.measures_parameter())) {
      if (std::find(uncompared.begin(), uncompared.end(), name) == uncompared.end()) {
        report.fairness_measures.push_back(name);
      }
    }
  }
  if (report.fairness_measures.empty()) AddApplying(comparison.default_measures(), plan, report.fairness_measures);
  report.fairness_features = params.GetStringList(comparison.features_parameter());
  if (comparison.intersection() && report.fairness_features.size() > 1) {
    report.fairness_features.push_back(absl::StrJoin(report.fairness_features, ", "));
  }
  std::vector<std::string> per_feature;
  AddApplying(comparison.feature_metrics(), plan, per_feature);
  for (const auto& feature : report.fairness_features) {
    for (const auto& measure : report.fairness_measures) {
      report.metrics.push_back(absl::StrCat(measure, " difference (", feature, ")"));
      report.metrics.push_back(absl::StrCat(measure, " ratio (", feature, ")"));
    }
    for (const auto& name : per_feature) report.metrics.push_back(absl::StrCat(name, " (", feature, ")"));
  }
}

AnalysisReport Declared(const PlannedAnalysis& analysis, const PlannedRun& plan) {
  AnalysisReport report;
  report.analyzer = analysis.descriptor.name();
  report.section = analysis.descriptor.reports().section();
  if (!analysis.descriptor.has_reports()) return report;
  report.knowledge = Knowledge::kKnown;
  const auto& declared = analysis.descriptor.reports();
  const sdk::Params params(analysis.params);
  AddApplying(declared.metrics(), plan, report.metrics);
  if (declared.has_group_comparison()) DeclareComparison(declared.group_comparison(), params, plan, report);
  if (const auto& top_n = declared.importance_count_parameter(); !top_n.empty()) {
    report.ranks_importance = true;
    report.importance_features =
        static_cast<int>(std::min<int64_t>(params.GetInt(top_n), static_cast<int64_t>(plan.feature_columns.size())));
  }
  if (const auto& features = declared.explored_features_parameter(); !features.empty()) {
    report.explores_features = true;
    report.explored_features = params.GetStringList(features);
    if (report.explored_features.empty()) report.explored_features = plan.feature_columns;
  }
  if (const auto& treatments = declared.treatments_parameter(); !treatments.empty()) {
    report.estimates_treatments = true;
    report.treatments = params.GetStringList(treatments);
  }
  if (OnOneCohort(analysis.descriptor, params)) report.metrics.clear();
  return report;
}

}  // namespace

RunReport ReportOfPlan(const PlannedRun& plan) {
  RunReport report;
  report.cohorts = plan.cohorts;
  for (const auto& analysis : plan.analyses) report.analyses.push_back(Declared(analysis, plan));
  return report;
}

}  // namespace glassbox::scorecard
