// DiCE's figures of merit for counterfactuals (see counterfactuals.proto,
// CounterfactualMetrics, for the formulas): validity, proximity, sparsity and
// diversity of one query's counterfactuals, and their summary over queries.
#ifndef GLASSBOX_PLUGINS_COUNTERFACTUALS_COUNTERFACTUAL_METRICS_H_
#define GLASSBOX_PLUGINS_COUNTERFACTUALS_COUNTERFACTUAL_METRICS_H_

#include <span>

#include "feature_space.h"
#include "glassbox/v1/analyses/counterfactuals.pb.h"

namespace glassbox::plugins {

// The metrics of `counterfactuals` (rows of space.size() values, each one
// reaching the desired outcome) found for `query` out of `requested`.
glassbox::v1::analyses::CounterfactualMetrics MeasureCounterfactuals(const FeatureSpace& space,
                                                                     std::span<const double> query,
                                                                     std::span<const double> counterfactuals,
                                                                     int requested);

// Validity pooled over every requested counterfactual; each other figure the
// mean of the per-query figures that are defined (not NaN); NaN if none is.
glassbox::v1::analyses::CounterfactualMetrics SummarizeMetrics(
    std::span<const glassbox::v1::analyses::CounterfactualMetrics> queries);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_COUNTERFACTUALS_COUNTERFACTUAL_METRICS_H_
