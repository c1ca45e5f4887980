// The parameters of the explanations analyzer: their specs, their reading,
// and the checks CreateRun makes on them (Validate).
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_SETTINGS_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_SETTINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "glassbox/sdk/context.h"
#include "glassbox/sdk/params.h"
#include "glassbox/v1/analyzer.pb.h"

namespace glassbox::plugins::explanations {

inline constexpr char kAuto[] = "auto";
inline constexpr char kTreeShap[] = "tree_shap";
inline constexpr char kPermutation[] = "permutation";
inline constexpr char kKernelShap[] = "kernel_shap";

struct Settings {
  std::string method;
  std::string cohort;
  // Dataset rows to explain locally, ascending, without repeats.
  std::vector<size_t> rows;
  // Empty: every feature of the model.
  std::vector<std::string> features;
  int top_n = 10;
  std::string scoring;
  int n_repeats = 5;
  uint64_t seed = 0;
  int background_size = 100;
  long long nsamples = 0;
  int sample_size = 100;
};

void AddParameterSpecs(glassbox::v1::Analyzer& info);

// The parameters as checked by the host (types, bounds, choices, columns).
Settings ReadSettings(const sdk::Params& params);

// What the host's generic checks cannot see: whole row indices, a scoring
// that fits the task, features the model reads, something for kernel_shap
// to explain. INVALID_ARGUMENT naming the parameter and the fix.
absl::Status ValidateSettings(const sdk::ValidationContext& context);

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_SETTINGS_H_
