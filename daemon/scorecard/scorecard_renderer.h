// Renders a run's Responsible AI scorecard: a PDF for product owners, risk
// officers and auditors. Its first page names the model and the date, lists
// every target with the measured value and a pass/fail mark under a one-line
// verdict, describes the model and the run, and states every analysis that
// did not complete. Sections follow for each analysis that ran (see
// sections.h). Charts are vectors, text is selectable and searchable in an
// embedded DejaVu Sans (Debian package fonts-dejavu-core), long tables repeat
// their header on each page, and every page is numbered with the run id and
// the dataset's SHA-256 in its footer. The same input gives the same bytes.
#ifndef GLASSBOX_DAEMON_SCORECARD_SCORECARD_RENDERER_H_
#define GLASSBOX_DAEMON_SCORECARD_SCORECARD_RENDERER_H_

#include <string>

#include "absl/status/statusor.h"
#include "daemon/scorecard/scorecard_input.h"
#include "daemon/scorecard/targets.h"

namespace glassbox::scorecard {

struct RenderOptions {
  // Holds DejaVuSans.ttf and DejaVuSans-Bold.ttf.
  std::string font_directory = "/usr/share/fonts/truetype/dejavu";
};

struct RenderedScorecard {
  std::string pdf;
  // The verdict and counts for the Scorecard resource.
  TargetSummary targets;
  int page_count = 0;
};

// FAILED_PRECONDITION when the fonts are missing; INTERNAL if libharu fails.
absl::StatusOr<RenderedScorecard> RenderScorecard(const ScorecardInput& input, const RenderOptions& options = {});

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_SCORECARD_RENDERER_H_
