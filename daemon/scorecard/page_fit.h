// Keeps a card from ending on a near-empty page. `draw` lays the whole
// document out on a canvas; when it takes more than one page and its last
// page holds less than style::kNearEmptyLastPage of a page's content area, it
// is laid out once more with every page's content area style::kMaxPullBack
// points longer (into the space above the footer rule), and that layout is
// kept when it has fewer pages. Otherwise the first layout stands: content is
// never shrunk or dropped to save a page.
#ifndef GLASSBOX_DAEMON_SCORECARD_PAGE_FIT_H_
#define GLASSBOX_DAEMON_SCORECARD_PAGE_FIT_H_

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "daemon/scorecard/pdf_canvas.h"

namespace glassbox::scorecard {

// The canvas `draw` filled, not yet finished. `draw` must draw the same
// content each time it is called.
absl::StatusOr<std::unique_ptr<PdfCanvas>> DrawFitted(const CanvasOptions& options,
                                                      const std::function<void(PdfCanvas&)>& draw);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_PAGE_FIT_H_
