// Tables as pdftotext reads them back: a table too wide for the page breaks
// its cells' long words, never the words of its column titles ("Featur e").
#include "daemon/scorecard/table_drawer.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/sha256.h"
#include "tests/daemon/scorecard/pdf_tools.h"

namespace glassbox::scorecard {
namespace {

std::unique_ptr<PdfCanvas> Canvas() {
  CanvasOptions options;
  options.regular_font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  options.bold_font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
  auto canvas = PdfCanvas::Create(options);
  EXPECT_TRUE(canvas.ok()) << canvas.status();
  return canvas.ok() ? *std::move(canvas) : nullptr;
}

// Eight columns of 64-character digests, far wider than the page even at the
// smallest type, so every column is squeezed; three titles hold a word wider
// than an even eighth of the page, which only the title-word floor keeps whole.
TEST(TableDrawerTest, ColumnTitlesNeverBreakInsideAWordWhenCellsMust) {
  auto canvas = Canvas();
  ASSERT_NE(canvas, nullptr);
  TableData table;
  table.columns = {"Representativeness score", "Misclassification rate", "Counterfactual validity", "Id", "No",
                   "Ok", "By", "Up"};
  std::vector<std::string> digests;
  for (int r = 0; r < 3; ++r) {
    auto& row = table.rows.emplace_back();
    for (size_t c = 0; c < table.columns.size(); ++c) {
      digests.push_back(storage::Sha256Hex(absl::StrCat("cell ", r, " ", c)));
      row.push_back(TextCell(digests.back()));
    }
  }
  canvas->NewPage();
  DrawTable(*canvas, "Narrow columns", table);
  auto pdf = canvas->Finish([](PdfCanvas&, int, int) {});
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  const auto pages = testing::PdfTextPages(testing::WriteTempFile("narrow_columns.pdf", *pdf));
  ASSERT_EQ(pages.size(), 1u);
  const std::string& text = pages[0];
  // The cells did not fit: no digest is on one line.
  for (const auto& digest : digests) EXPECT_FALSE(absl::StrContains(text, digest)) << digest;
  for (const char* word : {"Representativeness", "score", "Misclassification", "rate", "Counterfactual", "validity"}) {
    EXPECT_TRUE(absl::StrContains(text, word)) << word << " is broken in:\n" << text;
  }
}

}  // namespace
}  // namespace glassbox::scorecard
