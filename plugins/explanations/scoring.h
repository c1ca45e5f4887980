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

#include "glassbox/sdk/metrics.h"
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
  // The same from the rows' confusion counts (given the positive class) or regression sums, for the scorings
  // that are sums over rows; otherwise null.
  double (*of_counts)(const sdk::ConfusionCounts& counts, int positive_class) = nullptr;
  double (*of_sums)(const sdk::RegressionSums& sums) = nullptr;
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

  // Whether the scoring is a sum over rows, which Stream can score slice by slice.
  bool Streams() const;

  // Score of Predict's result given slice by slice in row order, equal to Score of it whole; for a scorer that
  // Streams(). Holds the sums (confusion counts or regression sums), not the predictions.
  class Stream {
   public:
    explicit Stream(const PredictionScorer& scorer);
    // Rows [first, first + count) of `predictions` are the predictions of the scorer's rows from `first_row`.
    void Add(const Eigen::MatrixXd& predictions, Eigen::Index first, Eigen::Index count, size_t first_row);
    double Score() const;

   private:
    const PredictionScorer& scorer_;
    sdk::ConfusionCounts counts_;
    sdk::RegressionSums sums_;
  };

 private:
  // The class Score predicts for row `row` of `predictions`.
  Eigen::Index PredictedClass(const Eigen::MatrixXd& predictions, Eigen::Index row) const;

  const Scoring& scoring_;
  sdk::Outcomes truth_;
  std::vector<size_t> all_rows_;
  std::vector<int> outcome_class_of_column_;
  std::vector<Eigen::Index> column_of_class_;  // Per class: its column of Predict's result (last), or -1.
};

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_SCORING_H_
