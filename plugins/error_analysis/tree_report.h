// Turns a grown error tree into the payload programs read: every node with
// its filter path from the root, size, error, error rate and error coverage,
// and the leaves ranked by error rate.
#ifndef GLASSBOX_PLUGINS_ERROR_ANALYSIS_TREE_REPORT_H_
#define GLASSBOX_PLUGINS_ERROR_ANALYSIS_TREE_REPORT_H_

#include <span>
#include <string>
#include <vector>

#include "error_tree.h"
#include "feature_binning.h"
#include "glassbox/v1/analyses/error_analysis.pb.h"

namespace glassbox::plugins {

// Sets `nodes`, `leaves_by_error_rate` and `total_error` of `result`. Node
// filters start with `cohort_filter`, the analysed cohort's (empty for all
// rows).
// Leaves rank by error rate, worst first; equal rates by size, larger first,
// then by id. Coverage is 0 everywhere when the root has no error.
void ReportTree(const std::vector<ErrorTreeNode>& nodes, std::span<const BinnedFeature> features,
                const std::string& cohort_filter, glassbox::v1::analyses::ErrorAnalysis& result);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ERROR_ANALYSIS_TREE_REPORT_H_
