// A feature's value as the analyses' payloads carry it (FeatureValue in
// counterfactuals.proto), and as the presentation blocks print it.
#ifndef GLASSBOX_PLUGINS_COUNTERFACTUALS_FEATURE_VALUE_H_
#define GLASSBOX_PLUGINS_COUNTERFACTUALS_FEATURE_VALUE_H_

#include <string>

#include "feature_space.h"
#include "glassbox/sdk/insight_builder.h"
#include "glassbox/v1/analyses/counterfactuals.pb.h"

namespace glassbox::plugins {

// Feature p's `value` (a FeatureSpace row entry): the number, or the category
// (neither set for a missing category).
glassbox::v1::analyses::FeatureValue FeatureValueOf(const FeatureSpace& space, size_t p, double value);

// The shortest text that reads back as `value`.
std::string ShortestNumber(double value);

// The number shortest-round-trip, the category, or "(missing)".
std::string FormatFeatureValue(const glassbox::v1::analyses::FeatureValue& value);

// A table cell of `value`, "n/a" where it is NaN (nothing to measure).
sdk::Cell NumberOrBlank(double value);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_COUNTERFACTUALS_FEATURE_VALUE_H_
