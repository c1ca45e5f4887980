// The threshold_optimizer parameters, read and checked against each other.
#ifndef GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_SETTINGS_H_
#define GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_SETTINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "glassbox/sdk/params.h"
#include "glassbox/v1/analyzer.pb.h"
#include "threshold_search.h"

namespace glassbox::plugins::threshold_optimizer {

// Bounds on the work of one fit: grid values times groups.
inline constexpr int64_t kMaxGridSize = 100000;
inline constexpr int64_t kMaxGroups = 1000;
inline constexpr int64_t kMaxGridCells = 10000000;

struct Settings {
  std::string constraints;
  std::string objective;
  SearchSettings search;
  std::vector<std::string> sensitive_features;
  int num_bins = 4;
  uint32_t seed = 0;
  std::string cohort;
};

absl::StatusOr<Settings> ReadSettings(const sdk::Params& params);

// The parameters as Describe lists them.
std::vector<glassbox::v1::ParameterSpec> ParameterSpecs();

}  // namespace glassbox::plugins::threshold_optimizer

#endif  // GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_SETTINGS_H_
