// The robustness analyzer's parameters: their specs, and reading them into a
// request checked against the run (Validate) or its data (Analyze), so that
// both refuse the same mistakes with the same messages.
#ifndef GLASSBOX_PLUGINS_ROBUSTNESS_ROBUSTNESS_REQUEST_H_
#define GLASSBOX_PLUGINS_ROBUSTNESS_ROBUSTNESS_REQUEST_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "feature_space.h"
#include "glassbox/sdk/context.h"
#include "glassbox/sdk/params.h"
#include "glassbox/v1/analyzer.pb.h"

namespace glassbox::plugins {

struct RobustnessRequest {
  std::string cohort;
  int sample_size = 0;
  uint64_t seed = 0;
  // The model features the attack and the noise may move: all but the immutable ones.
  std::vector<std::string> movable_features;
  std::vector<std::string> immutable_features;
  std::map<std::string, PermittedRange> permitted_range;
  std::vector<std::string> sensitive_features;
  // Perturbation unit of a numeric feature: its permitted range ("range") or its own unit ("none").
  bool scale_by_range = true;
  double epsilon = 0;
  int max_iterations = 0;
  int gradient_samples = 0;
  int64_t max_model_queries = 0;
  std::vector<double> noise_scales;
  int noise_samples = 0;
};

struct RobustnessRequestContext {
  glassbox::v1::TaskType task = glassbox::v1::TASK_TYPE_UNSPECIFIED;
  std::vector<std::string> model_features;
  std::vector<sdk::ColumnInfo> columns;
};

std::vector<glassbox::v1::ParameterSpec> RobustnessParameterSpecs();

// FAILED_PRECONDITION for a regression run; INVALID_ARGUMENT naming the
// parameter and the fix for a request the specs let through but the run
// cannot serve.
absl::StatusOr<RobustnessRequest> ReadRobustnessRequest(const sdk::Params& params,
                                                        const RobustnessRequestContext& context);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ROBUSTNESS_ROBUSTNESS_REQUEST_H_
