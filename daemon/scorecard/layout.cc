#include "daemon/scorecard/layout.h"

#include "absl/strings/str_cat.h"

namespace glassbox::scorecard {
namespace {

constexpr TextStyle kSectionStyle{style::kSectionSize, true, style::kAccent};
constexpr TextStyle kSectionSubtitleStyle{style::kBodySize, false, style::kMuted};
constexpr TextStyle kBlockTitleStyle{style::kBlockTitleSize, true, style::kInk};
constexpr TextStyle kNoticeStyle{style::kBodySize, false, style::kInk};
constexpr TextStyle kNoteStyle{style::kBodySize - 0.5f, false, style::kMuted};
constexpr float kNoticePadding = 7;
constexpr float kNoticeBar = 3;

}  // namespace

Color Tint(Color color, float amount) {
  return {1 - (1 - color.r) * amount, 1 - (1 - color.g) * amount, 1 - (1 - color.b) * amount};
}

void SectionHeading(PdfCanvas& canvas, const std::string& title, const std::string& subtitle) {
  constexpr float kSpaceAbove = 10;
  const auto lines = canvas.Wrap(subtitle, kSectionSubtitleStyle, PdfCanvas::width());
  const float height = kSpaceAbove + kSectionStyle.line_height() +
                       (subtitle.empty() ? 0 : lines.size() * kSectionSubtitleStyle.line_height()) + 13;
  canvas.KeepWithNext(height, [title, subtitle](PdfCanvas& page) {
    if (!page.at_page_top()) page.MoveDown(kSpaceAbove);
    page.DrawText(PdfCanvas::left(), page.y() + kSectionStyle.size, title, kSectionStyle);
    page.MoveDown(kSectionStyle.line_height());
    if (!subtitle.empty()) page.Paragraph(subtitle, kSectionSubtitleStyle);
    page.MoveDown(3);
    page.Line(PdfCanvas::left(), page.y(), PdfCanvas::right(), page.y(), style::kAccent, 1.2f);
    page.MoveDown(10);
  });
}

float BlockTitleHeight(const PdfCanvas& canvas, const std::string& title) {
  if (title.empty()) return 0;
  return canvas.Wrap(title, kBlockTitleStyle, PdfCanvas::width()).size() * kBlockTitleStyle.line_height() + 3;
}

void BlockTitle(PdfCanvas& canvas, const std::string& title, bool continued) {
  if (title.empty()) return;
  canvas.Paragraph(continued ? absl::StrCat(title, " (continued)") : title, kBlockTitleStyle);
  canvas.MoveDown(3);
}

void Note(PdfCanvas& canvas, const std::string& text) {
  canvas.EnsureSpace(canvas.Wrap(text, kNoteStyle, PdfCanvas::width()).size() * kNoteStyle.line_height());
  canvas.Paragraph(text, kNoteStyle);
  canvas.MoveDown(6);
}

void Notice(PdfCanvas& canvas, const std::string& text, NoticeKind kind) {
  const Color bar = kind == NoticeKind::kFailure   ? style::kFail
                    : kind == NoticeKind::kWarning ? style::kWarn
                                                   : style::kAccent;
  const Color fill = kind == NoticeKind::kFailure   ? style::kFailFill
                     : kind == NoticeKind::kWarning ? style::kWarnFill
                                                    : style::kHeaderFill;
  const float text_x = PdfCanvas::left() + kNoticeBar + kNoticePadding;
  const float text_width = PdfCanvas::width() - kNoticeBar - 2 * kNoticePadding;
  const auto lines = canvas.Wrap(text, kNoticeStyle, text_width);
  const float height = lines.size() * kNoticeStyle.line_height() + 2 * kNoticePadding;
  canvas.EnsureSpace(height);
  const float top = canvas.y();
  canvas.FillRect(PdfCanvas::left(), top, PdfCanvas::width(), height, fill);
  canvas.FillRect(PdfCanvas::left(), top, kNoticeBar, height, bar);
  float baseline = top + kNoticePadding + kNoticeStyle.size;
  for (const auto& line : lines) {
    canvas.DrawText(text_x, baseline, line, kNoticeStyle);
    baseline += kNoticeStyle.line_height();
  }
  canvas.MoveDown(height + kBlockGap);
}

}  // namespace glassbox::scorecard
