#include "daemon/scorecard/declared_reports.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/scorecard/builtin_analyzers.h"
#include "glassbox/sdk/metrics.h"
#include "glassbox/sdk/params.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::TaskType;
using Knowledge = AnalysisReport::Knowledge;
using sdk::Metric;

std::string NameOf(Metric metric) { return std::string(sdk::InfoOf(metric).name); }

std::vector<std::string> Names(std::initializer_list<Metric> metrics) {
  std::vector<std::string> names;
  for (Metric metric : metrics) names.push_back(NameOf(metric));
  return names;
}

bool IsClassification(TaskType task) {
  return task == glassbox::v1::BINARY_CLASSIFICATION || task == glassbox::v1::MULTICLASS_CLASSIFICATION;
}

// As plugins/model_overview reports them on all rows.
std::vector<std::string> PerformanceMetrics(const PlannedRun& plan) {
  if (plan.task == glassbox::v1::REGRESSION) {
    return Names({Metric::kMeanAbsoluteError, Metric::kMeanSquaredError, Metric::kRootMeanSquaredError, Metric::kR2,
                  Metric::kMeanPrediction});
  }
  auto names = Names({Metric::kAccuracy, Metric::kPrecision, Metric::kRecall, Metric::kF1});
  if (plan.has_probabilities) names.insert(names.end(), {"roc_auc_score", "log_loss"});
  if (plan.task == glassbox::v1::BINARY_CLASSIFICATION) {
    for (const auto& name : Names({Metric::kSelectionRate, Metric::kFalsePositiveRate, Metric::kFalseNegativeRate})) {
      names.push_back(name);
    }
  }
  return names;
}

// plugins/fairness' defaults for an empty `metrics` parameter, without count.
std::vector<std::string> DefaultFairnessMeasures(TaskType task) {
  switch (task) {
    case glassbox::v1::BINARY_CLASSIFICATION:
      return Names({Metric::kSelectionRate, Metric::kAccuracy, Metric::kPrecision, Metric::kRecall, Metric::kF1,
                    Metric::kFalsePositiveRate, Metric::kFalseNegativeRate});
    case glassbox::v1::REGRESSION:
      return Names({Metric::kMeanAbsoluteError, Metric::kMeanSquaredError, Metric::kRootMeanSquaredError,
                    Metric::kR2, Metric::kMeanPrediction});
    default:
      return Names({Metric::kAccuracy, Metric::kPrecision, Metric::kRecall, Metric::kF1});
  }
}

void DeclareFairness(const sdk::Params& params, TaskType task, AnalysisReport& report) {
  std::vector<std::string> measures;
  for (const auto& name : params.GetStringList("metrics")) {
    if (name != NameOf(Metric::kCount)) measures.push_back(name);
  }
  report.fairness_measures = measures.empty() ? DefaultFairnessMeasures(task) : measures;
  report.fairness_features = params.GetStringList("sensitive_features");
  // plugins/fairness names the intersection of several features "sex, race".
  if (report.fairness_features.size() > 1) {
    report.fairness_features.push_back(absl::StrJoin(report.fairness_features, ", "));
  }
  for (const auto& feature : report.fairness_features) {
    for (const auto& measure : report.fairness_measures) {
      report.metrics.push_back(absl::StrCat(measure, " difference (", feature, ")"));
      report.metrics.push_back(absl::StrCat(measure, " ratio (", feature, ")"));
    }
    if (task != glassbox::v1::BINARY_CLASSIFICATION) continue;
    for (const char* parity : {"demographic_parity_difference", "demographic_parity_ratio",
                               "equalized_odds_difference", "equalized_odds_ratio"}) {
      report.metrics.push_back(absl::StrCat(parity, " (", feature, ")"));
    }
  }
}

AnalysisReport Declared(const PlannedAnalysis& analysis, const PlannedRun& plan) {
  AnalysisReport report;
  report.analyzer = analysis.analyzer;
  report.knowledge = Knowledge::kKnown;
  const sdk::Params params(analysis.params);
  // Metrics of one cohort are not whole-data metrics.
  const bool all_rows = params.GetString("cohort").empty();
  const std::string& name = analysis.analyzer;
  if (name == kModelOverview) {
    report.metrics = PerformanceMetrics(plan);
  } else if (name == kFairness) {
    DeclareFairness(params, plan.task, report);
  } else if (name == kExplanations) {
    report.importance_features =
        static_cast<int>(std::min<int64_t>(params.GetInt("top_n"), static_cast<int64_t>(plan.feature_columns.size())));
  } else if (name == kDataExplorer) {
    report.explored_features = params.GetStringList("features");
    if (report.explored_features.empty()) report.explored_features = plan.feature_columns;
    report.metrics = {"rows"};
  } else if (name == kCausal) {
    report.treatments = params.GetStringList("treatments");
  } else if (name == kErrorAnalysis) {
    report.metrics = {IsClassification(plan.task) ? "error rate" : "mean absolute error"};
  } else if (name == kDataBalance) {
    report.metrics = {"atkinson_index", "theil_l_index", "theil_t_index"};
  } else if (name == kCounterfactuals) {
    report.metrics = {"validity", "proximity", "sparsity", "diversity"};
  } else {
    report.knowledge = Knowledge::kUnknown;
  }
  if (!all_rows) report.metrics.clear();
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
