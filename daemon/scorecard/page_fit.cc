#include "daemon/scorecard/page_fit.h"

namespace glassbox::scorecard {
namespace {

absl::StatusOr<std::unique_ptr<PdfCanvas>> Drawn(const CanvasOptions& options,
                                                 const std::function<void(PdfCanvas&)>& draw) {
  auto canvas = PdfCanvas::Create(options);
  if (!canvas.ok()) return canvas.status();
  draw(**canvas);
  // A heading still held belongs on the page it is measured with.
  (*canvas)->EnsureSpace(0);
  return canvas;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PdfCanvas>> DrawFitted(const CanvasOptions& options,
                                                      const std::function<void(PdfCanvas&)>& draw) {
  auto first = Drawn(options, draw);
  if (!first.ok() || (*first)->page_count() < 2 || (*first)->last_page_fill() >= style::kNearEmptyLastPage) {
    return first;
  }
  CanvasOptions longer = options;
  longer.pull_back = style::kMaxPullBack;
  auto second = Drawn(longer, draw);
  if (!second.ok()) return second.status();
  return (*second)->page_count() < (*first)->page_count() ? std::move(second) : std::move(first);
}

}  // namespace glassbox::scorecard
