#include "daemon/scorecard/scorecard_renderer.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "daemon/scorecard/page_fit.h"
#include "daemon/scorecard/pdf_canvas.h"
#include "daemon/scorecard/section_plan.h"
#include "daemon/scorecard/sections.h"
#include "daemon/scorecard/summary_page.h"

namespace glassbox::scorecard {
namespace {

constexpr TextStyle kRunningStyle{style::kSmallSize, false, style::kMuted};

// Pages after the first carry the model's name and the issue date.
void DrawRunningHeader(PdfCanvas& canvas, const std::string& left_text, const std::string& right_text) {
  if (canvas.page_count() == 1) return;
  const float right_width = canvas.TextWidth(right_text, kRunningStyle);
  canvas.DrawText(PdfCanvas::left(), style::kHeaderBaseline,
                  canvas.Fit(left_text, kRunningStyle, PdfCanvas::width() - right_width - 20), kRunningStyle);
  canvas.DrawTextRight(PdfCanvas::right(), style::kHeaderBaseline, right_text, kRunningStyle);
  canvas.Line(PdfCanvas::left(), style::kHeaderBaseline + 6, PdfCanvas::right(), style::kHeaderBaseline + 6,
              style::kRule);
}

void DrawFooter(PdfCanvas& canvas, const std::string& lineage, int page, int page_count) {
  const float rule = style::kFooterBaseline - kRunningStyle.size - 5;
  canvas.Line(PdfCanvas::left(), rule, PdfCanvas::right(), rule, style::kRule);
  const std::string number = absl::StrCat("Page ", page, " of ", page_count);
  const float number_width = canvas.TextWidth(number, kRunningStyle);
  canvas.DrawText(PdfCanvas::left(), style::kFooterBaseline,
                  canvas.Fit(lineage, kRunningStyle, PdfCanvas::width() - number_width - 16), kRunningStyle);
  canvas.DrawTextRight(PdfCanvas::right(), style::kFooterBaseline, number, kRunningStyle);
}

}  // namespace

absl::StatusOr<RenderedScorecard> RenderScorecard(const ScorecardInput& input, const RenderOptions& options) {
  const std::string title = ModelTitle(input);
  CanvasOptions canvas_options;
  canvas_options.regular_font_path = absl::StrCat(options.font_directory, "/DejaVuSans.ttf");
  canvas_options.bold_font_path = absl::StrCat(options.font_directory, "/DejaVuSans-Bold.ttf");
  canvas_options.title = absl::StrCat("Responsible AI scorecard: ", title);
  canvas_options.creation_time = input.issue_time;
  const std::string header_left = absl::StrCat(title, "  ·  Responsible AI scorecard");
  const std::string header_right =
      absl::StrCat("Issued ", absl::FormatTime("%Y-%m-%d", input.issue_time, absl::UTCTimeZone()));
  const auto checks = EvaluateTargets(input.config, input.run, input.insights);
  const auto sections = PlanSections(input);
  auto canvas = DrawFitted(canvas_options, [&](PdfCanvas& canvas) {
    canvas.set_page_decorator([&](PdfCanvas& page) { DrawRunningHeader(page, header_left, header_right); });
    canvas.NewPage();
    DrawSummary(canvas, input, checks);
    for (const auto& section : sections) DrawSection(canvas, section, input);
  });
  if (!canvas.ok()) return canvas.status();

  const std::string lineage =
      absl::StrCat("Run ", input.run.id().empty() ? "unknown" : input.run.id(), "   ·   Dataset SHA-256 ",
                   input.dataset.sha256().empty() ? "unknown" : input.dataset.sha256());
  auto pdf =
      (*canvas)->Finish([&](PdfCanvas& page, int number, int count) { DrawFooter(page, lineage, number, count); });
  if (!pdf.ok()) return pdf.status();
  RenderedScorecard rendered;
  rendered.pdf = *std::move(pdf);
  rendered.targets = Summarize(checks);
  rendered.page_count = (*canvas)->page_count();
  return rendered;
}

}  // namespace glassbox::scorecard
