#include "daemon/scorecard/pdf_canvas.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "daemon/scorecard/to_unicode_cmap.h"

namespace glassbox::scorecard {
namespace {

constexpr char kEllipsis[] = "…";
constexpr char32_t kReplacement = 0xFFFD;

void AppendUtf8(char32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// Decodes the code point at text[i], advancing i; kReplacement for malformed bytes.
char32_t NextCodePoint(const std::string& text, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  int length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) {
    ++i;
    return kReplacement;
  }
  char32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
  for (int k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return kReplacement;
    }
    code_point = (code_point << 6) | (byte(i + k) & 0x3F);
  }
  i += length;
  return code_point;
}

// libharu's UTF-8 encoder takes the Basic Multilingual Plane only and draws
// control characters as boxes; both are replaced here, as is malformed UTF-8.
std::string Printable(const std::string& text) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; })) return text;
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t code_point = NextCodePoint(text, i);
    if (code_point < 0x20 || code_point == 0x7F) code_point = ' ';
    if (code_point > 0xFFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) code_point = kReplacement;
    AppendUtf8(code_point, out);
  }
  return out;
}

// Byte offsets at which code points start, plus text.size().
std::vector<size_t> CodePointStarts(const std::string& text) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(text.size());
  return starts;
}

// The longest prefix of `word`, at least one code point long, that `fits`.
template <typename Fits>
size_t LongestFittingPrefix(const std::string& word, Fits fits) {
  const auto starts = CodePointStarts(word);
  size_t best = starts.size() > 1 ? starts[1] : word.size();
  for (size_t k = 2; k < starts.size(); ++k) {
    if (!fits(word.substr(0, starts[k]))) break;
    best = starts[k];
  }
  return best;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PdfCanvas>> PdfCanvas::Create(const CanvasOptions& options) {
  for (const auto& path : {options.regular_font_path, options.bold_font_path}) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
      return absl::FailedPreconditionError(
          absl::StrCat("scorecard font '", path, "' not found; install the fonts-dejavu-core package"));
    }
  }
  std::unique_ptr<PdfCanvas> canvas(new PdfCanvas());
  canvas->doc_ = HPDF_New(&PdfCanvas::OnError, canvas.get());
  if (canvas->doc_ == nullptr) return absl::ResourceExhaustedError("libharu could not allocate a PDF document");
  canvas->pull_back_ = std::clamp(options.pull_back, 0.0f, style::kMaxPullBack);
  HPDF_Doc doc = canvas->doc_;
  HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(doc);
  const char* regular = HPDF_LoadTTFontFromFile(doc, options.regular_font_path.c_str(), HPDF_TRUE);
  const char* bold = HPDF_LoadTTFontFromFile(doc, options.bold_font_path.c_str(), HPDF_TRUE);
  if (regular == nullptr || bold == nullptr) {
    return absl::FailedPreconditionError(absl::StrFormat("libharu could not load the scorecard fonts (error 0x%04X)",
                                                         static_cast<unsigned>(canvas->first_error_)));
  }
  canvas->regular_ = HPDF_GetFont(doc, regular, "UTF-8");
  canvas->bold_ = HPDF_GetFont(doc, bold, "UTF-8");
  for (HPDF_Font font : {canvas->regular_, canvas->bold_}) {
    if (absl::Status replaced = ReplaceToUnicodeCMap(font); !replaced.ok()) return replaced;
  }
  const absl::CivilSecond when = absl::ToCivilSecond(options.creation_time, absl::UTCTimeZone());
  HPDF_Date date = {static_cast<HPDF_INT>(when.year()),
                    when.month(),
                    when.day(),
                    when.hour(),
                    when.minute(),
                    when.second(),
                    'Z',
                    0,
                    0};
  HPDF_SetInfoDateAttr(doc, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR, "glassbox");
  HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, Printable(options.title).c_str());
  return canvas;
}

PdfCanvas::~PdfCanvas() {
  if (doc_ != nullptr) HPDF_Free(doc_);
}

