// A flowing A4 document over libharu: pages with a cursor that moves down as
// content is added, text in an embedded TrueType font (UTF-8, selectable and
// searchable), and vector shapes. Coordinates are in points with y measured
// from the top of the page. libharu errors are collected and reported by
// Finish, so drawing calls need no checks.
#ifndef GLASSBOX_DAEMON_SCORECARD_PDF_CANVAS_H_
#define GLASSBOX_DAEMON_SCORECARD_PDF_CANVAS_H_

#include <hpdf.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "daemon/scorecard/style.h"

namespace glassbox::scorecard {

struct TextStyle {
  float size = style::kBodySize;
  bool bold = false;
  Color color = style::kInk;

  float line_height() const { return size * style::kLeading; }
};

struct CanvasOptions {
  std::string regular_font_path;
  std::string bold_font_path;
  std::string title;
  absl::Time creation_time;
  // Points each page's content reaches below bottom(), from 0 to style::kMaxPullBack.
  float pull_back = 0;
};

class PdfCanvas {
 public:
  // FAILED_PRECONDITION when a font file cannot be read.
  static absl::StatusOr<std::unique_ptr<PdfCanvas>> Create(const CanvasOptions& options);
  ~PdfCanvas();
  PdfCanvas(const PdfCanvas&) = delete;
  PdfCanvas& operator=(const PdfCanvas&) = delete;

  // Called on every page NewPage starts, after the cursor is set to the top margin.
  void set_page_decorator(std::function<void(PdfCanvas&)> decorator) { decorator_ = std::move(decorator); }

  // The content area.
  static constexpr float left() { return style::kMarginX; }
  static constexpr float right() { return style::kPageWidth - style::kMarginX; }
  static constexpr float width() { return right() - left(); }
  static constexpr float top() { return style::kMarginTop; }
  static constexpr float bottom() { return style::kPageHeight - style::kMarginBottom; }
  // The height of a page's content area.
  static constexpr float page_height() { return bottom() - top(); }

  float y() const { return y_; }
  void MoveDown(float points) { y_ += points; }
  float remaining() const { return bottom() + pull_back_ - y_; }
  // The share of the last page's content area above the cursor, 0 with no page.
  float last_page_fill() const;
  bool at_page_top() const { return y_ <= top_of_content_; }
  int page_count() const { return static_cast<int>(pages_.size()); }

  void NewPage();
  // Starts a new page unless `height` points fit below the cursor (or the
  // page is still empty, where nothing more can be gained). A heading held by
  // KeepWithNext is drawn first, on the page where it and `height` fit together.
  void EnsureSpace(float height);
  // Holds `draw`, a heading at most `height` points tall, until the next
  // EnsureSpace, so that the heading never ends a page apart from what it
  // heads. Whatever follows must call EnsureSpace before it draws; Finish
  // draws a heading still held.
  void KeepWithNext(float height, std::function<void(PdfCanvas&)> draw);

  float TextWidth(const std::string& text, const TextStyle& style) const;
  // Greedy line breaking at spaces and newlines; words wider than `width` are split.
  std::vector<std::string> Wrap(const std::string& text, const TextStyle& style, float width) const;
  // `text` cut to `width` with an ellipsis when it does not fit.
  std::string Fit(const std::string& text, const TextStyle& style, float width) const;

  // `baseline` is measured from the top of the page.
  void DrawText(float x, float baseline, const std::string& text, const TextStyle& style);
  void DrawTextRight(float right_x, float baseline, const std::string& text, const TextStyle& style);
  void DrawTextCentered(float center_x, float baseline, const std::string& text, const TextStyle& style);
  // Wraps `text` to `width` from the cursor and moves the cursor below it.
  void Paragraph(const std::string& text, const TextStyle& style, float x = left(), float width = PdfCanvas::width());

  void FillRect(float x, float top, float w, float h, Color color);
  void StrokeRect(float x, float top, float w, float h, Color color, float line_width = 0.5f);
  void Line(float x1, float y1, float x2, float y2, Color color, float line_width = 0.5f, bool dashed = false);
  void Polyline(const std::vector<std::pair<float, float>>& points, Color color, float line_width);
  void FillCircle(float cx, float cy, float radius, Color color);

  // Lets `decorate` draw on every page (e.g. "page i of n" footers), then
  // returns the document's bytes. INTERNAL if libharu reported an error.
  absl::StatusOr<std::string> Finish(const std::function<void(PdfCanvas&, int page, int page_count)>& decorate);

 private:
  PdfCanvas() = default;
  HPDF_Font FontFor(const TextStyle& style) const { return style.bold ? bold_ : regular_; }
  float PdfY(float y) const { return style::kPageHeight - y; }
  void SetPage(int index);

  static void OnError(HPDF_STATUS error, HPDF_STATUS detail, void* self);

  HPDF_Doc doc_ = nullptr;
  HPDF_Font regular_ = nullptr;
  HPDF_Font bold_ = nullptr;
  HPDF_STATUS first_error_ = HPDF_OK;
  HPDF_STATUS first_error_detail_ = HPDF_OK;
  std::vector<HPDF_Page> pages_;
  HPDF_Page page_ = nullptr;
  float y_ = 0;
  float top_of_content_ = top();
  float pull_back_ = 0;
  std::function<void(PdfCanvas&)> decorator_;
  struct HeldHeading {
    float height;
    std::function<void(PdfCanvas&)> draw;
  };
  std::optional<HeldHeading> held_heading_;
};

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_PDF_CANVAS_H_
