#include "daemon/scorecard/pdf_canvas.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "daemon/scorecard/page_fit.h"
#include "tests/daemon/scorecard/pdf_tools.h"

namespace glassbox::scorecard {
namespace {

CanvasOptions Options() {
  CanvasOptions options;
  options.regular_font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  options.bold_font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
  return options;
}

std::unique_ptr<PdfCanvas> Canvas() {
  auto canvas = PdfCanvas::Create(Options());
  EXPECT_TRUE(canvas.ok()) << canvas.status();
  return canvas.ok() ? *std::move(canvas) : nullptr;
}

TEST(PdfCanvasTest, TextWidthScalesWithSize) {
  auto canvas = Canvas();
  ASSERT_NE(canvas, nullptr);
  const float small = canvas->TextWidth("accuracy_score", {10});
  EXPECT_GT(small, 40);
  EXPECT_NEAR(canvas->TextWidth("accuracy_score", {20}), 2 * small, 1e-3);
  EXPECT_GT(canvas->TextWidth("accuracy_score", {10, true}), small);
  EXPECT_NEAR(canvas->TextWidth("ab", {10}), canvas->TextWidth("a", {10}) + canvas->TextWidth("b", {10}), 1e-3);
}

TEST(PdfCanvasTest, WrapKeepsEveryWordAndEachLineFits) {
  auto canvas = Canvas();
  ASSERT_NE(canvas, nullptr);
  const std::string text =
      "Ranking marketing leads by likely income bracket. Not for decisions on credit, employment, housing or "
      "insurance.";
  const TextStyle style{9};
  const auto lines = canvas->Wrap(text, style, 150);
  ASSERT_GT(lines.size(), 2u);
  for (const auto& line : lines) EXPECT_LE(canvas->TextWidth(line, style), 150) << line;
  EXPECT_EQ(absl::StrJoin(lines, " "), text);
}

TEST(PdfCanvasTest, WrapSplitsWordsWiderThanTheLineAndKeepsParagraphs) {
  auto canvas = Canvas();
  ASSERT_NE(canvas, nullptr);
  const TextStyle style{9};
  const std::string hash = "53573601f12ddcb84f0cf9e0ebe98698858c6c6aebf7001ffa22eecf328cf94a";
  const auto lines = canvas->Wrap("SHA-256 " + hash + "\nnext", style, 100);
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines.front(), "SHA-256");
  EXPECT_EQ(lines.back(), "next");
  std::string joined;
  for (size_t i = 1; i + 1 < lines.size(); ++i) {
    EXPECT_LE(canvas->TextWidth(lines[i], style), 100);
    joined += lines[i];
  }
  EXPECT_EQ(joined, hash);
}

TEST(PdfCanvasTest, FitCutsWithAnEllipsisOnACodePointBoundary) {
  auto canvas = Canvas();
  ASSERT_NE(canvas, nullptr);
  const TextStyle style{9};
  EXPECT_EQ(canvas->Fit("short", style, 100), "short");
  const std::string fitted = canvas->Fit("Ελληνικά κείμενα που δεν χωράνε", style, 60);
  EXPECT_LE(canvas->TextWidth(fitted, style), 60);
  EXPECT_TRUE(fitted.size() >= 3 && fitted.substr(fitted.size() - 3) == "…");
  EXPECT_EQ(fitted.rfind("Ελλ", 0), 0u);
}

TEST(PdfCanvasTest, CountsPagesAndSavesAPdf) {
  auto canvas = Canvas();
  ASSERT_NE(canvas, nullptr);
  canvas->NewPage();
  canvas->Paragraph("first", {});
  canvas->EnsureSpace(PdfCanvas::page_height());
  EXPECT_EQ(canvas->page_count(), 2);
  // A fresh page holds what it can even when that is less than asked.
  canvas->EnsureSpace(PdfCanvas::page_height() * 2);
  EXPECT_EQ(canvas->page_count(), 2);
  int decorated = 0;
  auto pdf = canvas->Finish([&](PdfCanvas&, int page, int count) {
    EXPECT_EQ(count, 2);
    EXPECT_EQ(page, ++decorated);
  });
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_EQ(decorated, 2);
  EXPECT_EQ(pdf->rfind("%PDF-1.", 0), 0u);
  EXPECT_NE(pdf->find("%%EOF"), std::string::npos);
}

// A heading near the foot of a page goes to the next page with the block it
// heads, which asks for more room than is left under the heading.
TEST(PdfCanvasTest, AHeldHeadingMovesToTheNextPageWithWhatItHeads) {
  auto canvas = Canvas();
  ASSERT_NE(canvas, nullptr);
  canvas->NewPage();
  canvas->MoveDown(PdfCanvas::page_height() - 60);
  canvas->KeepWithNext(30, [](PdfCanvas& page) { page.Paragraph("Model performance", {14, true}); });
  EXPECT_EQ(canvas->page_count(), 1);
  canvas->EnsureSpace(40);
  EXPECT_EQ(canvas->page_count(), 2);
  canvas->Paragraph("Metrics table", {});
  // One that fits with its block stays where it is.
  canvas->KeepWithNext(30, [](PdfCanvas& page) { page.Paragraph("Fairness", {14, true}); });
  canvas->EnsureSpace(40);
  canvas->Paragraph("Disparities table", {});
  // Finish draws a heading nothing followed.
  canvas->KeepWithNext(30, [](PdfCanvas& page) { page.Paragraph("Last words", {14, true}); });
  auto pdf = canvas->Finish([](PdfCanvas&, int, int) {});
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  const auto pages = testing::PdfTextPages(testing::WriteTempFile("held.pdf", *pdf));
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].find("Model performance"), std::string::npos) << pages[0];
  EXPECT_LT(pages[1].find("Model performance"), pages[1].find("Metrics table"));
  EXPECT_LT(pages[1].find("Metrics table"), pages[1].find("Fairness"));
  EXPECT_LT(pages[1].find("Disparities table"), pages[1].find("Last words"));
  EXPECT_NE(pages[1].find("Last words"), std::string::npos);
}

