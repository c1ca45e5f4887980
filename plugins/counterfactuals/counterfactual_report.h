// The presentation blocks of a counterfactuals payload: the overall metrics,
// a table of per-query metrics, one table per query row showing only the
// features its counterfactuals change ("original → new") with each one's
// predicted outcome, and a plain statement of the rows for which the search
// found fewer counterfactuals than asked.
#ifndef GLASSBOX_PLUGINS_COUNTERFACTUALS_COUNTERFACTUAL_REPORT_H_
#define GLASSBOX_PLUGINS_COUNTERFACTUALS_COUNTERFACTUAL_REPORT_H_

#include "glassbox/sdk/insight_builder.h"
#include "glassbox/v1/analyses/counterfactuals.pb.h"

namespace glassbox::plugins {

// Names of the overall metric blocks, in the order they are added.
inline constexpr const char* kCounterfactualMetrics[] = {"validity", "proximity", "sparsity", "diversity"};

void AddCounterfactualBlocks(const glassbox::v1::analyses::Counterfactuals& result, bool classification,
                             sdk::InsightBuilder& builder);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_COUNTERFACTUALS_COUNTERFACTUAL_REPORT_H_
