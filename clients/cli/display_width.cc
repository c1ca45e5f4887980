#include "clients/cli/display_width.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace glassbox::cli {
namespace {

struct Range {
  char32_t first;
  char32_t last;
};

// Combining marks and zero-width characters (Unicode general categories Mn, Me, Cf in common use).
constexpr Range kZeroWidth[] = {{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
                                {0x064B, 0x065F}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},
                                {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}};
// East Asian Wide and Fullwidth blocks, and the emoji planes.
constexpr Range kDoubleWidth[] = {{0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},  {0x3400, 0x4DBF},
                                  {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3},  {0xF900, 0xFAFF},
                                  {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},  {0x1F300, 0x1F64F},
                                  {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD}};

template <size_t N>
bool InRanges(char32_t code, const Range (&ranges)[N]) {
  return std::any_of(std::begin(ranges), std::end(ranges),
                     [code](const Range& range) { return range.first <= code && code <= range.last; });
}

// The code point starting at text[i] and its length in bytes; a stray byte decodes as itself, length 1.
std::pair<char32_t, size_t> Decode(std::string_view text, size_t i) {
  const auto lead = static_cast<uint8_t>(text[i]);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) return {lead, 1};
  if (length == 1) return {lead, 1};
  char32_t code = lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    const auto next = static_cast<uint8_t>(text[i + k]);
    if ((next >> 6) != 0x2) return {lead, 1};
    code = (code << 6) | (next & 0x3F);
  }
  return {code, length};
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    auto [code, length] = Decode(text, i);
    i += length;
    if (InRanges(code, kZeroWidth)) continue;
    width += InRanges(code, kDoubleWidth) ? 2 : 1;
  }
  return width;
}

std::string PadToWidth(std::string_view text, size_t width) {
  std::string out(text);
  size_t shown = DisplayWidth(text);
  if (shown < width) out.append(width - shown, ' ');
  return out;
}

}  // namespace glassbox::cli
