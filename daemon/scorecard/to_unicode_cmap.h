// A correct ToUnicode CMap for libharu's UTF-8 TrueType fonts. libharu 2.3
// gives such a font the CMap of its encoder (cidrange and notdefrange
// operators) as its ToUnicode table, which poppler rejects ("Invalid
// 'begincidrange' operator in ToUnicode CMap") and viewers cannot copy text
// from. Text shown in these fonts is written as two-byte Unicode code points
// (Identity-H, glyphs found through CIDToGIDMap), so the right table maps
// every code of the Basic Multilingual Plane to itself.
#ifndef GLASSBOX_DAEMON_SCORECARD_TO_UNICODE_CMAP_H_
#define GLASSBOX_DAEMON_SCORECARD_TO_UNICODE_CMAP_H_

#include <hpdf.h>

#include <string>

#include "absl/status/status.h"

namespace glassbox::scorecard {

// The CMap program: code point U maps to U for the BMP, surrogates excluded.
std::string IdentityToUnicodeCMap();

// Replaces the ToUnicode stream of `font`, a font HPDF_GetFont returned with
// the "UTF-8" encoding. INTERNAL when there is no font or it has no ToUnicode
// stream.
absl::Status ReplaceToUnicodeCMap(HPDF_Font font);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_TO_UNICODE_CMAP_H_
