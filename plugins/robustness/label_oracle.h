// The attack's only access to the model: the class it predicts for rows, as
// CandidateScorer decides it, with a budget of scored rows. Rows past the
// budget are not scored and read as not adversarial.
#ifndef GLASSBOX_PLUGINS_ROBUSTNESS_LABEL_ORACLE_H_
#define GLASSBOX_PLUGINS_ROBUSTNESS_LABEL_ORACLE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "candidate_scorer.h"

namespace glassbox::plugins {

class LabelOracle {
 public:
  // `original_column`: the model's output column of the attacked row's class.
  LabelOracle(const CandidateScorer& scorer, size_t row_size, int original_column, int64_t budget)
      : scorer_(scorer), row_size_(row_size), original_column_(original_column), budget_(budget) {}

  // Whether the model gives each of `rows` (a multiple of the row size) another class.
  absl::StatusOr<std::vector<bool>> Adversarial(std::span<const double> rows);
  // The model's output column of the class of one row (counted against the budget, never refused).
  absl::StatusOr<int> Column(std::span<const double> row);

  int64_t queries() const { return queries_; }
  bool exhausted() const { return queries_ >= budget_; }

 private:
  const CandidateScorer& scorer_;
  size_t row_size_;
  int original_column_;
  int64_t budget_;
  int64_t queries_ = 0;
};

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ROBUSTNESS_LABEL_ORACLE_H_
