// Draws an insight's generic presentation blocks, for any analyzer, by their
// typed meaning: an INTERVALS table as estimates with error bars above its
// numbers, a CONFUSION_MATRIX as a heat map, other tables and charts as such,
// text as paragraphs, and runs of consecutive metric blocks as one table of
// metric (in words and by machine name), cohort, what it measures, value,
// target and result, judged against the targets in force (see targets.h).
// Cohorts smaller than the input's min_cohort_rows are flagged wherever they
// appear (see cohort_sizes.h).
#ifndef GLASSBOX_DAEMON_SCORECARD_BLOCK_DRAWER_H_
#define GLASSBOX_DAEMON_SCORECARD_BLOCK_DRAWER_H_

#include <functional>
#include <string>
#include <vector>

#include "daemon/scorecard/block_reading.h"
#include "daemon/scorecard/pdf_canvas.h"
#include "daemon/scorecard/scorecard_input.h"
#include "glassbox/v1/insight.pb.h"
#include "glassbox/v1/scorecard.pb.h"

namespace glassbox::scorecard {

// Draws `blocks` in order, each run of metric blocks as one table, titled by
// `metrics_title` of the run's metrics (untitled when it gives "").
using MetricsTitle = std::function<std::string(const std::vector<const glassbox::v1::MetricBlock*>&)>;
void DrawBlocks(PdfCanvas& canvas, const std::vector<const glassbox::v1::Block*>& blocks,
                const ScorecardInput& input, const MetricsTitle& metrics_title = nullptr);
// An empty `title` draws the table without one.
void DrawMetrics(PdfCanvas& canvas, const std::string& title,
                 const std::vector<const glassbox::v1::MetricBlock*>& metrics, const ScorecardInput& input);
// The estimates with their intervals, then their table, kept on one page.
void DrawIntervalTable(PdfCanvas& canvas, const std::string& title, const IntervalTable& estimates);
void DrawTextBlock(PdfCanvas& canvas, const std::string& title, const std::string& text);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_BLOCK_DRAWER_H_
