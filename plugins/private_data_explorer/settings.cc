#include "settings.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "glassbox/sdk/parameter_spec.h"

namespace glassbox::plugins::privacy {
namespace {

constexpr char kLaplace[] = "laplace";
constexpr char kGaussian[] = "gaussian";

absl::Status Invalid(absl::string_view parameter, absl::string_view entry, absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("parameter '", parameter, "': entry '", entry, "' ", problem));
}

// "FEATURE=REST" split at the first '='.
absl::StatusOr<std::pair<std::string, std::string>> SplitEntry(absl::string_view parameter, const std::string& entry,
                                                               absl::string_view form) {
  const size_t equals = entry.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == entry.size()) {
    return Invalid(parameter, entry, absl::StrCat("must have the form ", form));
  }
  return std::make_pair(entry.substr(0, equals), entry.substr(equals + 1));
}

absl::StatusOr<double> FiniteNumber(absl::string_view parameter, const std::string& entry, absl::string_view text) {
  double value = 0;
  if (!absl::SimpleAtod(absl::StripAsciiWhitespace(text), &value) || !std::isfinite(value)) {
    return Invalid(parameter, entry, absl::StrCat("has '", text, "', which is not a finite number"));
  }
  return value;
}

// The column as a feature of the expected type, when the dataset is known.
absl::Status CheckColumn(absl::string_view parameter, const std::string& entry, const std::string& feature,
                         bool numeric, const sdk::ValidationContext* context) {
  if (context == nullptr) return absl::OkStatus();
  const auto& features = context->feature_columns;
  const sdk::ColumnInfo* column = context->FindColumn(feature);
  if (column == nullptr || std::find(features.begin(), features.end(), feature) == features.end()) {
    return Invalid(parameter, entry, absl::StrCat("names '", feature, "', which is not a feature column"));
  }
  if ((column->type == sdk::ColumnType::kNumeric) != numeric) {
    return Invalid(parameter, entry,
                   absl::StrCat("names '", feature, "', which is ", numeric ? "categorical" : "numeric", "; use '",
                                numeric ? "categories" : "bounds' or 'bin_edges", "' for it"));
  }
  return absl::OkStatus();
}

absl::Status ReadBounds(const sdk::Params& params, const sdk::ValidationContext* context, Settings& settings) {
  constexpr char kName[] = "bounds";
  for (const std::string& entry : params.GetStringList(kName)) {
    auto split = SplitEntry(kName, entry, "FEATURE=LOWER..UPPER, e.g. age=17..90");
    if (!split.ok()) return split.status();
    const std::vector<std::string> ends = absl::StrSplit(split->second, "..");
    if (ends.size() != 2) return Invalid(kName, entry, "must have the form FEATURE=LOWER..UPPER, e.g. age=17..90");
    auto lower = FiniteNumber(kName, entry, ends[0]);
    if (!lower.ok()) return lower.status();
    auto upper = FiniteNumber(kName, entry, ends[1]);
    if (!upper.ok()) return upper.status();
    if (!(*lower < *upper)) return Invalid(kName, entry, "needs LOWER < UPPER");
    if (absl::Status status = CheckColumn(kName, entry, split->first, true, context); !status.ok()) return status;
    settings.bounded.push_back({split->first, *lower, *upper});
  }
  return absl::OkStatus();
}

absl::Status ReadBinEdges(const sdk::Params& params, const sdk::ValidationContext* context, Settings& settings) {
  constexpr char kName[] = "bin_edges";
  for (const std::string& entry : params.GetStringList(kName)) {
    auto split = SplitEntry(kName, entry, "FEATURE=E0,E1,...,Ek, e.g. age=17,30,50,90");
    if (!split.ok()) return split.status();
    DeclaredHistogram histogram{split->first, {}, {}};
    for (absl::string_view text : absl::StrSplit(split->second, ',')) {
      auto edge = FiniteNumber(kName, entry, text);
      if (!edge.ok()) return edge.status();
      if (!histogram.edges.empty() && !(*edge > histogram.edges.back())) {
        return Invalid(kName, entry, "needs strictly increasing edges");
      }
      histogram.edges.push_back(*edge);
    }
    if (histogram.edges.size() < 2 || histogram.edges.size() > kMaxBins + 1) {
      return Invalid(kName, entry, absl::StrCat("needs 2 to ", kMaxBins + 1, " edges"));
    }
    if (absl::Status status = CheckColumn(kName, entry, split->first, true, context); !status.ok()) return status;
    settings.histograms.push_back(std::move(histogram));
  }
  return absl::OkStatus();
}

absl::Status ReadCategories(const sdk::Params& params, const sdk::ValidationContext* context, Settings& settings) {
  constexpr char kName[] = "categories";
  for (const std::string& entry : params.GetStringList(kName)) {
    auto split = SplitEntry(kName, entry, "FEATURE=A|B|C, e.g. sex=Female|Male");
    if (!split.ok()) return split.status();
    DeclaredHistogram histogram{split->first, {}, absl::StrSplit(split->second, '|')};
    const std::set<std::string> distinct(histogram.categories.begin(), histogram.categories.end());
    if (distinct.size() != histogram.categories.size() || distinct.contains("")) {
      return Invalid(kName, entry, "needs distinct, non-empty categories separated by '|'");
    }
    if (histogram.categories.size() > kMaxBins - 1) {
      return Invalid(kName, entry, absl::StrCat("declares more than ", kMaxBins - 1, " categories"));
    }
    if (absl::Status status = CheckColumn(kName, entry, split->first, false, context); !status.ok()) return status;
    settings.histograms.push_back(std::move(histogram));
  }
  return absl::OkStatus();
}

}  // namespace

