// Targets such as ">=0.85" or "<= 0.1" that stakeholders set for metrics.
#ifndef GLASSBOX_SDK_TARGET_H_
#define GLASSBOX_SDK_TARGET_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "glassbox/v1/insight.pb.h"

namespace glassbox::sdk::inline v4 {

// Parses "<op><number>" with op one of <, <=, >, >=, ==; spaces allowed.
absl::StatusOr<glassbox::v1::Target> ParseTarget(std::string_view text);
bool MeetsTarget(double value, const glassbox::v1::Target& target);
// The inverse of ParseTarget, e.g. ">= 0.85".
std::string FormatTarget(const glassbox::v1::Target& target);

}  // namespace glassbox::sdk::inline v4

#endif  // GLASSBOX_SDK_TARGET_H_
