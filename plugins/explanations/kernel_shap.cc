#include "kernel_shap.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include <Eigen/Dense>

#include "absl/strings/str_cat.h"
#include "batch_predict.h"
#include "column_gather.h"

namespace glassbox::plugins::explanations {
namespace {

// Coalitions are evaluated in blocks of at most this many (coalition,
// background row) pairs, which bounds the memory of one block.
constexpr size_t kMaxInputsPerBlock = size_t{1} << 20;

// SplitMix64's finalizer: decorrelates the per-row seeds of one run.
uint64_t Mix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Each row's coalitions come from its own stream, so a row's explanation does
// not depend on which other rows are explained.
uint64_t RowSeed(uint64_t seed, size_t row) { return Mix(seed + 0x9e3779b97f4a7c15ULL * (row + 1)); }

absl::StatusOr<Eigen::MatrixXd> PredictRows(const sdk::Model& model, const sdk::Table& table,
                                            std::span<const size_t> rows, const Progress& progress) {
  return PredictSlices(
      model, rows.size(), [&](size_t begin, size_t end) { return table.SelectRows(rows.subspan(begin, end - begin)); },
      progress);
}

}  // namespace

Eigen::MatrixXd SolveKernelShap(const Coalitions& coalitions, const Eigen::MatrixXd& values,
                                const Eigen::VectorXd& totals) {
  const Eigen::MatrixXd& masks = coalitions.masks;
  const Eigen::Index last = masks.cols() - 1;
  const Eigen::MatrixXd differences = masks.leftCols(last).colwise() - masks.col(last);
  const Eigen::MatrixXd residual_values = values - masks.col(last) * totals.transpose();
  const Eigen::MatrixXd weighted = coalitions.weights.asDiagonal() * differences;
  const Eigen::MatrixXd normal = differences.transpose() * weighted;
  const Eigen::MatrixXd rest = normal.completeOrthogonalDecomposition().solve(weighted.transpose() * residual_values);
  Eigen::MatrixXd phi(masks.cols(), values.cols());
  phi.topRows(last) = rest;
  phi.row(last) = totals.transpose() - rest.colwise().sum();
  return phi;
}

absl::StatusOr<KernelShap> KernelShap::Create(const sdk::Model& model, const sdk::Table& table,
                                              std::vector<size_t> background, std::vector<Eigen::Index> outputs) {
  if (background.empty()) return absl::InvalidArgumentError("KernelSHAP needs at least one background row");
  absl::StatusOr<Eigen::MatrixXd> scores = PredictRows(model, table, background, Progress::Silent());
  if (!scores.ok()) return scores.status();
  Eigen::VectorXd expected(static_cast<Eigen::Index>(outputs.size()));
  for (size_t k = 0; k < outputs.size(); ++k) expected[static_cast<Eigen::Index>(k)] = scores->col(outputs[k]).mean();
  return KernelShap(model, table, std::move(background), std::move(outputs), std::move(expected));
}

std::vector<size_t> KernelShap::VaryingColumns(size_t row) const {
  std::vector<size_t> varying;
  for (size_t c = 0; c < table_->num_columns(); ++c) {
    const sdk::Column& column = table_->column(c);
    for (size_t b : background_) {
      if (!SameValue(column, b, row)) {
        varying.push_back(c);
        break;
      }
    }
  }
  return varying;
}

absl::StatusOr<Eigen::MatrixXd> KernelShap::CoalitionValues(size_t row, const std::vector<size_t>& players,
                                                            const Eigen::MatrixXd& masks,
                                                            const Progress& progress) const {
  const size_t num_background = background_.size();
  const size_t num_coalitions = static_cast<size_t>(masks.rows());
  const size_t block = std::max<size_t>(1, kMaxInputsPerBlock / num_background);
  Eigen::MatrixXd values =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(num_coalitions), static_cast<Eigen::Index>(outputs_.size()));
  for (size_t first = 0; first < num_coalitions; first += block) {
    const size_t last = std::min(num_coalitions, first + block);
    const CoalitionInputs inputs = InputsOf(row, players, masks, first, last);
    absl::StatusOr<Eigen::MatrixXd> scores = PredictInputs(
        row, players, inputs,
        progress.Part(static_cast<double>(first) / num_coalitions, static_cast<double>(last) / num_coalitions));
    if (!scores.ok()) return scores.status();
    for (size_t c = first; c < last; ++c) {
      for (size_t b = 0; b < num_background; ++b) {
        const Eigen::Index input = inputs.input_of[(c - first) * num_background + b];
        for (size_t k = 0; k < outputs_.size(); ++k) {
          values(static_cast<Eigen::Index>(c), static_cast<Eigen::Index>(k)) += (*scores)(input, outputs_[k]);
        }
      }
    }
  }
  return values / static_cast<double>(num_background);
}

