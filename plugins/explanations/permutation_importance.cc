#include "permutation_importance.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/status/status.h"
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

// Predict of the rows after each shuffle of `column`, one matrix per shuffle: the inputs the shuffles create,
// predicted by Predict, and the rows as they are where a shuffle leaves them.
absl::StatusOr<std::vector<Eigen::MatrixXd>> PredictShufflesOfNewInputs(
    const sdk::Model& model, const sdk::Table& rows, const sdk::Column& column, const Eigen::MatrixXd& baseline,
    const std::vector<std::vector<size_t>>& permutations, const Progress& progress) {
  const ShuffledInputs inputs = InputsOf(column, permutations);
  absl::StatusOr<Eigen::MatrixXd> predicted = PredictInputs(model, rows, column, inputs, progress);
  if (!predicted.ok()) return predicted.status();
  std::vector<Eigen::MatrixXd> shuffled;
  for (const std::vector<int64_t>& input_of : inputs.input_of) {
    Eigen::MatrixXd& permuted = shuffled.emplace_back(baseline);
    for (size_t row = 0; row < input_of.size(); ++row) {
      if (input_of[row] >= 0) permuted.row(static_cast<Eigen::Index>(row)) = predicted->row(input_of[row]);
    }
  }
  return shuffled;
}

// Model::PredictReplacing's rows per call, over the shuffles of all the columns it is given: 8 MiB of binary
// predictions, and slices long enough for the model to spread over cores.
constexpr size_t kReplacedRowsPerCall = size_t{1} << 19;
// The most predictions (rows × outputs doubles) of shuffled rows held at a time, by scorings that are not sums
// over rows: 128 MiB.
constexpr size_t kHeldPredictions = size_t{1} << 24;

