// The scorecard's opening: the model's name, version and the issue date, a
// one-line verdict, the table of every target with its measured value and a
// pass/fail mark, what the model's owner says about it, the run's lineage
// (who, when, which data and analyzer versions) and a notice for every
// analysis that did not complete.
#ifndef GLASSBOX_DAEMON_SCORECARD_SUMMARY_PAGE_H_
#define GLASSBOX_DAEMON_SCORECARD_SUMMARY_PAGE_H_

#include <string>
#include <vector>

#include "daemon/scorecard/pdf_canvas.h"
#include "daemon/scorecard/scorecard_input.h"
#include "daemon/scorecard/targets.h"

namespace glassbox::scorecard {

// The model's display name: the configuration's ModelName, else the datasheet's.
std::string ModelTitle(const ScorecardInput& input);
// "All 5 targets met.", "Not all targets met: 3 of 5 met.", or that none were set.
std::string VerdictLine(const TargetSummary& summary);

void DrawSummary(PdfCanvas& canvas, const ScorecardInput& input, const std::vector<TargetCheck>& checks);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_SUMMARY_PAGE_H_
