#include "daemon/scorecard/to_unicode_cmap.h"

#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace glassbox::scorecard {
namespace {

// PDF 32000-1:2008 §9.10.3: a bfrange may not cross a change of its codes'
// first byte, and a block holds at most 100 ranges.
constexpr int kRangesPerBlock = 100;
constexpr int kFirstSurrogateHighByte = 0xD8;
constexpr int kLastSurrogateHighByte = 0xDF;

}  // namespace

std::string IdentityToUnicodeCMap() {
  std::vector<int> high_bytes;
  for (int high = 0; high <= 0xFF; ++high) {
    if (high < kFirstSurrogateHighByte || high > kLastSurrogateHighByte) high_bytes.push_back(high);
  }
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n"
      "12 dict begin\n"
      "begincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n"
      "/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  for (size_t start = 0; start < high_bytes.size(); start += kRangesPerBlock) {
    const size_t end = std::min(high_bytes.size(), start + kRangesPerBlock);
    absl::StrAppend(&cmap, end - start, " beginbfrange\n");
    for (size_t i = start; i < end; ++i) {
      absl::StrAppendFormat(&cmap, "<%02X00> <%02XFF> <%02X00>\n", high_bytes[i], high_bytes[i], high_bytes[i]);
    }
    absl::StrAppend(&cmap, "endbfrange\n");
  }
  absl::StrAppend(&cmap,
                  "endcmap\n"
                  "CMapName currentdict /CMap defineresource pop\n"
                  "end\n"
                  "end\n");
  return cmap;
}

absl::Status ReplaceToUnicodeCMap(HPDF_Font font) {
  if (font == nullptr) return absl::InternalError("libharu could not make the scorecard's UTF-8 font");
  auto* cmap = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(static_cast<HPDF_Dict>(font), "ToUnicode", HPDF_OCLASS_DICT));
  if (cmap == nullptr || cmap->stream == nullptr) {
    return absl::InternalError("libharu made a UTF-8 font without a ToUnicode stream");
  }
  HPDF_MemStream_FreeData(cmap->stream);
  const std::string program = IdentityToUnicodeCMap();
  if (HPDF_Stream_Write(cmap->stream, reinterpret_cast<const HPDF_BYTE*>(program.data()),
                        static_cast<HPDF_UINT>(program.size())) != HPDF_OK) {
    return absl::InternalError("libharu could not write the scorecard font's ToUnicode CMap");
  }
  return absl::OkStatus();
}

}  // namespace glassbox::scorecard