// Calls consume(v, scores, begin, count) for each slice of rows [begin, begin + count) and variant v (column
// v / repeats of `columns` after shuffle v % repeats), `scores` holding the variant's predictions of the slice
// from row v * count, through Model::PredictReplacing: every shuffle of every column in one call per slice.
// UNIMPLEMENTED when the model does not serve it.
template <typename Consume>
absl::Status ForEachReplacedSlice(const sdk::Model& model, const sdk::Table& rows, std::span<const size_t> columns,
                                  const std::vector<std::vector<size_t>>& permutations, const Progress& progress,
                                  Consume consume) {
  const size_t num_rows = rows.num_rows(), repeats = permutations.size(), variants = columns.size() * repeats;
  const size_t slice_rows = std::max<size_t>(1, kReplacedRowsPerCall / std::max<size_t>(1, variants));
  std::vector<size_t> slice_indices;
  for (size_t begin = 0; variants > 0 && begin < num_rows; begin += slice_rows) {
    const size_t end = std::min(num_rows, begin + slice_rows), count = end - begin;
    slice_indices.resize(count);
    std::iota(slice_indices.begin(), slice_indices.end(), begin);
    std::vector<std::shared_ptr<const sdk::Column>> replacements;
    for (size_t column : columns) {
      for (const std::vector<size_t>& permutation : permutations) {
        replacements.push_back(GatherColumn(rows.column(column), std::span(permutation).subspan(begin, count)));
      }
    }
    absl::StatusOr<Eigen::MatrixXd> scores =
        model.PredictReplacing(count == num_rows ? rows : rows.SelectRows(slice_indices), replacements);
    if (!scores.ok()) {
      if (absl::IsUnimplemented(scores.status())) return scores.status();
      return absl::Status(scores.status().code(), absl::StrCat("model: ", scores.status().message()));
    }
    if (scores->rows() != static_cast<Eigen::Index>(variants * count)) {
      return absl::InternalError(
          absl::StrCat("model: returned ", scores->rows(), " scores for ", variants, " x ", count, " rows"));
    }
    for (size_t v = 0; v < variants; ++v) consume(v, *scores, begin, count);
    if (absl::Status status = progress.Update(static_cast<double>(end) / static_cast<double>(num_rows));
        !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

// Predict of the rows after each shuffle of each of `columns`, per column and shuffle, by ForEachReplacedSlice.
absl::StatusOr<std::vector<std::vector<Eigen::MatrixXd>>> PredictShufflesReplacing(
    const sdk::Model& model, const sdk::Table& rows, std::span<const size_t> columns,
    const std::vector<std::vector<size_t>>& permutations, const Progress& progress) {
  const size_t repeats = permutations.size();
  std::vector<std::vector<Eigen::MatrixXd>> shuffled(columns.size(), std::vector<Eigen::MatrixXd>(repeats));
  absl::Status status = ForEachReplacedSlice(
      model, rows, columns, permutations, progress,
      [&](size_t v, const Eigen::MatrixXd& scores, size_t begin, size_t count) {
        Eigen::MatrixXd& permuted = shuffled[v / repeats][v % repeats];
        if (begin == 0) permuted.resize(static_cast<Eigen::Index>(rows.num_rows()), scores.cols());
        permuted.middleRows(static_cast<Eigen::Index>(begin), static_cast<Eigen::Index>(count)) =
            scores.middleRows(static_cast<Eigen::Index>(v * count), static_cast<Eigen::Index>(count));
      });
  if (!status.ok()) return status;
  return shuffled;
}

// The scores after each shuffle of each of `columns`, per column and shuffle, for a scorer that Streams(): the
// predictions of each slice scored as they come, none held.
absl::StatusOr<std::vector<std::vector<double>>> ScoreShufflesStreamed(
    const sdk::Model& model, const sdk::Table& rows, const PredictionScorer& scorer, std::span<const size_t> columns,
    const std::vector<std::vector<size_t>>& permutations, const Progress& progress) {
  const size_t repeats = permutations.size();
  std::vector<PredictionScorer::Stream> streams(columns.size() * repeats, PredictionScorer::Stream(scorer));
  absl::Status status = ForEachReplacedSlice(
      model, rows, columns, permutations, progress,
      [&](size_t v, const Eigen::MatrixXd& scores, size_t begin, size_t count) {
        streams[v].Add(scores, static_cast<Eigen::Index>(v * count), static_cast<Eigen::Index>(count), begin);
      });
  if (!status.ok()) return status;
  std::vector<std::vector<double>> scored(columns.size());
  for (size_t v = 0; v < streams.size(); ++v) scored[v / repeats].push_back(streams[v].Score());
  return scored;
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

  if (scorer.Streams()) {
    absl::StatusOr<std::vector<std::vector<double>>> scored = ScoreShufflesStreamed(
        model, rows, scorer, columns, permutations,
        progress.Part(1.0 / stages, 1.0, absl::StrCat("permuting ", columns.size(), " columns")));
    if (scored.ok()) {
      for (const std::vector<double>& column : *scored) {
        std::vector<double>& drops = result.drops.emplace_back();
        for (double score : column) drops.push_back(result.baseline_score - score);
      }
      return result;
    }
    if (!absl::IsUnimplemented(scored.status())) return scored.status();
  }

  // Columns scored together through PredictReplacing: as many as kHeldPredictions allows, at least one.
  const size_t per_group = std::max<size_t>(
      1, kHeldPredictions / std::max<size_t>(1, num_rows * static_cast<size_t>(n_repeats) *
                                                    static_cast<size_t>(baseline->cols())));
  bool replacing = !scorer.Streams();  // With a scorer that Streams(), the model was found without it above.
  for (size_t first = 0; first < columns.size(); first += per_group) {
    const std::span<const size_t> group = columns.subspan(first, std::min(per_group, columns.size() - first));
    const Progress part = progress.Part((1.0 + static_cast<double>(first)) / stages,
                                        (1.0 + static_cast<double>(first + group.size())) / stages,
                                        absl::StrCat("permuting ", rows.column(group[0]).name()));
    absl::StatusOr<std::vector<std::vector<Eigen::MatrixXd>>> shuffled = absl::UnimplementedError("");
    if (replacing) shuffled = PredictShufflesReplacing(model, rows, group, permutations, part);
    if (absl::IsUnimplemented(shuffled.status())) {
      replacing = false;
      shuffled.emplace();
      for (size_t c = 0; c < group.size(); ++c) {
        const sdk::Column& column = rows.column(group[c]);
        const double at = static_cast<double>(first + c);
        absl::StatusOr<std::vector<Eigen::MatrixXd>> one = PredictShufflesOfNewInputs(
            model, rows, column, *baseline, permutations,
            progress.Part((1.0 + at) / stages, (2.0 + at) / stages, absl::StrCat("permuting ", column.name())));
        if (!one.ok()) return one.status();
        shuffled->push_back(*std::move(one));
      }
    }
    if (!shuffled.ok()) return shuffled.status();
    for (const std::vector<Eigen::MatrixXd>& column : *shuffled) {
      std::vector<double>& drops = result.drops.emplace_back();
      for (const Eigen::MatrixXd& permuted : column) drops.push_back(result.baseline_score - scorer.Score(permuted));
    }
  }
  return result;
}

}  // namespace glassbox::plugins::explanations
