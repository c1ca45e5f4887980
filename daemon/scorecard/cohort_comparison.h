// The run's cohorts side by side on the Cohorts page: a column for all the
// data and one for each cohort the scorecard shows (headed by its name,
// flagged when it is small), a row for the cohort's size and one for each
// metric the configuration's Metrics names (every metric reported for a cohort
// when it names none), with its target; a cohort's value is marked ✓ or ✗
// against it. Read from metric blocks typed with a cohort, as model_overview
// reports them.
#ifndef GLASSBOX_DAEMON_SCORECARD_COHORT_COMPARISON_H_
#define GLASSBOX_DAEMON_SCORECARD_COHORT_COMPARISON_H_

#include <string>
#include <vector>

#include "daemon/scorecard/pdf_canvas.h"
#include "daemon/scorecard/scorecard_input.h"

namespace glassbox::scorecard {

// Draws the comparison; returns the shown cohorts no analysis reported a metric for.
std::vector<std::string> DrawCohortComparison(PdfCanvas& canvas, const ScorecardInput& input);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_COHORT_COMPARISON_H_
