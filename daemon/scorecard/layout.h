// Layout pieces shared by the scorecard's sections and blocks: headings,
// block titles and notice boxes, each placed at the canvas cursor.
#ifndef GLASSBOX_DAEMON_SCORECARD_LAYOUT_H_
#define GLASSBOX_DAEMON_SCORECARD_LAYOUT_H_

#include <string>

#include "daemon/scorecard/pdf_canvas.h"

namespace glassbox::scorecard {

// Vertical space after a block.
inline constexpr float kBlockGap = 14;

enum class NoticeKind { kInfo, kWarning, kFailure };

// A section heading with a rule, kept on one page with the start of what
// follows (PdfCanvas::KeepWithNext).
void SectionHeading(PdfCanvas& canvas, const std::string& title, const std::string& subtitle);
// The height BlockTitle takes for `title`, wrapped to the content width; 0 when empty.
float BlockTitleHeight(const PdfCanvas& canvas, const std::string& title);
// Draws a block title; `continued` marks a title repeated on a following page.
void BlockTitle(PdfCanvas& canvas, const std::string& title, bool continued = false);
// A muted paragraph under a block, kept whole on one page.
void Note(PdfCanvas& canvas, const std::string& text);
// A shaded box with a coloured bar on its left holding wrapped `text`.
void Notice(PdfCanvas& canvas, const std::string& text, NoticeKind kind);
// Blends `color` with white: 0 is white, 1 is `color`.
Color Tint(Color color, float amount);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_LAYOUT_H_