// Lines of 10 pt type are 13.5 pt apart (style::kLeading 1.35). A page's
// content area is 841.89 - 62 - 58 = 721.89 pt: 53 lines (715.5 pt), and 54
// (729 pt) with the 10 pt pull-back (731.89 pt).
struct FittedLines {
  int draws = 0;
  std::vector<std::string> pages;
};

FittedLines FitLines(int lines) {
  FittedLines fitted;
  auto canvas = DrawFitted(Options(), [&](PdfCanvas& page) {
    ++fitted.draws;
    page.NewPage();
    for (int i = 1; i <= lines; ++i) page.Paragraph(absl::StrCat("line ", i), {10});
  });
  EXPECT_TRUE(canvas.ok()) << canvas.status();
  if (!canvas.ok()) return fitted;
  auto pdf = (*canvas)->Finish([](PdfCanvas&, int, int) {});
  EXPECT_TRUE(pdf.ok()) << pdf.status();
  fitted.pages = testing::PdfTextPages(testing::WriteTempFile(absl::StrCat("fitted", lines, ".pdf"), *pdf));
  return fitted;
}

// 108 lines are 53 + 53 + 2, a last page 27 pt full (under a quarter of
// 721.89 pt), and 54 + 54 pulled back: the card ends on a full page instead.
TEST(PdfCanvasTest, ANearEmptyLastPageIsPulledBackOntoTheOnesBefore) {
  const FittedLines fitted = FitLines(108);
  EXPECT_EQ(fitted.draws, 2);
  ASSERT_EQ(fitted.pages.size(), 2u);
  EXPECT_NE(fitted.pages[0].find("line 54\n"), std::string::npos) << fitted.pages[0];
  EXPECT_EQ(fitted.pages[0].find("line 55"), std::string::npos);
  EXPECT_NE(fitted.pages[1].find("line 108"), std::string::npos);
}

// 126 lines leave 20 on the third page (270 pt, 37% of it): laid out once, as it is.
TEST(PdfCanvasTest, ALastPageAQuarterFullOrMoreIsLeftAsItIs) {
  const FittedLines fitted = FitLines(126);
  EXPECT_EQ(fitted.draws, 1);
  ASSERT_EQ(fitted.pages.size(), 3u);
  EXPECT_NE(fitted.pages[2].find("line 107"), std::string::npos);
}

// 116 lines leave 10 (135 pt, 19%); pulled back, 108 fit on two pages and 8
// still need a third, so the first layout stands rather than a crammed one.
TEST(PdfCanvasTest, APullBackThatSavesNoPageIsNotKept) {
  const FittedLines fitted = FitLines(116);
  EXPECT_EQ(fitted.draws, 2);
  ASSERT_EQ(fitted.pages.size(), 3u);
  EXPECT_EQ(fitted.pages[1].find("line 107"), std::string::npos) << fitted.pages[1];
  EXPECT_NE(fitted.pages[2].find("line 107"), std::string::npos);
}

// libharu's own ToUnicode table for UTF-8 fonts is a CID CMap that poppler
// rejects ("Invalid 'begincidrange' operator in ToUnicode CMap") and from
// which viewers copy no text; the canvas replaces it.
TEST(PdfCanvasTest, TextInEveryScriptCopiesBackAndPopplerDoesNotComplain) {
  auto canvas = Canvas();
  ASSERT_NE(canvas, nullptr);
  const std::vector<std::string> lines = {"Accuracy accuracy_score 0.8670 >= 0.85 ✓ PASS ✗ FAIL",
                                          "R² ≤ ± — … ⚠ 12 rows", "Modèle de crédit – Ελληνικά – Кириллица"};
  canvas->NewPage();
  for (const auto& line : lines) canvas->Paragraph(line, {10, true});
  for (const auto& line : lines) canvas->Paragraph(line, {10});
  auto pdf = canvas->Finish([](PdfCanvas&, int, int) {});
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  const std::string path = testing::WriteTempFile("scripts.pdf", *pdf);
  EXPECT_EQ(testing::RunCommand("pdftotext '" + path + "' /dev/null 2>&1"), "");
  EXPECT_EQ(testing::RunCommand("pdffonts '" + path + "' 2>&1 >/dev/null"), "");
  const std::string text = testing::RunCommand("pdftotext '" + path + "' - 2>/dev/null");
  for (const auto& line : lines) {
    size_t copies = 0;
    for (size_t at = text.find(line); at != std::string::npos; at = text.find(line, at + 1)) ++copies;
    EXPECT_EQ(copies, 2u) << line << " in\n" << text;
  }
}

}  // namespace
}  // namespace glassbox::scorecard
