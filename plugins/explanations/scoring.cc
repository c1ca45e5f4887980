#include "scoring.h"

#include <algorithm>
#include <numeric>

#include "glassbox/sdk/metrics.h"

namespace glassbox::plugins::explanations {
namespace {

using sdk::ConfusionCounts;
using sdk::Outcomes;
using sdk::RegressionSums;
using Rows = std::span<const size_t>;

double Accuracy(const Outcomes& o, Rows rows) { return ConfusionCounts::Of(o, rows).Accuracy(); }
double Precision(const Outcomes& o, Rows rows) { return ConfusionCounts::Of(o, rows).Precision(o.positive_class); }
double Recall(const Outcomes& o, Rows rows) { return ConfusionCounts::Of(o, rows).Recall(o.positive_class); }
double F1(const Outcomes& o, Rows rows) { return ConfusionCounts::Of(o, rows).F1(o.positive_class); }
double PrecisionMacro(const Outcomes& o, Rows rows) {
  return ConfusionCounts::Of(o, rows).Precision(sdk::kMacroAverage);
}
double RecallMacro(const Outcomes& o, Rows rows) { return ConfusionCounts::Of(o, rows).Recall(sdk::kMacroAverage); }
double F1Macro(const Outcomes& o, Rows rows) { return ConfusionCounts::Of(o, rows).F1(sdk::kMacroAverage); }
double RocAuc(const Outcomes& o, Rows rows) { return sdk::RocAuc(o, rows); }
double NegLogLoss(const Outcomes& o, Rows rows) { return -sdk::LogLoss(o, rows); }
double R2(const Outcomes& o, Rows rows) { return RegressionSums::Of(o, rows).R2(); }
double NegMse(const Outcomes& o, Rows rows) { return -RegressionSums::Of(o, rows).MeanSquaredError(); }
double NegMae(const Outcomes& o, Rows rows) { return -RegressionSums::Of(o, rows).MeanAbsoluteError(); }
double NegRmse(const Outcomes& o, Rows rows) { return -RegressionSums::Of(o, rows).RootMeanSquaredError(); }

constexpr Scoring kScorings[] = {
    {"accuracy", ScoringTask::kClassification, Accuracy},
    {"precision", ScoringTask::kBinary, Precision},
    {"recall", ScoringTask::kBinary, Recall},
    {"f1", ScoringTask::kBinary, F1},
    {"precision_macro", ScoringTask::kClassification, PrecisionMacro},
    {"recall_macro", ScoringTask::kClassification, RecallMacro},
    {"f1_macro", ScoringTask::kClassification, F1Macro},
    {"roc_auc", ScoringTask::kBinary, RocAuc},
    {"roc_auc_ovr", ScoringTask::kClassification, RocAuc},
    {"neg_log_loss", ScoringTask::kClassification, NegLogLoss},
    {"r2", ScoringTask::kRegression, R2},
    {"neg_mean_squared_error", ScoringTask::kRegression, NegMse},
    {"neg_mean_absolute_error", ScoringTask::kRegression, NegMae},
    {"neg_root_mean_squared_error", ScoringTask::kRegression, NegRmse},
};

}  // namespace

std::span<const Scoring> AllScorings() { return kScorings; }

bool ScoringApplies(const Scoring& scoring, glassbox::v1::TaskType task) {
  switch (scoring.task) {
    case ScoringTask::kClassification:
      return task == glassbox::v1::BINARY_CLASSIFICATION || task == glassbox::v1::MULTICLASS_CLASSIFICATION;
    case ScoringTask::kBinary:
      return task == glassbox::v1::BINARY_CLASSIFICATION;
    case ScoringTask::kRegression:
      return task == glassbox::v1::REGRESSION;
  }
  return false;
}

const Scoring* ScoringNamed(std::string_view name, glassbox::v1::TaskType task) {
  if (name == kAutoScoring) name = task == glassbox::v1::REGRESSION ? "r2" : "accuracy";
  for (const Scoring& scoring : kScorings) {
    if (scoring.name == name) return &scoring;
  }
  return nullptr;
}

std::vector<std::string> ScoringNamesFor(glassbox::v1::TaskType task) {
  std::vector<std::string> names = {kAutoScoring};
  for (const Scoring& scoring : kScorings) {
    if (ScoringApplies(scoring, task)) names.emplace_back(scoring.name);
  }
  return names;
}

PredictionScorer::PredictionScorer(const Scoring& scoring, const sdk::Outcomes& outcomes, std::span<const size_t> rows,
                                   const ModelOutputs& outputs)
    : scoring_(scoring), all_rows_(rows.size()), outcome_class_of_column_(outputs.outcome_class_of_column) {
  truth_.task = outcomes.task;
  truth_.classes = outcomes.classes;
  truth_.positive_class = outcomes.positive_class;
  truth_.y_true.resize(static_cast<Eigen::Index>(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) truth_.y_true[static_cast<Eigen::Index>(i)] = outcomes.y_true[rows[i]];
  std::iota(all_rows_.begin(), all_rows_.end(), size_t{0});
}

double PredictionScorer::Score(const Eigen::MatrixXd& predictions) const {
  Outcomes scored = truth_;
  const Eigen::Index num_rows = predictions.rows();
  if (!scored.is_classification()) {
    scored.y_pred = predictions.col(0);
    return scoring_.score(scored, all_rows_);
  }
  scored.probabilities = Eigen::MatrixXd::Zero(num_rows, static_cast<Eigen::Index>(scored.classes.size()));
  for (size_t column = 0; column < outcome_class_of_column_.size(); ++column) {
    scored.probabilities.col(outcome_class_of_column_[column]) = predictions.col(static_cast<Eigen::Index>(column));
  }
  scored.y_pred.resize(num_rows);
  const int positive = scored.positive_class;
  for (Eigen::Index row = 0; row < num_rows; ++row) {
    Eigen::Index best = 0;
    if (scored.task == glassbox::v1::BINARY_CLASSIFICATION) {
      best = scored.probabilities(row, positive) >= 0.5 ? positive : 1 - positive;
    } else {
      scored.probabilities.row(row).maxCoeff(&best);
    }
    scored.y_pred[row] = static_cast<double>(best);
  }
  return scoring_.score(scored, all_rows_);
}

}  // namespace glassbox::plugins::explanations
