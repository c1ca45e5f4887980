// The treatment policy read off the effects: where raising the treatment
// raises the outcome (the effect's confidence interval lies above 0), where
// lowering it does (the interval lies below 0), and where the data cannot
// tell; and the recommendation in words.
#ifndef GLASSBOX_PLUGINS_CAUSAL_POLICY_H_
#define GLASSBOX_PLUGINS_CAUSAL_POLICY_H_

#include <optional>
#include <string>

#include "final_stage.h"
#include "glassbox/v1/analyses/causal.pb.h"

namespace glassbox::plugins {

// TOO_FEW_ROWS for no estimate.
glassbox::v1::analyses::Recommendation Recommend(const std::optional<Inference>& effect);

// What to do with `treatment` for the outcome `outcome` (e.g. "P(income =
// >50K)"): one sentence per group of the heterogeneity feature `feature`,
// or for all rows when the treatment has no groups; with a caution when the
// confounders nearly determine the treatment (out-of-fold R² above 0.99).
std::string PolicyText(const glassbox::v1::analyses::TreatmentEffect& treatment, const std::string& outcome,
                       const std::string& feature, double alpha);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_CAUSAL_POLICY_H_
