// The scorecard's look: page geometry, type sizes and colours, in one place.
#ifndef GLASSBOX_DAEMON_SCORECARD_STYLE_H_
#define GLASSBOX_DAEMON_SCORECARD_STYLE_H_

#include <array>

namespace glassbox::scorecard {

struct Color {
  float r = 0, g = 0, b = 0;
};

constexpr Color Rgb(int r, int g, int b) { return {r / 255.0f, g / 255.0f, b / 255.0f}; }

namespace style {

// A4 portrait, in points.
inline constexpr float kPageWidth = 595.28f;
inline constexpr float kPageHeight = 841.89f;
inline constexpr float kMarginX = 50;
inline constexpr float kMarginTop = 62;
inline constexpr float kMarginBottom = 58;
// Baselines of the running header and footer, from the top of the page.
inline constexpr float kHeaderBaseline = 36;
inline constexpr float kFooterBaseline = kPageHeight - 30;
// A card whose last page would hold less than this share of a page's content
// area is laid out again with every page's content up to kMaxPullBack points
// longer, into the space above the footer rule (page_fit.h).
inline constexpr float kNearEmptyLastPage = 0.25f;
inline constexpr float kMaxPullBack = 10;

inline constexpr float kTitleSize = 22;
inline constexpr float kSubtitleSize = 13;
inline constexpr float kSectionSize = 15;
inline constexpr float kBlockTitleSize = 10.5f;
inline constexpr float kBodySize = 9.5f;
inline constexpr float kTableSize = 8.5f;
inline constexpr float kSmallSize = 7.5f;
// Line height as a multiple of the type size.
inline constexpr float kLeading = 1.35f;

inline constexpr Color kInk = Rgb(33, 37, 41);
inline constexpr Color kMuted = Rgb(108, 117, 125);
inline constexpr Color kRule = Rgb(206, 212, 218);
inline constexpr Color kGrid = Rgb(233, 236, 239);
inline constexpr Color kAccent = Rgb(31, 78, 121);
inline constexpr Color kHeaderFill = Rgb(231, 238, 245);
inline constexpr Color kZebraFill = Rgb(248, 249, 250);
inline constexpr Color kPass = Rgb(27, 122, 52);
inline constexpr Color kPassFill = Rgb(226, 244, 230);
inline constexpr Color kFail = Rgb(190, 30, 45);
inline constexpr Color kFailFill = Rgb(252, 228, 230);
inline constexpr Color kWarn = Rgb(150, 88, 0);
inline constexpr Color kWarnFill = Rgb(255, 243, 214);
inline constexpr Color kWhite = Rgb(255, 255, 255);

// Tableau 10: distinguishable, also for most colour-blind readers, and in grey print.
inline constexpr std::array<Color, 10> kSeries = {
    Rgb(78, 121, 167), Rgb(242, 142, 43),  Rgb(225, 87, 89),   Rgb(118, 183, 178), Rgb(89, 161, 79),
    Rgb(237, 201, 72), Rgb(176, 122, 161), Rgb(255, 157, 167), Rgb(156, 117, 95),  Rgb(186, 176, 172),
};

}  // namespace style
}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_STYLE_H_
