// The presentation blocks of a robustness result: the headline metrics
// (attack success rate within the budget, share flipped, median perturbation,
// noise stability per scale), the per-feature medians, the most fragile rows,
// the rows a single sensitive change flips, and the method.
#ifndef GLASSBOX_PLUGINS_ROBUSTNESS_ROBUSTNESS_REPORT_H_
#define GLASSBOX_PLUGINS_ROBUSTNESS_ROBUSTNESS_REPORT_H_

#include "glassbox/sdk/insight_builder.h"
#include "glassbox/v1/analyses/robustness.pb.h"

namespace glassbox::plugins {

// Rows listed as the most fragile: those flipped by the smallest perturbations.
inline constexpr int kFragileRowsShown = 10;

void AddRobustnessBlocks(const glassbox::v1::analyses::Robustness& result, sdk::InsightBuilder& builder);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ROBUSTNESS_ROBUSTNESS_REPORT_H_
