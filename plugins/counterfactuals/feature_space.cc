#include "feature_space.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "glassbox/sdk/quantiles.h"

namespace glassbox::plugins {
namespace {

constexpr double kHalf[] = {0.5};

double Median(std::vector<double>& values) { return sdk::LinearQuantiles(values, kHalf)[0]; }

void SetNumericDomain(const sdk::Column& column, const PermittedRange* permitted, FeatureDomain& feature) {
  std::vector<double> present;
  present.reserve(column.size());
  for (double value : column.values()) {
    if (!std::isnan(value)) present.push_back(value);
  }
  feature.integral = std::all_of(present.begin(), present.end(), [](double v) { return std::floor(v) == v; });
  feature.mad = ValidMad(present);
  if (permitted != nullptr) {
    feature.low = permitted->low;
    feature.high = permitted->high;
  } else if (present.empty()) {
    feature.low = feature.high = std::nan("");
  } else {
    const auto [min, max] = std::minmax_element(present.begin(), present.end());
    feature.low = *min;
    feature.high = *max;
  }
}

absl::Status SetCategoricalDomain(const sdk::Column& column, const PermittedRange* permitted, FeatureDomain& feature) {
  if (permitted != nullptr) {
    for (const auto& category : permitted->categories) {
      std::optional<int32_t> code = column.CodeOf(category);
      if (!code) {
        return absl::InvalidArgumentError(absl::StrCat("parameter 'permitted_range': '", category,
                                                       "' is not a category of '", column.name(), "' in the data"));
      }
      feature.codes.push_back(*code);
    }
  } else {
    std::vector<bool> seen(column.categories().size(), false);
    for (int32_t code : column.codes()) {
      if (code != sdk::Column::kMissingCode) seen[code] = true;
    }
    for (size_t code = 0; code < seen.size(); ++code) {
      if (seen[code]) feature.codes.push_back(static_cast<int32_t>(code));
    }
  }
  std::sort(feature.codes.begin(), feature.codes.end());
  feature.codes.erase(std::unique(feature.codes.begin(), feature.codes.end()), feature.codes.end());
  return absl::OkStatus();
}

bool HasPermittedValue(const FeatureDomain& feature) {
  return feature.categorical ? !feature.codes.empty() : !std::isnan(feature.low);
}

}  // namespace

double ValidMad(std::span<const double> values) {
  std::vector<double> present;
  for (double value : values) {
    if (!std::isnan(value)) present.push_back(value);
  }
  if (present.empty()) return 1.0;
  const double median = Median(present);
  for (double& value : present) value = std::abs(value - median);
  const double mad = Median(present);
  return mad > 0 ? mad : 1.0;
}

FeatureSpace::FeatureSpace(std::vector<FeatureDomain> features) : features_(std::move(features)) {
  for (size_t p = 0; p < features_.size(); ++p) {
    if (!features_[p].categorical) ++num_numeric_;
    if (features_[p].varied && HasPermittedValue(features_[p])) varied_.push_back(p);
  }
}

absl::StatusOr<FeatureSpace> FeatureSpace::Create(const sdk::Table& table,
                                                  const std::vector<std::string>& model_features,
                                                  const std::vector<std::string>& features_to_vary,
                                                  const std::map<std::string, PermittedRange>& permitted_range) {
  std::vector<FeatureDomain> features;
  for (const auto& name : model_features) {
    const sdk::Column* column = table.Find(name);
    if (column == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat("the model reads feature '", name, "', which is not a column of the dataset"));
    }
    FeatureDomain feature;
    feature.name = name;
    feature.column = column;
    feature.categorical = column->is_categorical();
    feature.varied = std::find(features_to_vary.begin(), features_to_vary.end(), name) != features_to_vary.end();
    const auto permitted = permitted_range.find(name);
    const PermittedRange* range = permitted == permitted_range.end() ? nullptr : &permitted->second;
    if (feature.categorical) {
      if (absl::Status status = SetCategoricalDomain(*column, range, feature); !status.ok()) return status;
    } else {
      SetNumericDomain(*column, range, feature);
    }
    features.push_back(std::move(feature));
  }
  return FeatureSpace(std::move(features));
}

void FeatureSpace::ReadRow(size_t row, double* out) const {
  for (size_t p = 0; p < features_.size(); ++p) {
    const sdk::Column& column = *features_[p].column;
    out[p] = column.is_categorical() ? static_cast<double>(column.codes()[row]) : column.values()[row];
  }
}

bool FeatureSpace::Same(size_t p, double a, double b) const {
  return a == b || (!features_[p].categorical && std::isnan(a) && std::isnan(b));
}

double FeatureSpace::Delta(size_t p, double a, double b) const {
  if (Same(p, a, b)) return 0.0;
  const FeatureDomain& feature = features_[p];
  if (feature.categorical || std::isnan(a) || std::isnan(b)) return 1.0;
  return std::abs(a - b) / feature.mad;
}

double FeatureSpace::Distance(const double* a, const double* b) const {
  double total = 0.0;
  for (size_t p = 0; p < features_.size(); ++p) total += Delta(p, a[p], b[p]);
  return total / static_cast<double>(features_.size());
}

size_t FeatureSpace::CountChanges(const double* a, const double* b) const {
  size_t changes = 0;
  for (size_t p = 0; p < features_.size(); ++p) changes += Same(p, a[p], b[p]) ? 0 : 1;
  return changes;
}

sdk::Table FeatureSpace::ToTable(std::span<const double> rows) const {
  const size_t d = features_.size();
  const size_t n = rows.size() / d;
  sdk::Table table;
  for (size_t p = 0; p < d; ++p) {
    const FeatureDomain& feature = features_[p];
    std::shared_ptr<const sdk::Column> column;
    if (feature.categorical) {
      std::vector<int32_t> codes(n);
      for (size_t r = 0; r < n; ++r) codes[r] = static_cast<int32_t>(rows[r * d + p]);
      column = sdk::Column::Categorical(feature.name, feature.column->categories(), std::move(codes));
    } else {
      std::vector<double> values(n);
      for (size_t r = 0; r < n; ++r) values[r] = rows[r * d + p];
      column = sdk::Column::Numeric(feature.name, std::move(values));
    }
    // Names are the model's, so distinct, and every column has n rows.
    (void)table.AddColumn(std::move(column));
  }
  return table;
}

std::string FeatureSpace::Format(size_t p, double value) const {
  const FeatureDomain& feature = features_[p];
  if (feature.categorical) {
    const int32_t code = static_cast<int32_t>(value);
    return code == sdk::Column::kMissingCode ? "" : feature.column->categories()[code];
  }
  if (std::isnan(value)) return "";
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, end);
}

}  // namespace glassbox::plugins
