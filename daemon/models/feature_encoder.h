// Turns the columns of a Table into the dense float rows a tree model reads.
// Columns are matched to the model's features by name. Numeric values are
// cast to float. Categorical values are re-coded from the Table's dictionary
// (its own sorted categories) to the model's codes; a category the model never
// saw is encoded as missing, like pandas does when a column is cast to the
// training categories. A numeric column may feed a categorical feature: its
// values are matched to the categories that read as the same number. Missing
// values become NaN.
#ifndef GLASSBOX_DAEMON_MODELS_FEATURE_ENCODER_H_
#define GLASSBOX_DAEMON_MODELS_FEATURE_ENCODER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "glassbox/sdk/table.h"

namespace glassbox::daemon {

struct FeatureSpec {
  std::string name;
  bool categorical = false;
  // Categorical features: the category strings in the order of the model's codes.
  std::vector<std::string> categories;
};

class EncodedColumns;

class FeatureEncoder {
 public:
  // Fails on duplicate feature names or duplicate categories of one feature.
  static absl::StatusOr<FeatureEncoder> Create(std::vector<FeatureSpec> features);

  const std::vector<FeatureSpec>& features() const { return features_; }

  // Binds the table's columns to the features. Fails with INVALID_ARGUMENT
  // naming every feature the table lacks, or a numeric feature given a
  // categorical column. The result refers to `table` and to this encoder.
  absl::StatusOr<EncodedColumns> Bind(const sdk::Table& table) const;

 private:
  struct Lookup {
    absl::flat_hash_map<std::string, float> code_of_category;
    absl::flat_hash_map<double, float> code_of_number;
  };

  FeatureEncoder(std::vector<FeatureSpec> features, std::vector<Lookup> lookups)
      : features_(std::move(features)), lookups_(std::move(lookups)) {}

  std::vector<FeatureSpec> features_;
  std::vector<Lookup> lookups_;  // One per feature; empty for numeric ones.

  friend class EncodedColumns;
};

// A table's columns bound to a model's features.
class EncodedColumns {
 public:
  size_t num_rows() const { return num_rows_; }
  size_t num_features() const { return sources_.size(); }

  // Writes rows [begin, end) row-major to `out`, (end - begin) × num_features() floats.
  void Encode(size_t begin, size_t end, float* out) const;
  // Writes feature `feature` (< num_features()) of rows [begin, end) into `out`, laid out as Encode's, leaving
  // its other cells as they are.
  void EncodeFeature(size_t feature, size_t begin, size_t end, float* out) const;

 private:
  struct Source {
    const sdk::Column* column;
    // A categorical column: the model's code (or NaN) of each of its categories.
    std::vector<float> code_of_table_code;
    // A numeric column feeding a categorical feature.
    const absl::flat_hash_map<double, float>* code_of_number = nullptr;
  };

  EncodedColumns(size_t num_rows, std::vector<Source> sources) : num_rows_(num_rows), sources_(std::move(sources)) {}

  size_t num_rows_;
  std::vector<Source> sources_;

  friend class FeatureEncoder;
};

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_FEATURE_ENCODER_H_
