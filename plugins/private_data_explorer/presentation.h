// The blocks of a private_data_explorer insight, read from its payload: a
// text saying that the figures are differentially private, under which
// mechanism and at which epsilon; the privacy loss as metrics; then per
// scope (all rows, each cohort) the noisy row count and tables of estimates
// with their noise scale and 95% interval (role INTERVALS for the
// histograms, whose rows are all counts).
#ifndef GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_PRESENTATION_H_
#define GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_PRESENTATION_H_

#include "glassbox/sdk/insight_builder.h"
#include "glassbox/v1/analyses/private_data_explorer.pb.h"

namespace glassbox::plugins::privacy {

void AddBlocks(const glassbox::v1::analyses::PrivateDataExplorer& payload, sdk::InsightBuilder& builder);

}  // namespace glassbox::plugins::privacy

#endif  // GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_PRESENTATION_H_
