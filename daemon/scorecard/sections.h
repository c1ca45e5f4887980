// Draws one planned section (see section_plan.h): a heading saying in plain
// words what the section answers and which analyzer version produced it, a
// notice for each analysis that did not complete, then the section's blocks
// arranged for its kind:
//   data analysis     dataset facts, label balance, then the distributions of
//                     the configuration's DataExplorer.features (all, if none);
//   model performance whole-data metrics against their targets, then the
//                     analyzer's tables (a confusion matrix as a heat map) and charts;
//   cohorts           metrics of the run's cohorts against the same targets,
//                     then error analysis' best and worst cohorts;
//   feature importance bar charts cut to the FeatureImportance.top_n largest;
//   fairness          disparities ("<metric> difference|ratio (<feature>)")
//                     against Fairness.threshold, then per-group tables and
//                     charts of the configured sensitive features;
//   causal            effects with confidence intervals as a forest plot and a
//                     table, for the configured treatments;
//   other analyzers   their blocks as they come.
#ifndef GLASSBOX_DAEMON_SCORECARD_SECTIONS_H_
#define GLASSBOX_DAEMON_SCORECARD_SECTIONS_H_

#include "daemon/scorecard/pdf_canvas.h"
#include "daemon/scorecard/scorecard_input.h"
#include "daemon/scorecard/section_plan.h"

namespace glassbox::scorecard {

void DrawSection(PdfCanvas& canvas, const Section& section, const ScorecardInput& input);

// "The fairness analysis failed: <error>", or cancelled, or did not finish.
std::string DescribeUnfinished(const glassbox::v1::AnalysisStatus& status);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_SECTIONS_H_