KernelShap::CoalitionInputs KernelShap::InputsOf(size_t row, const std::vector<size_t>& players,
                                                 const Eigen::MatrixXd& masks, size_t first, size_t last) const {
  const size_t num_background = background_.size();
  const size_t num_players = players.size();
  CoalitionInputs inputs;
  inputs.input_of.resize((last - first) * num_background);
  std::string key(num_players, '\0');
  std::unordered_map<std::string, uint32_t> inputs_of_background;
  for (size_t b = 0; b < num_background; ++b) {
    std::string agrees(num_players, '\0');
    for (size_t p = 0; p < num_players; ++p) agrees[p] = SameValue(table_->column(players[p]), background_[b], row);
    inputs_of_background.clear();
    for (size_t c = first; c < last; ++c) {
      for (size_t p = 0; p < num_players; ++p) {
        key[p] =
            static_cast<char>(agrees[p] || masks(static_cast<Eigen::Index>(c), static_cast<Eigen::Index>(p)) != 0.0);
      }
      const auto [it, added] = inputs_of_background.try_emplace(key, static_cast<uint32_t>(inputs.takes_row.size()));
      if (added) {
        inputs.takes_row.push_back(key);
        inputs.background_row.push_back(background_[b]);
      }
      inputs.input_of[(c - first) * num_background + b] = it->second;
    }
  }
  return inputs;
}

absl::StatusOr<Eigen::MatrixXd> KernelShap::PredictInputs(size_t row, const std::vector<size_t>& players,
                                                          const CoalitionInputs& inputs,
                                                          const Progress& progress) const {
  std::vector<int> player_of_column(table_->num_columns(), -1);
  for (size_t p = 0; p < players.size(); ++p) player_of_column[players[p]] = static_cast<int>(p);
  return PredictSlices(
      *model_, inputs.takes_row.size(),
      [&](size_t begin, size_t end) {
        sdk::Table synthetic;
        std::vector<size_t> sources(end - begin);
        for (size_t c = 0; c < table_->num_columns(); ++c) {
          const int player = player_of_column[c];
          for (size_t i = begin; i < end; ++i) {
            sources[i - begin] = player >= 0 && inputs.takes_row[i][player] ? row : inputs.background_row[i];
          }
          // Distinct names of equal length: adding cannot fail.
          (void)synthetic.AddColumn(GatherColumn(table_->column(c), sources));
        }
        return synthetic;
      },
      progress);
}

absl::StatusOr<Eigen::MatrixXd> KernelShap::Explain(std::span<const size_t> rows, long long nsamples, uint64_t seed,
                                                    const Progress& progress) const {
  absl::StatusOr<Eigen::MatrixXd> own = PredictRows(*model_, *table_, rows, Progress::Silent());
  if (!own.ok()) return own.status();
  const Eigen::Index width = static_cast<Eigen::Index>(table_->num_columns() + 1);
  Eigen::MatrixXd contributions(static_cast<Eigen::Index>(rows.size()), width * expected_value_.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    Eigen::VectorXd totals(expected_value_.size());
    for (size_t k = 0; k < outputs_.size(); ++k) {
      totals[static_cast<Eigen::Index>(k)] =
          (*own)(static_cast<Eigen::Index>(i), outputs_[k]) - expected_value_[static_cast<Eigen::Index>(k)];
    }
    absl::StatusOr<Eigen::VectorXd> row =
        ExplainRow(rows[i], totals, nsamples, seed,
                   progress.Part(static_cast<double>(i) / rows.size(), static_cast<double>(i + 1) / rows.size()));
    if (!row.ok()) return row.status();
    contributions.row(static_cast<Eigen::Index>(i)) = row->transpose();
  }
  return contributions;
}

absl::StatusOr<Eigen::VectorXd> KernelShap::ExplainRow(size_t row, const Eigen::VectorXd& totals, long long nsamples,
                                                       uint64_t seed, const Progress& progress) const {
  const Eigen::Index width = static_cast<Eigen::Index>(table_->num_columns() + 1);
  Eigen::VectorXd contributions = Eigen::VectorXd::Zero(width * expected_value_.size());
  for (Eigen::Index k = 0; k < expected_value_.size(); ++k) contributions[k * width + width - 1] = expected_value_[k];
  const std::vector<size_t> players = VaryingColumns(row);
  if (players.empty()) return contributions;
  Eigen::MatrixXd phi;
  if (players.size() == 1) {
    phi = totals.transpose();
  } else {
    Rng rng(RowSeed(seed, row));
    const Coalitions coalitions = ChooseCoalitions(static_cast<int>(players.size()), nsamples, rng);
    absl::StatusOr<Eigen::MatrixXd> values = CoalitionValues(row, players, coalitions.masks, progress);
    if (!values.ok()) return values.status();
    phi = SolveKernelShap(coalitions, values->rowwise() - expected_value_.transpose(), totals);
  }
  for (size_t p = 0; p < players.size(); ++p) {
    for (Eigen::Index k = 0; k < expected_value_.size(); ++k) {
      contributions[k * width + static_cast<Eigen::Index>(players[p])] = phi(static_cast<Eigen::Index>(p), k);
    }
  }
  if (absl::Status status = progress.Update(1.0); !status.ok()) return status;
  return contributions;
}

}  // namespace glassbox::plugins::explanations
