#include "robustness_request.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "glassbox/sdk/parameter_spec.h"
#include "permitted_range.h"

namespace glassbox::plugins {
namespace {

constexpr double kDefaultNoiseScales[] = {0.01, 0.05, 0.1};
constexpr int kMaxNoiseScales = 20;

absl::StatusOr<std::vector<std::string>> ReadFeatures(const sdk::Params& params, const std::string& parameter,
                                                      const std::vector<std::string>& model_features) {
  std::vector<std::string> names = params.GetStringList(parameter);
  for (const auto& name : names) {
    if (absl::Status status = CheckModelFeature(parameter, name, model_features); !status.ok()) return status;
  }
  return names;
}

absl::Status ReadNoise(const sdk::Params& params, RobustnessRequest& request) {
  request.noise_scales = params.GetDoubleList("noise_scales");
  if (request.noise_scales.empty()) {
    request.noise_scales.assign(std::begin(kDefaultNoiseScales), std::end(kDefaultNoiseScales));
  }
  for (double scale : request.noise_scales) {
    if (!(scale > 0) || !std::isfinite(scale)) {
      return RefuseParameter("noise_scales",
                             absl::StrCat("must hold standard deviations > 0 (in perturbation units); got ", scale));
    }
  }
  request.noise_samples = static_cast<int>(params.GetInt("noise_samples"));
  return absl::OkStatus();
}

}  // namespace

std::vector<glassbox::v1::ParameterSpec> RobustnessParameterSpecs() {
  glassbox::v1::ParameterSpec noise_scales = sdk::DoubleListParameter(
      "noise_scales",
      "Standard deviations of the Gaussian noise added to every movable numeric feature, in perturbation units "
      "(see 'scale'); default [0.01, 0.05, 0.1]");
  noise_scales.set_max_items(kMaxNoiseScales);
  return {
      sdk::CohortParameter(),
      sdk::IntParameter("sample_size", "Rows drawn (seeded, without replacement) from the cohort to attack", 100, 1,
                        10000),
      sdk::IntParameter("seed", "Seed of the row sample, the attack's draws and the noise; same seed, same result", 0,
                        0),
      sdk::ColumnListParameter("immutable_features", "Model features the attack and the noise never change", false),
      sdk::StringParameter(
          "permitted_range",
          absl::StrCat("JSON object of the values a movable feature may take, e.g. ", kPermittedRangeExample,
                       "; by default a numeric feature's range in the data, or the categories seen"),
          ""),
      sdk::ColumnListParameter("sensitive_features",
                               "Model features each changed alone (to every permitted category, or across a grid of "
                               "16 values of its range) to find rows whose class that one change flips",
                               false),
      sdk::StringParameter("scale",
                           "Unit of a numeric feature's perturbation: 'range' (its permitted high - low) or 'none' "
                           "(its own unit); a categorical change counts 1",
                           "range", {"range", "none"}),
      sdk::DoubleParameter("epsilon", "Perturbation budget: an attack succeeds if it flips the class within it", 0.25,
                           0),
      sdk::IntParameter("max_iterations", "HopSkipJump iterations per row", 20, 0, 1000),
      sdk::IntParameter("gradient_samples",
                        "Probes of the first gradient-direction estimate; iteration t uses this times sqrt(t)", 100, 2,
                        10000),
      sdk::IntParameter("max_model_queries", "Model rows scored at most per attacked row (the query budget)", 20000,
                        100, 10000000),
      noise_scales,
      sdk::IntParameter("noise_samples", "Noisy copies of each row per noise scale", 100, 1, 10000),
  };
}

absl::StatusOr<RobustnessRequest> ReadRobustnessRequest(const sdk::Params& params,
                                                        const RobustnessRequestContext& context) {
  if (context.task == glassbox::v1::REGRESSION) {
    return absl::FailedPreconditionError(
        "robustness attacks a classifier's predicted class; this run is a regression run");
  }
  RobustnessRequest request;
  request.cohort = params.GetString("cohort");
  request.sample_size = static_cast<int>(params.GetInt("sample_size"));
  request.seed = static_cast<uint64_t>(params.GetInt("seed"));
  absl::StatusOr<std::vector<std::string>> immutable =
      ReadFeatures(params, "immutable_features", context.model_features);
  if (!immutable.ok()) return immutable.status();
  request.immutable_features = *std::move(immutable);
  for (const auto& name : context.model_features) {
    if (std::find(request.immutable_features.begin(), request.immutable_features.end(), name) ==
        request.immutable_features.end()) {
      request.movable_features.push_back(name);
    }
  }
  if (request.movable_features.empty()) {
    return RefuseParameter("immutable_features",
                           "names every feature of the model, which leaves the attack nothing to change; leave at "
                           "least one out");
  }
  absl::StatusOr<std::map<std::string, PermittedRange>> ranges =
      ReadPermittedRange(params.GetString("permitted_range"), context.model_features, context.columns);
  if (!ranges.ok()) return ranges.status();
  request.permitted_range = *std::move(ranges);
  absl::StatusOr<std::vector<std::string>> sensitive =
      ReadFeatures(params, "sensitive_features", context.model_features);
  if (!sensitive.ok()) return sensitive.status();
  request.sensitive_features = *std::move(sensitive);
  request.scale_by_range = params.GetString("scale") != "none";
  request.epsilon = params.GetDouble("epsilon");
  if (!(request.epsilon > 0)) {
    return RefuseParameter("epsilon", absl::StrCat("must be a perturbation budget > 0; got ", request.epsilon));
  }
  request.max_iterations = static_cast<int>(params.GetInt("max_iterations"));
  request.gradient_samples = static_cast<int>(params.GetInt("gradient_samples"));
  request.max_model_queries = params.GetInt("max_model_queries");
  if (absl::Status status = ReadNoise(params, request); !status.ok()) return status;
  return request;
}

}  // namespace glassbox::plugins