void PdfCanvas::OnError(HPDF_STATUS error, HPDF_STATUS detail, void* self) {
  auto* canvas = static_cast<PdfCanvas*>(self);
  if (canvas->first_error_ == HPDF_OK) {
    canvas->first_error_ = error;
    canvas->first_error_detail_ = detail;
  }
}

void PdfCanvas::NewPage() {
  HPDF_Page page = HPDF_AddPage(doc_);
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  pages_.push_back(page);
  page_ = page;
  y_ = top();
  if (decorator_) decorator_(*this);
  top_of_content_ = y_;
}

void PdfCanvas::EnsureSpace(float height) {
  if (held_heading_.has_value()) {
    HeldHeading heading = *std::move(held_heading_);
    held_heading_.reset();
    if (page_ == nullptr || (heading.height + height > remaining() && !at_page_top())) NewPage();
    heading.draw(*this);
  }
  if (page_ == nullptr || (height > remaining() && !at_page_top())) NewPage();
}

float PdfCanvas::last_page_fill() const {
  if (page_ == nullptr) return 0;
  return (y_ - top_of_content_) / (bottom() + pull_back_ - top_of_content_);
}

void PdfCanvas::KeepWithNext(float height, std::function<void(PdfCanvas&)> draw) {
  if (held_heading_.has_value()) EnsureSpace(0);
  held_heading_ = HeldHeading{height, std::move(draw)};
}

void PdfCanvas::SetPage(int index) { page_ = pages_[index]; }

float PdfCanvas::TextWidth(const std::string& text, const TextStyle& style) const {
  const std::string printable = Printable(text);
  HPDF_TextWidth width =
      HPDF_Font_TextWidth(FontFor(style), reinterpret_cast<const HPDF_BYTE*>(printable.data()), printable.size());
  return static_cast<float>(width.width) * style.size / 1000.0f;
}

