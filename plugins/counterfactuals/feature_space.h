// The model's features as the counterfactual search sees them: each one's
// kind, its permitted domain and DiCE's scale for distances.
//
// A row is `size()` doubles in the model's feature order: the value of a
// numeric feature (NaN when missing), the category code of a categorical one
// (an index into the table column's sorted categories, -1 when missing).
//
// DiCE's distance between rows a and b over the d model features:
//   dist(a, b) = (1/d) [ sum_numeric |a_p - b_p| / MAD_p + sum_categorical 1[a_p != b_p] ]
// where MAD_p = median(|v - median(v)|) over the column's non-missing values
// (numpy's median), replaced by 1 when it is 0 as DiCE's get_valid_mads does.
// A numeric value missing on one side only counts 1, on both sides 0.
#ifndef GLASSBOX_PLUGINS_COUNTERFACTUALS_FEATURE_SPACE_H_
#define GLASSBOX_PLUGINS_COUNTERFACTUALS_FEATURE_SPACE_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "glassbox/sdk/table.h"

namespace glassbox::plugins {

// A permitted_range entry: [low, high] for a numeric feature, or the allowed
// categories of a categorical one.
struct PermittedRange {
  double low = 0;
  double high = 0;
  std::vector<std::string> categories;
};

struct FeatureDomain {
  std::string name;
  const sdk::Column* column = nullptr;
  bool categorical = false;
  // In features_to_vary.
  bool varied = false;
  // Numeric features: the scale, the permitted [low, high] (the data's range,
  // narrowed by permitted_range; NaN when the column has no value) and whether
  // every value is a whole number (sampled values are then whole too).
  double mad = 1.0;
  double low = 0;
  double high = 0;
  bool integral = false;
  // Categorical features: the permitted codes, ascending (those that occur in
  // the data, or the categories permitted_range names).
  std::vector<int32_t> codes;
};

class FeatureSpace {
 public:
  // Fails with FAILED_PRECONDITION if a model feature is not a column of
  // `table`, INVALID_ARGUMENT if a permitted category is not among the column's.
  static absl::StatusOr<FeatureSpace> Create(const sdk::Table& table, const std::vector<std::string>& model_features,
                                             const std::vector<std::string>& features_to_vary,
                                             const std::map<std::string, PermittedRange>& permitted_range);

  size_t size() const { return features_.size(); }
  const FeatureDomain& feature(size_t p) const { return features_[p]; }
  // Indices of the features to vary that have at least one permitted value.
  const std::vector<size_t>& varied() const { return varied_; }
  size_t num_numeric() const { return num_numeric_; }
  size_t num_categorical() const { return size() - num_numeric_; }

  // Writes row `row` of the table to `out` (size() values).
  void ReadRow(size_t row, double* out) const;

  bool Same(size_t p, double a, double b) const;
  // Feature p's term of the distance: |a - b| / MAD, or 1[a != b].
  double Delta(size_t p, double a, double b) const;
  double Distance(const double* a, const double* b) const;
  size_t CountChanges(const double* a, const double* b) const;

  // `rows` (a multiple of size() values) as a table with one column per
  // feature, categorical columns over the source table's categories.
  sdk::Table ToTable(std::span<const double> rows) const;

  // The value as text: the number shortest-round-trip, the category, or "" if missing.
  std::string Format(size_t p, double value) const;

 private:
  explicit FeatureSpace(std::vector<FeatureDomain> features);

  std::vector<FeatureDomain> features_;
  std::vector<size_t> varied_;
  size_t num_numeric_ = 0;
};

// numpy's median(|v - median(v)|) of the non-missing values; 1 when that is
// 0 or there are no values (DiCE's get_valid_mads).
double ValidMad(std::span<const double> values);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_COUNTERFACTUALS_FEATURE_SPACE_H_
