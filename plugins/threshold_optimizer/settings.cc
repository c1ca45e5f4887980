#include "settings.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "glassbox/sdk/parameter_spec.h"

namespace glassbox::plugins::threshold_optimizer {
namespace {

constexpr char kEqualizedOdds[] = "equalized_odds";

// Fairlearn's SIMPLE_CONSTRAINTS: each names the rate it equalises.
constexpr struct {
  const char* name;
  RateMetric metric;
} kSimpleConstraints[] = {
    {"demographic_parity", RateMetric::kSelectionRate},
    {"true_positive_rate_parity", RateMetric::kTruePositiveRate},
    {"false_positive_rate_parity", RateMetric::kFalsePositiveRate},
    {"false_negative_rate_parity", RateMetric::kFalseNegativeRate},
    {"true_negative_rate_parity", RateMetric::kTrueNegativeRate},
};

// Any objective for a simple constraint; equalized odds only those that do not
// decrease with true positives (Fairlearn's OBJECTIVES_FOR_EQUALIZED_ODDS).
// Plain constants: a heap-allocated static would leak each time the host
// unloads this library.
constexpr const char* kObjectives[] = {"accuracy_score", "balanced_accuracy_score", "selection_rate",
                                       "true_positive_rate", "true_negative_rate"};

std::vector<std::string> Objectives() { return {std::begin(kObjectives), std::end(kObjectives)}; }

std::vector<std::string> ConstraintNames() {
  std::vector<std::string> names;
  for (const auto& constraint : kSimpleConstraints) names.emplace_back(constraint.name);
  names.emplace_back(kEqualizedOdds);
  return names;
}

absl::Status ParameterError(std::string_view parameter, const std::string& message) {
  return absl::InvalidArgumentError(absl::StrCat("parameter '", std::string(parameter), "' ", message));
}

}  // namespace

absl::StatusOr<Settings> ReadSettings(const sdk::Params& params) {
  Settings settings;
  settings.constraints = params.GetString("constraints");
  settings.objective = params.GetString("objective");
  const auto objective = RateMetricNamed(settings.objective);
  if (!objective ||
      std::find(std::begin(kObjectives), std::end(kObjectives), settings.objective) == std::end(kObjectives)) {
    return ParameterError("objective", absl::StrCat("is '", settings.objective, "'; choose one of ",
                                                    absl::StrJoin(kObjectives, ", ")));
  }
  settings.search.objective = *objective;
  if (settings.constraints == kEqualizedOdds) {
    if (*objective != RateMetric::kAccuracy && *objective != RateMetric::kBalancedAccuracy) {
      return ParameterError("objective", absl::StrCat("is '", settings.objective,
                                                      "', which equalized_odds does not support; choose "
                                                      "accuracy_score or balanced_accuracy_score"));
    }
  } else {
    const auto* simple = std::find_if(std::begin(kSimpleConstraints), std::end(kSimpleConstraints),
                                      [&](const auto& c) { return settings.constraints == c.name; });
    if (simple == std::end(kSimpleConstraints)) {
      return ParameterError("constraints", absl::StrCat("is '", settings.constraints, "'; choose one of ",
                                                        absl::StrJoin(ConstraintNames(), ", ")));
    }
    settings.search.constraint_metric = simple->metric;
  }

  const int64_t grid_size = params.GetInt("grid_size");
  if (grid_size < 1 || grid_size > kMaxGridSize) {
    return ParameterError("grid_size", absl::StrCat("is ", grid_size, "; give 1 to ", kMaxGridSize));
  }
  settings.search.grid_size = static_cast<int>(grid_size);
  settings.search.flip = params.GetBool("flip");
  settings.search.tolerance = params.GetDouble("tolerance");
  if (!(settings.search.tolerance >= 0 && settings.search.tolerance <= 1)) {
    return ParameterError("tolerance", absl::StrCat("is ", settings.search.tolerance, "; give 0 to 1"));
  }
  if (settings.search.tolerance > 0 && !settings.search.constraint_metric) {
    return ParameterError("tolerance", "applies to the simple constraints only, not equalized_odds; set it to 0");
  }

  settings.sensitive_features = params.GetStringList("sensitive_features");
  if (settings.sensitive_features.empty()) {
    return ParameterError("sensitive_features", "is empty; name at least one column, e.g. [\"sex\"]");
  }
  settings.num_bins = static_cast<int>(params.GetInt("num_bins"));
  const int64_t seed = params.GetInt("seed");
  if (seed < 0 || seed > 4294967295LL) {
    return ParameterError("seed", absl::StrCat("is ", seed, "; give 0 to 4294967295"));
  }
  settings.seed = static_cast<uint32_t>(seed);
  settings.cohort = params.GetString("cohort");
  return settings;
}

std::vector<glassbox::v1::ParameterSpec> ParameterSpecs() {
  return {
      sdk::ColumnListParameter("sensitive_features",
                               "Columns whose groups get rules of their own, e.g. [\"sex\"]; several form their "
                               "intersection; numeric ones are cut into quantile bins",
                               true),
      sdk::StringParameter("constraints", "The parity the rules achieve on the fitted rows", "demographic_parity",
                           ConstraintNames()),
      sdk::StringParameter("objective",
                           "What the rules maximise subject to the constraint (equalized_odds: accuracy_score or "
                           "balanced_accuracy_score)",
                           "accuracy_score", Objectives()),
      sdk::IntParameter("grid_size", "Steps of the grid over the constraint's metric in [0, 1]", 1000, 1,
                        static_cast<double>(kMaxGridSize)),
      sdk::BoolParameter("flip", "Also consider flipped decisions (positive below a threshold)", false),
      sdk::DoubleParameter("tolerance",
                           "Simple constraints: how far apart the groups' constraint values may be (Fairlearn's "
                           "tol, between groups); 0 for equal values",
                           0, 0, 1),
      sdk::IntParameter("seed", "Seed of the randomised decisions measured after the rules (numpy RandomState)", 0,
                        0, 4294967295.0),
      sdk::IntParameter("num_bins", "Quantile bins a numeric sensitive feature is cut into", 4, 2, 100),
      sdk::CohortParameter(),
  };
}

}  // namespace glassbox::plugins::threshold_optimizer
