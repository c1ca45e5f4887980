#include "tests/daemon/scorecard/pdf_tools.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

namespace glassbox::scorecard::testing {
namespace {

// Reads a binary PPM (P6, maxval 255) as pdftoppm writes it.
Raster ReadPpm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  int maxval = 0;
  Raster raster;
  in >> magic >> raster.width >> raster.height >> maxval;
  in.get();
  EXPECT_EQ(magic, "P6") << path;
  EXPECT_EQ(maxval, 255) << path;
  raster.pixels.resize(static_cast<size_t>(raster.width) * raster.height * 3);
  in.read(reinterpret_cast<char*>(raster.pixels.data()), static_cast<std::streamsize>(raster.pixels.size()));
  EXPECT_EQ(in.gcount(), static_cast<std::streamsize>(raster.pixels.size())) << path;
  return raster;
}

}  // namespace

int64_t Raster::InkedPixels() const {
  int64_t inked = 0;
  for (size_t i = 0; i + 2 < pixels.size(); i += 3) {
    if (std::min({pixels[i], pixels[i + 1], pixels[i + 2]}) < 240) ++inked;
  }
  return inked;
}

std::string WriteTempFile(const std::string& name, const std::string& bytes) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path folder = std::filesystem::path(::testing::TempDir()) /
                                       absl::StrCat("scorecard_", test->test_suite_name(), "_", test->name());
  std::filesystem::create_directories(folder);
  const std::string path = (folder / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string RunCommand(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "could not run: " << command;
    return "";
  }
  std::string output;
  char buffer[65536];
  for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) output.append(buffer, n);
  const int status = pclose(pipe);
  EXPECT_EQ(status, 0) << "command failed: " << command;
  return output;
}

std::vector<std::string> PdfTextPages(const std::string& pdf_path) {
  const std::string text = RunCommand(absl::StrCat("pdftotext -layout '", pdf_path, "' - 2>/dev/null"));
  std::vector<std::string> pages = absl::StrSplit(text, '\f');
  if (!pages.empty() && pages.back().empty()) pages.pop_back();
  return pages;
}

std::vector<Raster> RasterizePages(const std::string& pdf_path, int dpi) {
  const std::filesystem::path folder = std::filesystem::path(pdf_path).replace_extension("pages");
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  RunCommand(absl::StrCat("pdftoppm -r ", dpi, " '", pdf_path, "' '", (folder / "page").string(), "' 2>/dev/null"));
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) files.push_back(entry.path().string());
  // pdftoppm numbers pages with zero padding to a common width, so names sort in page order.
  std::sort(files.begin(), files.end());
  std::vector<Raster> pages;
  for (const auto& file : files) pages.push_back(ReadPpm(file));
  return pages;
}

}  // namespace glassbox::scorecard::testing
