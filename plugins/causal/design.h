// The inputs of the nuisance models as numbers: each analysed row becomes the
// column vector z = [1, features..., outcome] where a numeric feature takes
// one entry and a categorical one a one-hot block over all its categories.
// Numeric entries and the outcome are shifted by their mean over the analysed
// rows, so that sums of products stay well conditioned; regressions with an
// intercept are unaffected by the shift.
#ifndef GLASSBOX_PLUGINS_CAUSAL_DESIGN_H_
#define GLASSBOX_PLUGINS_CAUSAL_DESIGN_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "glassbox/sdk/table.h"

namespace glassbox::plugins {

class Design {
 public:
  struct Feature {
    const sdk::Column* column;
    // Its entries are z[first], ..., z[first + width - 1].
    int first;
    int width;
  };

  // `features` name columns of `table` with no missing value in `rows`;
  // `outcome` holds one value per row of `rows`. The table must outlive the design.
  Design(const sdk::Table& table, std::span<const std::string> features, std::span<const size_t> rows,
         Eigen::VectorXd outcome);

  static constexpr int kConstant = 0;
  int num_entries() const { return outcome_entry() + 1; }
  int outcome_entry() const { return num_entries_before_outcome_; }
  size_t num_rows() const { return rows_.size(); }

  // nullptr when `name` is not one of the features.
  const Feature* Find(std::string_view name) const;
  // The entries of the features named (each one of the design's).
  std::vector<int> EntriesOf(std::span<const std::string> names) const;
  // Whether each entry is a numeric feature (standardized by the ridge models).
  const std::vector<bool>& numeric() const { return numeric_; }

  const std::vector<Feature>& features() const { return features_; }
  // The table row of analysed row `position`.
  size_t row(size_t position) const { return rows_[position]; }
  // Entry `entry` of z for each analysed row.
  Eigen::VectorXd EntryValues(int entry) const;

  // Writes z of the analysed rows at `positions` (indices into `rows`) into
  // the columns of `block`, which has num_entries() rows.
  void Fill(std::span<const size_t> positions, Eigen::Ref<Eigen::MatrixXd> block) const;

 private:
  std::vector<std::string> names_;
  std::vector<Feature> features_;
  std::vector<size_t> rows_;
  Eigen::VectorXd outcome_;
  // Per entry: the mean subtracted (0 for the one-hot entries and the constant).
  Eigen::VectorXd shift_;
  std::vector<bool> numeric_;
  int num_entries_before_outcome_ = 1;
};

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_CAUSAL_DESIGN_H_
