#include "daemon/models/feature_encoder.h"

#include <cmath>
#include <limits>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace glassbox::daemon {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

}  // namespace

absl::StatusOr<FeatureEncoder> FeatureEncoder::Create(std::vector<FeatureSpec> features) {
  absl::flat_hash_set<std::string> names;
  std::vector<Lookup> lookups(features.size());
  for (size_t i = 0; i < features.size(); ++i) {
    const FeatureSpec& feature = features[i];
    if (!names.insert(feature.name).second) {
      return absl::InvalidArgumentError(absl::StrCat("the model names feature '", feature.name, "' twice"));
    }
    for (size_t code = 0; code < feature.categories.size(); ++code) {
      const std::string& category = feature.categories[code];
      if (!lookups[i].code_of_category.emplace(category, static_cast<float>(code)).second) {
        return absl::InvalidArgumentError(
            absl::StrCat("category '", category, "' of feature '", feature.name, "' is listed twice"));
      }
      double number;
      if (absl::SimpleAtod(category, &number)) lookups[i].code_of_number.emplace(number, static_cast<float>(code));
    }
  }
  return FeatureEncoder(std::move(features), std::move(lookups));
}

absl::StatusOr<EncodedColumns> FeatureEncoder::Bind(const sdk::Table& table) const {
  std::vector<EncodedColumns::Source> sources;
  sources.reserve(features_.size());
  std::vector<std::string> absent;
  for (size_t i = 0; i < features_.size(); ++i) {
    const FeatureSpec& feature = features_[i];
    const sdk::Column* column = table.Find(feature.name);
    if (column == nullptr) {
      absent.push_back(feature.name);
      continue;
    }
    EncodedColumns::Source source;
    source.column = column;
    if (column->is_categorical()) {
      if (!feature.categorical) {
        return absl::InvalidArgumentError(absl::StrCat("feature '", feature.name,
                                                       "' is numeric in the model but its column is categorical; "
                                                       "supply numbers in that column"));
      }
      source.code_of_table_code.reserve(column->categories().size());
      for (const std::string& category : column->categories()) {
        const auto it = lookups_[i].code_of_category.find(category);
        source.code_of_table_code.push_back(it == lookups_[i].code_of_category.end() ? kMissing : it->second);
      }
    } else if (feature.categorical) {
      source.code_of_number = &lookups_[i].code_of_number;
    }
    sources.push_back(std::move(source));
  }
  if (!absent.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the table lacks the model's features: ", absl::StrJoin(absent, ", ")));
  }
  return EncodedColumns(table.num_rows(), std::move(sources));
}

void EncodedColumns::Encode(size_t begin, size_t end, float* out) const {
  for (size_t j = 0; j < sources_.size(); ++j) EncodeFeature(j, begin, end, out);
}

void EncodedColumns::EncodeFeature(size_t feature, size_t begin, size_t end, float* out) const {
  const size_t stride = sources_.size();
  const Source& source = sources_[feature];
  float* cell = out + feature;
  if (source.column->is_categorical()) {
    const std::span<const int32_t> codes = source.column->codes();
    for (size_t r = begin; r < end; ++r, cell += stride) {
      const int32_t code = codes[r];
      *cell = code == sdk::Column::kMissingCode ? kMissing : source.code_of_table_code[code];
    }
  } else if (source.code_of_number != nullptr) {
    const std::span<const double> values = source.column->values();
    for (size_t r = begin; r < end; ++r, cell += stride) {
      const auto it = source.code_of_number->find(values[r]);
      *cell = it == source.code_of_number->end() ? kMissing : it->second;
    }
  } else {
    const std::span<const double> values = source.column->values();
    for (size_t r = begin; r < end; ++r, cell += stride) *cell = static_cast<float>(values[r]);
  }
}

}  // namespace glassbox::daemon
