#include "daemon/scorecard/metric_glossary.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "daemon/scorecard/targets.h"
#include "daemon/scorecard/text_match.h"

namespace glassbox::scorecard {
namespace {

const std::map<std::string, std::string>& Glossary() {
  static const auto* glossary = new std::map<std::string, std::string>{
      {"accuracy_score", "Share of predictions that are correct"},
      {"balanced_accuracy_score", "Accuracy averaged over the classes, so rare classes count as much as common ones"},
      {"precision_score", "Of the cases predicted positive, the share that truly are"},
      {"recall_score", "Of the truly positive cases, the share the model finds"},
      {"true_positive_rate", "Of the truly positive cases, the share the model finds"},
      {"f1_score", "Balance of precision and recall (their harmonic mean)"},
      {"error_rate", "Share of predictions that are wrong"},
      {"selection_rate", "Share of cases predicted positive"},
      {"false_positive_rate", "Of the truly negative cases, the share wrongly predicted positive"},
      {"false_negative_rate", "Of the truly positive cases, the share the model misses"},
      {"true_negative_rate", "Of the truly negative cases, the share predicted negative"},
      {"roc_auc_score", "How well the scores rank positive cases above negative ones (0.5 is chance, 1 is perfect)"},
      {"log_loss", "Penalty for confident wrong probabilities (lower is better)"},
      {"brier_score_loss", "Mean squared error of the predicted probabilities (lower is better)"},
      {"mean_absolute_error", "Average size of the prediction errors"},
      {"mean_squared_error", "Average squared prediction error; large errors weigh more"},
      {"root_mean_squared_error", "Typical size of a prediction error, in the target's units"},
      {"median_absolute_error", "Median size of the prediction errors"},
      {"r2_score", "Share of the target's variation the model explains (1 is perfect)"},
      {"mean_prediction", "Average predicted value"},
      {"count", "Number of rows"},
  };
  return *glossary;
}

}  // namespace

std::string DescribeMetric(const glassbox::v1::MetricBlock& metric) {
  if (auto disparity = DisparityOf(metric)) {
    const std::string kind = disparity->kind == glassbox::v1::FAIRNESS_RATIO
                                 ? "Smallest ratio between any two groups of "
                                 : "Largest difference between any two groups of ";
    return absl::StrCat(kind, disparity->feature, " in ", MetricKey(disparity->metric));
  }
  auto it = Glossary().find(MetricKey(metric.name()));
  return it == Glossary().end() ? "" : it->second;
}

}  // namespace glassbox::scorecard
