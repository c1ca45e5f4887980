// The scorers permutation importance can use, by scikit-learn's `scoring`
// names, each greater-is-better as in scikit-learn (losses negated), and the
// scoring of a model's Predict output against the run's labels with the
// SDK's scikit-learn metric definitions.
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_SCORING_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_SCORING_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "glassbox/sdk/outcomes.h"
#include "glassbox/v1/task.pb.h"
#include "model_outputs.h"

namespace glassbox::plugins::explanations {

enum class ScoringTask { kClassification, kBinary, kRegression };

struct Scoring {
  std::string_view name;
  ScoringTask task;
  // Evaluates `outcomes` (y_pred and, for classification, probabilities set) over `rows`.
  double (*score)(const sdk::Outcomes& outcomes, std::span<const size_t> rows);
};

// "auto" stands for the estimator's default score: accuracy or r2.
inline constexpr char kAutoScoring[] = "auto";

std::span<const Scoring> AllScorings();
// nullptr for an unknown name; "auto" resolves by task.
const Scoring* ScoringNamed(std::string_view name, glassbox::v1::TaskType task);
bool ScoringApplies(const Scoring& scoring, glassbox::v1::TaskType task);
// The names that apply to `task`, "auto" first.
std::vector<std::string> ScoringNamesFor(glassbox::v1::TaskType task);

// Scores the model's Predict output for some rows against those rows' labels.
class PredictionScorer {
 public:
  // `rows`: the rows of `outcomes` that Predict's result rows stand for, in order.
  PredictionScorer(const Scoring& scoring, const sdk::Outcomes& outcomes, std::span<const size_t> rows,
                   const ModelOutputs& outputs);

  // `predictions`: Predict's result, one row per scored row. Classification
  // predicts the positive class at probability >= 0.5 (binary) and the most
  // probable class otherwise, as the host scores a run.
  double Score(const Eigen::MatrixXd& predictions) const;

 private:
  const Scoring& scoring_;
  sdk::Outcomes truth_;
  std::vector<size_t> all_rows_;
  std::vector<int> outcome_class_of_column_;
};

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_SCORING_H_
