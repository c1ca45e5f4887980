// Model-agnostic KernelSHAP as SHAP's KernelExplainer computes it (shap
// 0.41, with l1_reg=False): the Shapley values of the game whose value for a
// coalition S of features is the model's mean output over the background
// rows with the features of S set to the explained row's values. Features
// whose value equals the row's in every background row take no part (their
// value is 0); the others are the players. The values are the weighted least
// squares fit of the coalitions' values under the Shapley kernel, constrained
// to add up to f(x) - E[f], where E[f] is the mean output over the background.
// When the budget covers every coalition (2^M - 2) they are the exact
// Shapley values.
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_KERNEL_SHAP_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_KERNEL_SHAP_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "absl/status/statusor.h"
#include "glassbox/sdk/model.h"
#include "glassbox/sdk/table.h"
#include "kernel_coalitions.h"
#include "progress.h"

namespace glassbox::plugins::explanations {

// The players' values for coalitions × outputs `values` (each coalition's
// value minus the empty coalition's) and `totals` (the full coalition's value
// minus the empty one's, per output): players × outputs, each column adding
// up to its total. SHAP eliminates the last player through the constraint and
// solves the normal equations of the rest.
Eigen::MatrixXd SolveKernelShap(const Coalitions& coalitions, const Eigen::MatrixXd& values,
                                const Eigen::VectorXd& totals);

class KernelShap {
 public:
  // `table`: the columns the model reads; the background and explained rows
  // are rows of it. `outputs`: the columns of Predict's result explained.
  // The model and the table must outlive the explainer.
  static absl::StatusOr<KernelShap> Create(const sdk::Model& model, const sdk::Table& table,
                                           std::vector<size_t> background, std::vector<Eigen::Index> outputs);

  // E[f]: the mean of each output over the background rows.
  const Eigen::VectorXd& expected_value() const { return expected_value_; }
  size_t background_size() const { return background_.size(); }

  // The contributions of `rows` of the table, one row each in
  // Model::Contributions' layout: per output, one value per column of the
  // table, then E[f]. `nsamples` as SHAP's (0 = auto). Each row's coalitions
  // are drawn from its own stream of `seed`, so a row's values do not depend
  // on the other rows explained with it.
  absl::StatusOr<Eigen::MatrixXd> Explain(std::span<const size_t> rows, long long nsamples, uint64_t seed,
                                          const Progress& progress) const;

 private:
  KernelShap(const sdk::Model& model, const sdk::Table& table, std::vector<size_t> background,
             std::vector<Eigen::Index> outputs, Eigen::VectorXd expected_value)
      : model_(&model),
        table_(&table),
        background_(std::move(background)),
        outputs_(std::move(outputs)),
        expected_value_(std::move(expected_value)) {}

  // The model inputs a block of coalitions needs. Coalition c over background
  // row b is b with the players of c set to the row's values: the same input
  // as b with those players and the ones where b already holds the row's
  // value set. Inputs are identified by (b, that set), each distinct one once.
  struct CoalitionInputs {
    // Per input: per player, whether it takes the row's value.
    std::vector<std::string> takes_row;
    // Per input: its background row.
    std::vector<size_t> background_row;
    // Per (coalition - first) * N + b: its input.
    std::vector<uint32_t> input_of;
  };

  // One row of Explain; `totals`: f(row) - E[f] per output.
  absl::StatusOr<Eigen::VectorXd> ExplainRow(size_t row, const Eigen::VectorXd& totals, long long nsamples,
                                             uint64_t seed, const Progress& progress) const;
  // The columns of the table whose value in `row` differs from some background row's.
  std::vector<size_t> VaryingColumns(size_t row) const;
  // Per coalition and output: the mean output over the background with the
  // players of the coalition (columns `players`) set to `row`'s values.
  absl::StatusOr<Eigen::MatrixXd> CoalitionValues(size_t row, const std::vector<size_t>& players,
                                                  const Eigen::MatrixXd& masks, const Progress& progress) const;
  // Coalitions [first, last) of `masks`.
  CoalitionInputs InputsOf(size_t row, const std::vector<size_t>& players, const Eigen::MatrixXd& masks, size_t first,
                           size_t last) const;
  absl::StatusOr<Eigen::MatrixXd> PredictInputs(size_t row, const std::vector<size_t>& players,
                                                const CoalitionInputs& inputs, const Progress& progress) const;

  const sdk::Model* model_;
  const sdk::Table* table_;
  std::vector<size_t> background_;
  std::vector<Eigen::Index> outputs_;
  Eigen::VectorXd expected_value_;
};

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_KERNEL_SHAP_H_
