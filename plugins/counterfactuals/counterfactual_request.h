// The counterfactuals analyzer's parameters: their specs, and reading them
// into a request checked against the run (Validate) or its data (Analyze),
// so that both refuse the same mistakes with the same messages.
#ifndef GLASSBOX_PLUGINS_COUNTERFACTUALS_COUNTERFACTUAL_REQUEST_H_
#define GLASSBOX_PLUGINS_COUNTERFACTUALS_COUNTERFACTUAL_REQUEST_H_

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

struct CounterfactualRequest {
  // Either query rows, or the first max_queries rows of a cohort.
  std::vector<size_t> query_rows;
  std::string cohort;
  int max_queries = 0;
  int total_cfs = 0;
  // Classification: the desired class's label, or empty for the opposite of
  // the class predicted for the query (binary tasks only).
  std::string desired_class;
  // Regression: the desired range of the prediction, bounds included.
  double desired_low = 0;
  double desired_high = 0;
  std::vector<std::string> features_to_vary;
  std::map<std::string, PermittedRange> permitted_range;
  uint64_t seed = 0;
  int sample_size = 0;
  int max_iterations = 0;
  double proximity_weight = 0;
  double diversity_weight = 0;
};

// What a request is checked against.
struct RequestContext {
  glassbox::v1::TaskType task = glassbox::v1::TASK_TYPE_UNSPECIFIED;
  // Classification: the run's class labels.
  std::vector<std::string> classes;
  std::vector<std::string> model_features;
  std::vector<sdk::ColumnInfo> columns;
  size_t num_rows = 0;
};

std::vector<glassbox::v1::ParameterSpec> CounterfactualParameterSpecs();

// INVALID_ARGUMENT naming the parameter and the fix for a request the
// parameter specs let through but the run cannot serve.
absl::StatusOr<CounterfactualRequest> ReadRequest(const sdk::Params& params, const RequestContext& context);

// The run's columns as ValidationContext describes them.
std::vector<sdk::ColumnInfo> DescribeColumns(const sdk::Table& table);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_COUNTERFACTUALS_COUNTERFACTUAL_REQUEST_H_
