// Case-insensitive (ASCII) matching of the names users write in a scorecard
// configuration (metrics, features) against the machine names analyzers give.
#ifndef GLASSBOX_DAEMON_SCORECARD_TEXT_MATCH_H_
#define GLASSBOX_DAEMON_SCORECARD_TEXT_MATCH_H_

#include <algorithm>
#include <string>

#include "absl/strings/match.h"

namespace glassbox::scorecard {

// Metric names match ignoring case, with ' ', '-' and '_' alike: analyzers
// write "error rate" or "Error_Rate" for the config's error_rate.
bool SameMetric(const std::string& a, const std::string& b);
// The form SameMetric compares: lower case with '_' for ' ' and '-'.
std::string MetricKey(const std::string& name);

// Whether any of `names` equals `name`, ignoring case.
template <typename Names>
bool AnyEqualsIgnoreCase(const Names& names, const std::string& name) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return absl::EqualsIgnoreCase(n, name); });
}

// Whether any of `names` is SameMetric as `name`.
template <typename Names>
bool AnySameMetric(const Names& names, const std::string& name) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return SameMetric(n, name); });
}

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_TEXT_MATCH_H_
