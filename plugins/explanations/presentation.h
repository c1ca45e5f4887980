// The blocks of an explanations insight, read from its payload: a text on
// the method, a bar chart of the top-N features by global importance (all
// analysed rows, then each cohort), a table of every reported feature's
// importance (and its std for permutation), and the local contributions of
// the requested rows as a waterfall table: base value, the top-N features by
// |contribution|, the rest summed, the model's output.
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_PRESENTATION_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_PRESENTATION_H_

#include "glassbox/sdk/insight_builder.h"
#include "glassbox/v1/analyses/explanations.pb.h"

namespace glassbox::plugins::explanations {

void AddBlocks(const glassbox::v1::analyses::Explanations& payload, int top_n, sdk::InsightBuilder& builder);

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_PRESENTATION_H_