int Settings::ReleasesPerScope() const {
  return 1 + 3 * static_cast<int>(bounded.size()) + static_cast<int>(histograms.size()) +
         static_cast<int>(sensitive_features.size());
}

const DeclaredHistogram* Settings::HistogramOf(const std::string& feature) const {
  for (const auto& histogram : histograms) {
    if (histogram.feature == feature && !histogram.categories.empty()) return &histogram;
  }
  return nullptr;
}

void AddParameterSpecs(glassbox::v1::Analyzer& info) {
  glassbox::v1::ParameterSpec epsilon = sdk::DoubleParameter(
      "privacy_epsilon",
      "The privacy loss epsilon of the whole analysis, split equally among its releases; charged to the "
      "dataset's privacy budget when the run is created",
      0, 0.001, 100);
  epsilon.set_required(true);
  *info.add_parameters() = epsilon;
  *info.add_parameters() = sdk::DoubleParameter(
      "privacy_delta", "delta of (epsilon, delta)-DP: 0 for the Laplace mechanism, in (0, 1e-3] for the Gaussian", 0,
      0, 1e-3);
  *info.add_parameters() = sdk::StringParameter(
      "mechanism", "laplace: discrete Laplace noise, pure epsilon-DP; gaussian: discrete Gaussian noise, zCDP",
      kLaplace, {kLaplace, kGaussian});
  *info.add_parameters() = sdk::StringListParameter(
      "bounds", "Numeric features to release count, clamped sum, mean and quantiles of: FEATURE=LOWER..UPPER");
  *info.add_parameters() =
      sdk::StringListParameter("bin_edges", "Numeric histograms of declared bins: FEATURE=E0,E1,...,Ek");
  *info.add_parameters() =
      sdk::StringListParameter("categories", "Categorical histograms of a declared category set: FEATURE=A|B|C");
  *info.add_parameters() = sdk::ColumnListParameter(
      "sensitive_features",
      "Binary classification: private selection and error rates per group of these features, each declared in "
      "'categories'",
      false, 10);
  *info.add_parameters() = sdk::DoubleListParameter("quantiles", "Quantiles of each bounded feature; default 0.25, 0.5, 0.75");
  *info.add_parameters() =
      sdk::IntParameter("quantile_bins", "Equal bins between the bounds from which quantiles are read", 64, 2, kMaxBins);
  *info.add_parameters() =
      sdk::BoolParameter("per_cohort", "Release for each cohort of the run too, each a share of epsilon", false);
}

absl::StatusOr<Settings> ReadSettings(const sdk::Params& params, const sdk::ValidationContext* context) {
  Settings settings;
  settings.mechanism = params.GetString("mechanism") == kGaussian ? Mechanism::kGaussian : Mechanism::kLaplace;
  settings.epsilon = params.GetDouble("privacy_epsilon");
  settings.delta = params.GetDouble("privacy_delta");
  if (settings.mechanism == Mechanism::kGaussian && settings.delta <= 0) {
    return absl::InvalidArgumentError(
        "parameter 'privacy_delta': the gaussian mechanism needs a delta in (0, 1e-3], e.g. 1e-6");
  }
  if (settings.mechanism == Mechanism::kLaplace && settings.delta != 0) {
    return absl::InvalidArgumentError(
        "parameter 'privacy_delta': the laplace mechanism is pure epsilon-DP; set delta to 0 or choose gaussian");
  }
  for (auto read : {ReadBounds, ReadBinEdges, ReadCategories}) {
    if (absl::Status status = read(params, context, settings); !status.ok()) return status;
  }
  std::set<std::string> released;
  for (const auto& bounded : settings.bounded) {
    if (!released.insert("bounds " + bounded.feature).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter 'bounds': '", bounded.feature, "' is listed twice; keep one entry"));
    }
  }
  for (const auto& histogram : settings.histograms) {
    if (!released.insert("histogram " + histogram.feature).second) {
      return absl::InvalidArgumentError(absl::StrCat("parameter '", histogram.edges.empty() ? "categories" : "bin_edges",
                                                     "': '", histogram.feature, "' is listed twice; keep one entry"));
    }
  }
  settings.sensitive_features = params.GetStringList("sensitive_features");
  for (const auto& feature : settings.sensitive_features) {
    if (settings.HistogramOf(feature) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("parameter 'sensitive_features': '", feature,
                                                     "' needs its groups declared in 'categories', e.g. ", feature,
                                                     "=A|B"));
    }
  }
  if (!settings.sensitive_features.empty() && context != nullptr && context->classes.size() != 2) {
    return absl::InvalidArgumentError(
        "parameter 'sensitive_features': group rates need a binary classification task; leave it empty");
  }
  settings.quantiles = params.GetDoubleList("quantiles");
  if (settings.quantiles.empty()) settings.quantiles = {0.25, 0.5, 0.75};
  for (double q : settings.quantiles) {
    if (!(q >= 0 && q <= 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter 'quantiles': ", q, " is not in [0, 1]; give quantiles such as 0.5"));
    }
  }
  settings.quantile_bins = static_cast<int>(params.GetInt("quantile_bins"));
  settings.per_cohort = params.GetBool("per_cohort");
  const int scopes = 1 + (settings.per_cohort && context != nullptr ? static_cast<int>(context->cohorts.size()) : 0);
  if (settings.ReleasesPerScope() * scopes > kMaxReleases) {
    return absl::InvalidArgumentError(absl::StrCat("parameters 'bounds', 'bin_edges', 'categories', ",
                                                   "'sensitive_features' and 'per_cohort' ask for ",
                                                   settings.ReleasesPerScope() * scopes, " releases; at most ",
                                                   kMaxReleases, " share one epsilon"));
  }
  return settings;
}

}  // namespace glassbox::plugins::privacy
