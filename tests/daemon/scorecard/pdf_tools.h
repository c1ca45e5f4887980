// Reads rendered PDFs back the way a person would, with poppler-utils:
// the text pdftotext -layout extracts, page by page, and each page rasterised
// by pdftoppm.
#ifndef GLASSBOX_TESTS_DAEMON_SCORECARD_PDF_TOOLS_H_
#define GLASSBOX_TESTS_DAEMON_SCORECARD_PDF_TOOLS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace glassbox::scorecard::testing {

struct Raster {
  int width = 0;
  int height = 0;
  // RGB triples, row by row.
  std::vector<uint8_t> pixels;

  // Pixels whose darkest channel is below 240 (not white paper).
  int64_t InkedPixels() const;
};

// Writes `bytes` to a fresh file in the test's temporary folder and returns its path.
std::string WriteTempFile(const std::string& name, const std::string& bytes);
// The text of each page, from pdftotext -layout.
std::vector<std::string> PdfTextPages(const std::string& pdf_path);
// Each page rendered by pdftoppm at `dpi`.
std::vector<Raster> RasterizePages(const std::string& pdf_path, int dpi);
// The standard output of a shell command; fails the test if it exits non-zero.
std::string RunCommand(const std::string& command);

}  // namespace glassbox::scorecard::testing

#endif  // GLASSBOX_TESTS_DAEMON_SCORECARD_PDF_TOOLS_H_
