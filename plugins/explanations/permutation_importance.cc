#include "permutation_importance.h"

#include <cmath>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "batch_predict.h"
#include "column_gather.h"
#include "random.h"

namespace glassbox::plugins::explanations {
namespace {

// The inputs the shuffles of one column create: row targets[k] with the
// value of row sources[k]. A row whose shuffled value equals its own is no new
// input, and one that receives the same value in several shuffles is one input.
struct ShuffledInputs {
  std::vector<size_t> targets;
  std::vector<size_t> sources;
  // Per shuffle and row: the index of its input, or -1 where it is the row as it is.
  std::vector<std::vector<int64_t>> input_of;
};

ShuffledInputs InputsOf(const sdk::Column& column, const std::vector<std::vector<size_t>>& permutations) {
  const size_t num_rows = column.size();
  ShuffledInputs inputs;
  inputs.input_of.assign(permutations.size(), std::vector<int64_t>(num_rows, -1));
  for (size_t row = 0; row < num_rows; ++row) {
    for (size_t r = 0; r < permutations.size(); ++r) {
      const size_t source = permutations[r][row];
      if (SameValue(column, source, row)) continue;
      int64_t& input = inputs.input_of[r][row];
      for (size_t earlier = 0; earlier < r && input < 0; ++earlier) {
        const int64_t other = inputs.input_of[earlier][row];
        if (other >= 0 && SameValue(column, inputs.sources[static_cast<size_t>(other)], source)) input = other;
      }
      if (input >= 0) continue;
      input = static_cast<int64_t>(inputs.targets.size());
      inputs.targets.push_back(row);
      inputs.sources.push_back(source);
    }
  }
  return inputs;
}

// Predictions of the new inputs the shuffles of `column` create.
absl::StatusOr<Eigen::MatrixXd> PredictInputs(const sdk::Model& model, const sdk::Table& rows,
                                              const sdk::Column& column, const ShuffledInputs& inputs,
                                              const Progress& progress) {
  const std::span<const size_t> targets = inputs.targets;
  const std::span<const size_t> sources = inputs.sources;
  return PredictSlices(
      model, targets.size(),
      [&](size_t begin, size_t end) {
        sdk::Table slice = rows.SelectRows(targets.subspan(begin, end - begin));
        // Same name and length: replacing cannot fail.
        (void)slice.ReplaceColumn(GatherColumn(column, sources.subspan(begin, end - begin)));
        return slice;
      },
      progress);
}

}  // namespace

double PermutationImportance::Mean(size_t i) const {
  const std::vector<double>& d = drops[i];
  return std::accumulate(d.begin(), d.end(), 0.0) / static_cast<double>(d.size());
}

double PermutationImportance::Std(size_t i) const {
  const std::vector<double>& d = drops[i];
  const double mean = Mean(i);
  double squares = 0.0;
  for (double drop : d) squares += (drop - mean) * (drop - mean);
  return std::sqrt(squares / static_cast<double>(d.size()));
}

absl::StatusOr<PermutationImportance> ComputePermutationImportance(const sdk::Model& model, const sdk::Table& rows,
                                                                   const PredictionScorer& scorer,
                                                                   std::span<const size_t> columns, int n_repeats,
                                                                   uint64_t seed, const Progress& progress) {
  const size_t num_rows = rows.num_rows();
  const double stages = static_cast<double>(columns.size() + 1);
  std::vector<size_t> all_rows(num_rows);
  std::iota(all_rows.begin(), all_rows.end(), size_t{0});
  absl::StatusOr<Eigen::MatrixXd> baseline = PredictSlices(
      model, num_rows,
      [&](size_t begin, size_t end) {
        return end - begin == num_rows ? rows : rows.SelectRows(std::span(all_rows).subspan(begin, end - begin));
      },
      progress.Part(0.0, 1.0 / stages, "scoring the rows as they are"));
  if (!baseline.ok()) return baseline.status();

  PermutationImportance result;
  result.baseline_score = scorer.Score(*baseline);

  std::vector<std::vector<size_t>> permutations;
  Rng rng(seed);
  for (int r = 0; r < n_repeats; ++r) {
    rng.Shuffle(std::span(all_rows));
    permutations.push_back(all_rows);
  }

  for (size_t c = 0; c < columns.size(); ++c) {
    const sdk::Column& column = rows.column(columns[c]);
    const ShuffledInputs inputs = InputsOf(column, permutations);
    absl::StatusOr<Eigen::MatrixXd> predicted =
        PredictInputs(model, rows, column, inputs,
                      progress.Part((1.0 + static_cast<double>(c)) / stages, (2.0 + static_cast<double>(c)) / stages,
                                    absl::StrCat("permuting ", column.name())));
    if (!predicted.ok()) return predicted.status();
    std::vector<double>& drops = result.drops.emplace_back();
    for (const std::vector<int64_t>& input_of : inputs.input_of) {
      Eigen::MatrixXd permuted = *baseline;
      for (size_t row = 0; row < num_rows; ++row) {
        if (input_of[row] >= 0) permuted.row(static_cast<Eigen::Index>(row)) = predicted->row(input_of[row]);
      }
      drops.push_back(result.baseline_score - scorer.Score(permuted));
    }
  }
  return result;
}

}  // namespace glassbox::plugins::explanations
