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

double AccuracyOf(const ConfusionCounts& c, int) { return c.Accuracy(); }
double PrecisionOf(const ConfusionCounts& c, int positive) { return c.Precision(positive); }
double RecallOf(const ConfusionCounts& c, int positive) { return c.Recall(positive); }
double F1Of(const ConfusionCounts& c, int positive) { return c.F1(positive); }
double PrecisionMacroOf(const ConfusionCounts& c, int) { return c.Precision(sdk::kMacroAverage); }
double RecallMacroOf(const ConfusionCounts& c, int) { return c.Recall(sdk::kMacroAverage); }
double F1MacroOf(const ConfusionCounts& c, int) { return c.F1(sdk::kMacroAverage); }
double R2Of(const RegressionSums& s) { return s.R2(); }
double NegMseOf(const RegressionSums& s) { return -s.MeanSquaredError(); }
double NegMaeOf(const RegressionSums& s) { return -s.MeanAbsoluteError(); }
double NegRmseOf(const RegressionSums& s) { return -s.RootMeanSquaredError(); }

template <double (*kOf)(const ConfusionCounts&, int)>
double FromCounts(const Outcomes& o, Rows rows) {
  return kOf(ConfusionCounts::Of(o, rows), o.positive_class);
}
template <double (*kOf)(const RegressionSums&)>
double FromSums(const Outcomes& o, Rows rows) {
  return kOf(RegressionSums::Of(o, rows));
}

double RocAuc(const Outcomes& o, Rows rows) { return sdk::RocAuc(o, rows); }
double NegLogLoss(const Outcomes& o, Rows rows) { return -sdk::LogLoss(o, rows); }

constexpr Scoring kScorings[] = {
    {"accuracy", ScoringTask::kClassification, FromCounts<AccuracyOf>, AccuracyOf},
    {"precision", ScoringTask::kBinary, FromCounts<PrecisionOf>, PrecisionOf},
    {"recall", ScoringTask::kBinary, FromCounts<RecallOf>, RecallOf},
    {"f1", ScoringTask::kBinary, FromCounts<F1Of>, F1Of},
    {"precision_macro", ScoringTask::kClassification, FromCounts<PrecisionMacroOf>, PrecisionMacroOf},
    {"recall_macro", ScoringTask::kClassification, FromCounts<RecallMacroOf>, RecallMacroOf},
    {"f1_macro", ScoringTask::kClassification, FromCounts<F1MacroOf>, F1MacroOf},
    {"roc_auc", ScoringTask::kBinary, RocAuc},
    {"roc_auc_ovr", ScoringTask::kClassification, RocAuc},
    {"neg_log_loss", ScoringTask::kClassification, NegLogLoss},
    {"r2", ScoringTask::kRegression, FromSums<R2Of>, nullptr, R2Of},
    {"neg_mean_squared_error", ScoringTask::kRegression, FromSums<NegMseOf>, nullptr, NegMseOf},
    {"neg_mean_absolute_error", ScoringTask::kRegression, FromSums<NegMaeOf>, nullptr, NegMaeOf},
    {"neg_root_mean_squared_error", ScoringTask::kRegression, FromSums<NegRmseOf>, nullptr, NegRmseOf},
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
  column_of_class_.assign(truth_.classes.size(), -1);
  for (size_t column = 0; column < outcome_class_of_column_.size(); ++column) {
    column_of_class_[static_cast<size_t>(outcome_class_of_column_[column])] = static_cast<Eigen::Index>(column);
  }
}

Eigen::Index PredictionScorer::PredictedClass(const Eigen::MatrixXd& predictions, Eigen::Index row) const {
  const auto probability = [&](size_t c) {
    return column_of_class_[c] < 0 ? 0.0 : predictions(row, column_of_class_[c]);
  };
  if (truth_.task == glassbox::v1::BINARY_CLASSIFICATION) {
    const int positive = truth_.positive_class;
    return probability(static_cast<size_t>(positive)) >= 0.5 ? positive : 1 - positive;
  }
  Eigen::Index best = 0;
  for (size_t c = 1; c < column_of_class_.size(); ++c) {
    if (probability(c) > probability(static_cast<size_t>(best))) best = static_cast<Eigen::Index>(c);
  }
  return best;
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

bool PredictionScorer::Streams() const { return scoring_.of_counts != nullptr || scoring_.of_sums != nullptr; }

PredictionScorer::Stream::Stream(const PredictionScorer& scorer)
    : scorer_(scorer), counts_(static_cast<int>(scorer.truth_.classes.size())) {}

void PredictionScorer::Stream::Add(const Eigen::MatrixXd& predictions, Eigen::Index first, Eigen::Index count,
                                   size_t first_row) {
  const Eigen::VectorXd& y_true = scorer_.truth_.y_true;
  for (Eigen::Index i = 0; i < count; ++i) {
    const Eigen::Index row = static_cast<Eigen::Index>(first_row) + i;
    if (scorer_.scoring_.of_sums != nullptr) {
      sums_.Add(y_true[row], predictions(first + i, 0));
    } else {
      counts_.Add(static_cast<int>(y_true[row]), static_cast<int>(scorer_.PredictedClass(predictions, first + i)));
    }
  }
}

double PredictionScorer::Stream::Score() const {
  return scorer_.scoring_.of_sums != nullptr ? scorer_.scoring_.of_sums(sums_)
                                             : scorer_.scoring_.of_counts(counts_, scorer_.truth_.positive_class);
}

}  // namespace glassbox::plugins::explanations