std::vector<std::string> PdfCanvas::Wrap(const std::string& text, const TextStyle& style, float width) const {
  // Widths computed to fit a text exactly must not lose it to rounding.
  width += 0.01f;
  std::vector<std::string> lines;
  const float space = TextWidth(" ", style);
  const auto fits = [&](const std::string& piece) { return TextWidth(piece, style) <= width; };
  for (absl::string_view paragraph : absl::StrSplit(text, '\n')) {
    std::string line;
    float line_width = 0;
    for (absl::string_view piece : absl::StrSplit(paragraph, ' ', absl::SkipEmpty())) {
      std::string word(piece);
      float word_width = TextWidth(word, style);
      if (!line.empty() && line_width + space + word_width <= width) {
        absl::StrAppend(&line, " ", word);
        line_width += space + word_width;
        continue;
      }
      if (!line.empty()) lines.push_back(std::move(line));
      while (word_width > width) {
        size_t cut = LongestFittingPrefix(word, fits);
        // Break after a hyphen when the piece that fits has one: "Amer-Indian-" / "Eskimo".
        if (const size_t hyphen = word.rfind('-', cut - 1);
            hyphen != std::string::npos && hyphen > 0 && hyphen + 1 < cut) {
          cut = hyphen + 1;
        }
        if (cut >= word.size()) break;
        lines.push_back(word.substr(0, cut));
        word.erase(0, cut);
        word_width = TextWidth(word, style);
      }
      line = std::move(word);
      line_width = word_width;
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string PdfCanvas::Fit(const std::string& text, const TextStyle& style, float width) const {
  if (TextWidth(text, style) <= width) return text;
  const float ellipsis = TextWidth(kEllipsis, style);
  const size_t cut =
      LongestFittingPrefix(text, [&](const std::string& piece) { return TextWidth(piece, style) + ellipsis <= width; });
  return absl::StrCat(text.substr(0, cut), kEllipsis);
}

void PdfCanvas::DrawText(float x, float baseline, const std::string& text, const TextStyle& style) {
  if (text.empty()) return;
  HPDF_Page_BeginText(page_);
  HPDF_Page_SetFontAndSize(page_, FontFor(style), style.size);
  HPDF_Page_SetRGBFill(page_, style.color.r, style.color.g, style.color.b);
  HPDF_Page_TextOut(page_, x, PdfY(baseline), Printable(text).c_str());
  HPDF_Page_EndText(page_);
}

void PdfCanvas::DrawTextRight(float right_x, float baseline, const std::string& text, const TextStyle& style) {
  DrawText(right_x - TextWidth(text, style), baseline, text, style);
}

void PdfCanvas::DrawTextCentered(float center_x, float baseline, const std::string& text, const TextStyle& style) {
  DrawText(center_x - TextWidth(text, style) / 2, baseline, text, style);
}

void PdfCanvas::Paragraph(const std::string& text, const TextStyle& style, float x, float width) {
  for (const auto& line : Wrap(text, style, width)) {
    EnsureSpace(style.line_height());
    DrawText(x, y_ + style.size, line, style);
    y_ += style.line_height();
  }
}

void PdfCanvas::FillRect(float x, float top, float w, float h, Color color) {
  HPDF_Page_SetRGBFill(page_, color.r, color.g, color.b);
  HPDF_Page_Rectangle(page_, x, PdfY(top + h), w, h);
  HPDF_Page_Fill(page_);
}

void PdfCanvas::StrokeRect(float x, float top, float w, float h, Color color, float line_width) {
  HPDF_Page_SetRGBStroke(page_, color.r, color.g, color.b);
  HPDF_Page_SetLineWidth(page_, line_width);
  HPDF_Page_Rectangle(page_, x, PdfY(top + h), w, h);
  HPDF_Page_Stroke(page_);
}

void PdfCanvas::Line(float x1, float y1, float x2, float y2, Color color, float line_width, bool dashed) {
  static constexpr HPDF_UINT16 kDash[] = {3, 2};
  HPDF_Page_SetRGBStroke(page_, color.r, color.g, color.b);
  HPDF_Page_SetLineWidth(page_, line_width);
  if (dashed) HPDF_Page_SetDash(page_, kDash, 2, 0);
  HPDF_Page_MoveTo(page_, x1, PdfY(y1));
  HPDF_Page_LineTo(page_, x2, PdfY(y2));
  HPDF_Page_Stroke(page_);
  if (dashed) HPDF_Page_SetDash(page_, nullptr, 0, 0);
}

void PdfCanvas::Polyline(const std::vector<std::pair<float, float>>& points, Color color, float line_width) {
  if (points.size() < 2) return;
  HPDF_Page_SetRGBStroke(page_, color.r, color.g, color.b);
  HPDF_Page_SetLineWidth(page_, line_width);
  HPDF_Page_SetLineJoin(page_, HPDF_ROUND_JOIN);
  HPDF_Page_MoveTo(page_, points[0].first, PdfY(points[0].second));
  for (size_t i = 1; i < points.size(); ++i) HPDF_Page_LineTo(page_, points[i].first, PdfY(points[i].second));
  HPDF_Page_Stroke(page_);
  HPDF_Page_SetLineJoin(page_, HPDF_MITER_JOIN);
}

void PdfCanvas::FillCircle(float cx, float cy, float radius, Color color) {
  HPDF_Page_SetRGBFill(page_, color.r, color.g, color.b);
  HPDF_Page_Circle(page_, cx, PdfY(cy), radius);
  HPDF_Page_Fill(page_);
}

absl::StatusOr<std::string> PdfCanvas::Finish(const std::function<void(PdfCanvas&, int, int)>& decorate) {
  if (held_heading_.has_value()) EnsureSpace(0);
  const int count = page_count();
  for (int i = 0; i < count; ++i) {
    SetPage(i);
    decorate(*this, i + 1, count);
  }
  if (first_error_ == HPDF_OK) HPDF_SaveToStream(doc_);
  if (first_error_ != HPDF_OK) {
    return absl::InternalError(absl::StrFormat("libharu failed drawing the scorecard: error 0x%04X, detail %u",
                                               static_cast<unsigned>(first_error_),
                                               static_cast<unsigned>(first_error_detail_)));
  }
  std::string bytes(HPDF_GetStreamSize(doc_), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(bytes.size());
  HPDF_ReadFromStream(doc_, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  bytes.resize(size);
  return bytes;
}

}  // namespace glassbox::scorecard
