// Draws an insight's generic presentation blocks, for any analyzer: tables
// and charts as such (a table titled like "confusion matrix" as a heat map),
// text as paragraphs, and runs of consecutive metric blocks as one table of
// metric, cohort, value, target and result, judged against the targets in
// force (see targets.h).
#ifndef GLASSBOX_DAEMON_SCORECARD_BLOCK_DRAWER_H_
#define GLASSBOX_DAEMON_SCORECARD_BLOCK_DRAWER_H_

#include <string>
#include <vector>

#include "daemon/scorecard/pdf_canvas.h"
#include "glassbox/v1/insight.pb.h"
#include "glassbox/v1/scorecard.pb.h"

namespace glassbox::scorecard {

void DrawBlocks(PdfCanvas& canvas, const std::vector<const glassbox::v1::Block*>& blocks,
                const glassbox::v1::ScorecardConfig& config);
// An empty `title` draws the table without one.
void DrawMetrics(PdfCanvas& canvas, const std::string& title,
                 const std::vector<const glassbox::v1::MetricBlock*>& metrics,
                 const glassbox::v1::ScorecardConfig& config);
void DrawTextBlock(PdfCanvas& canvas, const std::string& title, const std::string& text);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_BLOCK_DRAWER_H_
