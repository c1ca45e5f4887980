// Vector charts at the canvas cursor, each with its title, axes on round tick
// values and a legend when there are several series. Bar charts with few,
// short categories stand upright; others lie on their side, one row per
// category, and continue on the next page when they do not fit. Missing
// values (NaN) draw no bar and break lines.
#ifndef GLASSBOX_DAEMON_SCORECARD_CHART_DRAWER_H_
#define GLASSBOX_DAEMON_SCORECARD_CHART_DRAWER_H_

#include <string>
#include <vector>

#include "daemon/scorecard/pdf_canvas.h"
#include "glassbox/v1/insight.pb.h"

namespace glassbox::scorecard {

enum class BarLayout {
  kAuto,
  // Always on their side, as rankings read best.
  kSideways,
};

void DrawChart(PdfCanvas& canvas, const std::string& title, const glassbox::v1::ChartBlock& chart,
               BarLayout layout = BarLayout::kAuto);

// An estimate with its confidence interval.
struct Interval {
  std::string label;
  double estimate = 0;
  double lower = 0;
  double upper = 0;
};

// A forest plot: each interval as a line with its estimate as a dot, and a
// dashed line at zero (no effect).
void DrawIntervals(PdfCanvas& canvas, const std::string& title, const std::vector<Interval>& intervals,
                   const std::string& axis_label);
// The height DrawIntervals takes.
float IntervalsHeight(const PdfCanvas& canvas, const std::string& title, size_t count, const std::string& axis_label);

// The five-number summary of a numeric feature.
struct FiveNumbers {
  double min = 0;
  double q1 = 0;
  double median = 0;
  double q3 = 0;
  double max = 0;
};

// A box plot on a horizontal axis: whiskers from the minimum to the maximum, a
// box over the middle half of the values, a line at the median, and the five
// values in words beneath.
void DrawBoxPlot(PdfCanvas& canvas, const std::string& title, const FiveNumbers& numbers,
                 const std::string& axis_label);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_CHART_DRAWER_H_
