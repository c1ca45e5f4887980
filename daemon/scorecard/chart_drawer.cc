#include "daemon/scorecard/chart_drawer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "daemon/scorecard/layout.h"
#include "daemon/scorecard/number_format.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::ChartBlock;

constexpr TextStyle kTickStyle{7, false, style::kMuted};
constexpr TextStyle kCategoryStyle{7.5f, false, style::kInk};
constexpr TextStyle kAxisTitleStyle{7.5f, false, style::kMuted};
constexpr TextStyle kValueStyle{6.5f, false, style::kInk};
constexpr TextStyle kLegendStyle{7.5f, false, style::kInk};
// Plot heights of upright charts with few categories and with more.
constexpr float kShortPlotHeight = 110;
constexpr float kPlotHeight = 150;
constexpr size_t kFewCategories = 4;
constexpr float kLegendSwatch = 7;
constexpr float kMaxBarWidth = 56;
// Upright bar charts hold at most this many bars; more lie on their side.
constexpr size_t kMaxUprightCategories = 12;
constexpr size_t kMaxLabelledBars = 24;
constexpr size_t kMaxMarkedPoints = 40;
constexpr float kIntervalRow = 18;
// A sideways chart split over pages keeps at least this many rows together.
constexpr size_t kMinRowsPerPage = 4;

Color SeriesColor(size_t i) { return style::kSeries[i % style::kSeries.size()]; }

// An axis from `lo` to `hi` in round steps of 1, 2 or 5 times a power of ten.
struct Scale {
  double lo = 0;
  double hi = 1;
  double step = 0.25;

  float Map(double value, float from, float to) const {
    return from + static_cast<float>((value - lo) / (hi - lo)) * (to - from);
  }
  std::vector<double> Ticks() const {
    std::vector<double> ticks;
    for (double t = lo; t <= hi + step * 1e-6; t += step) ticks.push_back(std::fabs(t) < step * 1e-9 ? 0 : t);
    return ticks;
  }
};

double RoundStep(double rough) {
  const double power = std::pow(10, std::floor(std::log10(rough)));
  const double fraction = rough / power;
  return (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * power;
}

Scale NiceScale(double lo, double hi, int ticks = 5) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (hi <= lo) {
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.5;
    lo -= lo == 0 ? 0 : pad;
    hi += pad;
  }
  Scale scale;
  scale.step = RoundStep((hi - lo) / (ticks - 1));
  scale.lo = std::floor(lo / scale.step + 1e-9) * scale.step;
  scale.hi = std::ceil(hi / scale.step - 1e-9) * scale.step;
  return scale;
}

size_t PointCount(const ChartBlock& chart) {
  size_t count = chart.categories_size();
  for (const auto& series : chart.series()) count = std::min<size_t>(count, series.values_size());
  return chart.series().empty() ? 0 : count;
}

// The range of the chart's finite values; bar charts also include zero.
std::pair<double, double> ValueRange(const ChartBlock& chart, size_t count, bool with_zero) {
  double lo = with_zero ? 0 : std::numeric_limits<double>::infinity();
  double hi = with_zero ? 0 : -std::numeric_limits<double>::infinity();
  for (const auto& series : chart.series()) {
    for (size_t i = 0; i < count; ++i) {
      const double v = series.values(i);
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (lo > hi) return {0, 1};
  // Lines over positive values keep zero in view unless they sit far from it.
  if (!with_zero && lo > 0 && lo < (hi - lo)) lo = 0;
  return {lo, hi};
}

bool HasLegend(const ChartBlock& chart) { return chart.series_size() > 1; }

// The value axis title: the y label, else a single series' name.
std::string ValueTitle(const ChartBlock& chart) {
  if (!chart.y_label().empty() || HasLegend(chart)) return chart.y_label();
  return chart.series_size() == 1 ? chart.series(0).name() : "";
}

float LegendHeight(const PdfCanvas& canvas, const ChartBlock& chart) {
  if (!HasLegend(chart)) return 0;
  float x = 0;
  int rows = 1;
  for (const auto& series : chart.series()) {
    const float item = kLegendSwatch + 4 + canvas.TextWidth(series.name(), kLegendStyle) + 12;
    if (x > 0 && x + item > PdfCanvas::width()) x = 0, ++rows;
    x += item;
  }
  return rows * kLegendStyle.line_height() + 4;
}

void DrawLegend(PdfCanvas& canvas, const ChartBlock& chart) {
  if (!HasLegend(chart)) return;
  float x = PdfCanvas::left();
  for (int i = 0; i < chart.series_size(); ++i) {
    const std::string& name = chart.series(i).name();
    const float item = kLegendSwatch + 4 + canvas.TextWidth(name, kLegendStyle) + 12;
    if (x > PdfCanvas::left() && x + item > PdfCanvas::right()) {
      x = PdfCanvas::left();
      canvas.MoveDown(kLegendStyle.line_height());
    }
    canvas.FillRect(x, canvas.y() + 1.5f, kLegendSwatch, kLegendSwatch, SeriesColor(i));
    canvas.DrawText(x + kLegendSwatch + 4, canvas.y() + kLegendStyle.size, name, kLegendStyle);
    x += item;
  }
  canvas.MoveDown(kLegendStyle.line_height() + 4);
}

float TickLabelWidth(const PdfCanvas& canvas, const Scale& scale) {
  float widest = 0;
  for (double tick : scale.Ticks())
    widest = std::max(widest, canvas.TextWidth(FormatTick(tick, scale.step), kTickStyle));
  return widest;
}

// Horizontal gridlines and tick labels of a vertical value axis.
void DrawValueAxisLeft(PdfCanvas& canvas, const Scale& scale, float plot_left, float plot_right, float top,
                       float bottom) {
  for (double tick : scale.Ticks()) {
    const float y = scale.Map(tick, bottom, top);
    canvas.Line(plot_left, y, plot_right, y, tick == 0 ? style::kMuted : style::kGrid, tick == 0 ? 0.7f : 0.5f);
    canvas.DrawTextRight(plot_left - 4, y + kTickStyle.size * 0.35f, FormatTick(tick, scale.step), kTickStyle);
  }
}

// Category labels under an upright plot, at most two lines each.
std::vector<std::string> CategoryLines(const PdfCanvas& canvas, const std::string& label, float width) {
  auto lines = canvas.Wrap(label, kCategoryStyle, width);
  if (lines.size() > 2) {
    lines.resize(2);
    lines[1] = canvas.Fit(lines[1] + "…", kCategoryStyle, width);
  }
  return lines;
}

// Whether every category label fits under its bars in at most two lines without breaking a word.
bool FitsUpright(const PdfCanvas& canvas, const ChartBlock& chart, size_t count, float group_width) {
  if (count > kMaxUprightCategories) return false;
  const float width = group_width - 2;
  for (size_t i = 0; i < count; ++i) {
    const std::string& label = chart.categories(i);
    for (absl::string_view word : absl::StrSplit(label, ' ', absl::SkipEmpty())) {
      if (canvas.TextWidth(std::string(word), kCategoryStyle) > width) return false;
    }
    if (canvas.Wrap(label, kCategoryStyle, width).size() > 2) return false;
  }
  return true;
}

// The plot box of upright bar and line charts, which share a frame: legend,
// value-axis title, plot, category labels and category-axis title.
struct Frame {
  float left, right, top, bottom;
};

struct CategorySlot {
  float center;
  float width;
  std::string label;
};

float PlotHeight(size_t count) { return count <= kFewCategories ? kShortPlotHeight : kPlotHeight; }

float UprightHeight(const PdfCanvas& canvas, const std::string& title, const ChartBlock& chart, size_t count) {
  return BlockTitleHeight(canvas, title) + LegendHeight(canvas, chart) +
         (ValueTitle(chart).empty() ? 0 : kAxisTitleStyle.line_height()) + PlotHeight(count) +
         2 * kCategoryStyle.line_height() + 6 + (chart.x_label().empty() ? 0 : kAxisTitleStyle.line_height());
}

Frame BeginUpright(PdfCanvas& canvas, const std::string& title, const ChartBlock& chart, size_t count,
                   const Scale& scale) {
  canvas.EnsureSpace(UprightHeight(canvas, title, chart, count));
  BlockTitle(canvas, title);
  DrawLegend(canvas, chart);
  const std::string value_title = ValueTitle(chart);
  if (!value_title.empty()) {
    canvas.DrawText(PdfCanvas::left(), canvas.y() + kAxisTitleStyle.size, value_title, kAxisTitleStyle);
    canvas.MoveDown(kAxisTitleStyle.line_height());
  }
  Frame frame;
  frame.left = PdfCanvas::left() + TickLabelWidth(canvas, scale) + 8;
  frame.right = PdfCanvas::right() - 4;
  // Room above the tallest bar for its value label, clear of the axis title.
  frame.top = canvas.y() + 4 + kValueStyle.line_height();
  frame.bottom = canvas.y() + PlotHeight(count);
  DrawValueAxisLeft(canvas, scale, frame.left, frame.right, frame.top, frame.bottom);
  return frame;
}

void EndUpright(PdfCanvas& canvas, const std::string& x_label, const Frame& frame,
                const std::vector<CategorySlot>& slots) {
  for (const auto& slot : slots) {
    float baseline = frame.bottom + 4 + kCategoryStyle.size;
    for (const auto& line : CategoryLines(canvas, slot.label, slot.width)) {
      if (!line.empty()) canvas.DrawTextCentered(slot.center, baseline, line, kCategoryStyle);
      baseline += kCategoryStyle.line_height();
    }
  }
  canvas.MoveDown(frame.bottom - canvas.y() + 2 * kCategoryStyle.line_height() + 6);
  if (!x_label.empty()) {
    canvas.DrawTextCentered((frame.left + frame.right) / 2, canvas.y() + kAxisTitleStyle.size, x_label,
                            kAxisTitleStyle);
    canvas.MoveDown(kAxisTitleStyle.line_height());
  }
  canvas.MoveDown(kBlockGap);
}

void DrawUprightBars(PdfCanvas& canvas, const std::string& title, const ChartBlock& chart, size_t count) {
  auto [lo, hi] = ValueRange(chart, count, /*with_zero=*/true);
  const Scale scale = NiceScale(lo, hi);
  const Frame frame = BeginUpright(canvas, title, chart, count, scale);
  const float group = (frame.right - frame.left) / count;
  const size_t series_count = chart.series_size();
  const float bar = std::min(group * 0.7f / series_count, kMaxBarWidth);
  const float inset = (group - bar * series_count) / 2;
  const float zero = scale.Map(0, frame.bottom, frame.top);
  const bool labelled = count * series_count <= kMaxLabelledBars;
  std::vector<CategorySlot> slots;
  for (size_t i = 0; i < count; ++i) {
    const float group_left = frame.left + i * group;
    slots.push_back({group_left + group / 2, group - 2, chart.categories(i)});
    for (size_t s = 0; s < series_count; ++s) {
      const double value = chart.series(s).values(i);
      if (!std::isfinite(value)) continue;
      const float x = group_left + inset + s * bar;
      const float y = scale.Map(value, frame.bottom, frame.top);
      canvas.FillRect(x, std::min(y, zero), bar * 0.92f, std::fabs(zero - y), SeriesColor(s));
      const std::string text = FormatNumber(value);
      if (labelled && canvas.TextWidth(text, kValueStyle) <= group / series_count + 4) {
        const float baseline = value >= 0 ? y - 2.5f : y + kValueStyle.size + 2;
        canvas.DrawTextCentered(x + bar * 0.46f, baseline, text, kValueStyle);
      }
    }
  }
  EndUpright(canvas, chart.x_label(), frame, slots);
}

void DrawLines(PdfCanvas& canvas, const std::string& title, const ChartBlock& chart, size_t count) {
  auto [lo, hi] = ValueRange(chart, count, /*with_zero=*/false);
  const Scale scale = NiceScale(lo, hi);
  const Frame frame = BeginUpright(canvas, title, chart, count, scale);
  const float step = (frame.right - frame.left) / count;
  const auto x_of = [&](size_t i) { return frame.left + (i + 0.5f) * step; };
  for (int s = 0; s < chart.series_size(); ++s) {
    std::vector<std::pair<float, float>> run;
    for (size_t i = 0; i <= count; ++i) {
      const double value = i < count ? chart.series(s).values(i) : std::nan("");
      if (std::isfinite(value)) {
        run.emplace_back(x_of(i), scale.Map(value, frame.bottom, frame.top));
        continue;
      }
      canvas.Polyline(run, SeriesColor(s), 1.5f);
      if (count <= kMaxMarkedPoints) {
        for (const auto& [x, y] : run) canvas.FillCircle(x, y, 2, SeriesColor(s));
      }
      run.clear();
    }
  }
  // Label every k-th category so that labels do not collide.
  float widest = 0;
  for (size_t i = 0; i < count; ++i) widest = std::max(widest, canvas.TextWidth(chart.categories(i), kCategoryStyle));
  const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil((std::min(widest, 80.0f) + 6) / step)));
  std::vector<CategorySlot> slots;
  for (size_t i = 0; i < count; i += every) {
    canvas.Line(x_of(i), frame.bottom, x_of(i), frame.bottom + 2.5f, style::kMuted);
    slots.push_back({x_of(i), step * every - 2, chart.categories(i)});
  }
  EndUpright(canvas, chart.x_label(), frame, slots);
}

// One page's worth of a sideways bar chart: rows [begin, end).
void DrawSidewaysRows(PdfCanvas& canvas, const ChartBlock& chart, const Scale& scale, size_t begin, size_t end,
                      float label_width, float row_height) {
  const size_t series_count = chart.series_size();
  const float plot_left = PdfCanvas::left() + label_width;
  float value_room = 0;
  for (const auto& series : chart.series()) {
    for (size_t i = begin; i < end; ++i)
      value_room = std::max(value_room, canvas.TextWidth(FormatNumber(series.values(i)), kValueStyle));
  }
  const float plot_right = PdfCanvas::right() - value_room - 6;
  const float top = canvas.y();
  const float bottom = top + (end - begin) * row_height;
  const float zero = scale.Map(0, plot_left, plot_right);
  for (double tick : scale.Ticks()) {
    const float x = scale.Map(tick, plot_left, plot_right);
    canvas.Line(x, top, x, bottom, tick == 0 ? style::kMuted : style::kGrid, tick == 0 ? 0.7f : 0.5f);
    canvas.DrawTextCentered(x, bottom + 3 + kTickStyle.size, FormatTick(tick, scale.step), kTickStyle);
  }
  const float bar = (row_height - 5) / series_count;
  for (size_t i = begin; i < end; ++i) {
    const float row_top = top + (i - begin) * row_height;
    canvas.DrawTextRight(plot_left - 5, row_top + row_height / 2 + kCategoryStyle.size * 0.35f,
                         canvas.Fit(chart.categories(i), kCategoryStyle, label_width - 8), kCategoryStyle);
    for (size_t s = 0; s < series_count; ++s) {
      const double value = chart.series(s).values(i);
      if (!std::isfinite(value)) continue;
      const float x = scale.Map(value, plot_left, plot_right);
      const float bar_top = row_top + 2.5f + s * bar;
      canvas.FillRect(std::min(x, zero), bar_top, std::fabs(x - zero), bar * 0.9f, SeriesColor(s));
      const std::string text = FormatNumber(value);
      const float baseline = bar_top + bar * 0.45f + kValueStyle.size * 0.35f;
      if (value >= 0) {
        canvas.DrawText(std::max(x, zero) + 3, baseline, text, kValueStyle);
      } else {
        canvas.DrawText(zero + 3, baseline, text, kValueStyle);
      }
    }
  }
  canvas.MoveDown(bottom - top + 4 + kTickStyle.line_height());
}

void DrawSidewaysBars(PdfCanvas& canvas, const std::string& title, const ChartBlock& chart, size_t count) {
  auto [lo, hi] = ValueRange(chart, count, /*with_zero=*/true);
  const Scale scale = NiceScale(lo, hi);
  float label_width = 0;
  for (size_t i = 0; i < count; ++i)
    label_width = std::max(label_width, canvas.TextWidth(chart.categories(i), kCategoryStyle));
  label_width = std::min(label_width + 10, PdfCanvas::width() * 0.35f);
  const float row_height = std::max(14.0f, chart.series_size() * 8.0f + 5);
  const std::string value_title = ValueTitle(chart);
  const float fixed = BlockTitleHeight(canvas, title) + LegendHeight(canvas, chart) + 4 + kTickStyle.line_height() +
                      (value_title.empty() ? 0 : kAxisTitleStyle.line_height()) +
                      (chart.x_label().empty() ? 0 : kAxisTitleStyle.line_height());
  // Whole when it fits on a page, else in page-sized parts.
  const float whole = fixed + count * row_height + kBlockGap;
  if (whole <= PdfCanvas::page_height()) canvas.EnsureSpace(whole);
  size_t begin = 0;
  while (begin < count) {
    const size_t rows_left = count - begin;
    canvas.EnsureSpace(fixed + std::min(rows_left, kMinRowsPerPage) * row_height);
    const size_t fit = static_cast<size_t>(std::max(0.0f, (canvas.remaining() - fixed) / row_height));
    const size_t end = begin + std::max<size_t>(1, std::min(rows_left, fit));
    BlockTitle(canvas, title, /*continued=*/begin > 0);
    DrawLegend(canvas, chart);
    if (!chart.x_label().empty()) {
      canvas.DrawText(PdfCanvas::left(), canvas.y() + kAxisTitleStyle.size, chart.x_label(), kAxisTitleStyle);
      canvas.MoveDown(kAxisTitleStyle.line_height());
    }
    DrawSidewaysRows(canvas, chart, scale, begin, end, label_width, row_height);
    if (!value_title.empty()) {
      canvas.DrawTextCentered(PdfCanvas::left() + label_width + (PdfCanvas::width() - label_width) / 2,
                              canvas.y() + kAxisTitleStyle.size, value_title, kAxisTitleStyle);
      canvas.MoveDown(kAxisTitleStyle.line_height());
    }
    begin = end;
  }
  canvas.MoveDown(kBlockGap);
}

}  // namespace

void DrawChart(PdfCanvas& canvas, const std::string& title, const ChartBlock& chart, BarLayout layout) {
  const size_t count = PointCount(chart);
  if (count == 0) return;
  if (chart.kind() == glassbox::v1::LINE) {
    DrawLines(canvas, title, chart, count);
    return;
  }
  const float group_width = (PdfCanvas::width() - 40) / count;
  if (layout == BarLayout::kAuto && FitsUpright(canvas, chart, count, group_width)) {
    DrawUprightBars(canvas, title, chart, count);
  } else {
    DrawSidewaysBars(canvas, title, chart, count);
  }
}

float IntervalsHeight(const PdfCanvas& canvas, const std::string& title, size_t count, const std::string& axis_label) {
  return BlockTitleHeight(canvas, title) + count * kIntervalRow + 4 + kTickStyle.line_height() +
         (axis_label.empty() ? 0 : kAxisTitleStyle.line_height()) + kBlockGap;
}

void DrawIntervals(PdfCanvas& canvas, const std::string& title, const std::vector<Interval>& intervals,
                   const std::string& axis_label) {
  if (intervals.empty()) return;
  double lo = 0, hi = 0;
  float label_width = 0;
  for (const auto& interval : intervals) {
    for (double v : {interval.lower, interval.upper, interval.estimate}) {
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    label_width = std::max(label_width, canvas.TextWidth(interval.label, kCategoryStyle));
  }
  label_width = std::min(label_width + 10, PdfCanvas::width() * 0.35f);
  const Scale scale = NiceScale(lo, hi);
  canvas.EnsureSpace(IntervalsHeight(canvas, title, intervals.size(), axis_label));
  BlockTitle(canvas, title);
  const float plot_left = PdfCanvas::left() + label_width;
  const float plot_right = PdfCanvas::right() - 10;
  const float top = canvas.y();
  const float bottom = top + intervals.size() * kIntervalRow;
  for (double tick : scale.Ticks()) {
    const float x = scale.Map(tick, plot_left, plot_right);
    canvas.Line(x, top, x, bottom, style::kGrid, 0.5f);
    canvas.DrawTextCentered(x, bottom + 3 + kTickStyle.size, FormatTick(tick, scale.step), kTickStyle);
  }
  const float zero = scale.Map(0, plot_left, plot_right);
  canvas.Line(zero, top, zero, bottom, style::kMuted, 0.8f, /*dashed=*/true);
  for (size_t i = 0; i < intervals.size(); ++i) {
    const auto& interval = intervals[i];
    const float middle = top + (i + 0.5f) * kIntervalRow;
    canvas.DrawTextRight(plot_left - 6, middle + kCategoryStyle.size * 0.35f,
                         canvas.Fit(interval.label, kCategoryStyle, label_width - 8), kCategoryStyle);
    const Color color = SeriesColor(0);
    const float x_lo = scale.Map(interval.lower, plot_left, plot_right);
    const float x_hi = scale.Map(interval.upper, plot_left, plot_right);
    canvas.Line(x_lo, middle, x_hi, middle, color, 1.4f);
    canvas.Line(x_lo, middle - 3.5f, x_lo, middle + 3.5f, color, 1.4f);
    canvas.Line(x_hi, middle - 3.5f, x_hi, middle + 3.5f, color, 1.4f);
    canvas.FillCircle(scale.Map(interval.estimate, plot_left, plot_right), middle, 3, style::kAccent);
  }
  canvas.MoveDown(bottom - top + 4 + kTickStyle.line_height());
  if (!axis_label.empty()) {
    canvas.DrawTextCentered((plot_left + plot_right) / 2, canvas.y() + kAxisTitleStyle.size, axis_label,
                            kAxisTitleStyle);
    canvas.MoveDown(kAxisTitleStyle.line_height());
  }
  canvas.MoveDown(kBlockGap);
}

void DrawBoxPlot(PdfCanvas& canvas, const std::string& title, const FiveNumbers& numbers,
                 const std::string& axis_label) {
  constexpr float kBoxHeight = 18;
  const Scale scale = NiceScale(numbers.min, numbers.max);
  const float height = BlockTitleHeight(canvas, title) + kBoxHeight + 8 + kTickStyle.line_height() +
                       2 * kAxisTitleStyle.line_height() + kBlockGap;
  canvas.EnsureSpace(height);
  BlockTitle(canvas, title);
  const float left = PdfCanvas::left() + 10;
  const float right = PdfCanvas::right() - 10;
  const float top = canvas.y() + 2;
  const float middle = top + kBoxHeight / 2;
  const float bottom = top + kBoxHeight;
  for (double tick : scale.Ticks()) {
    const float x = scale.Map(tick, left, right);
    canvas.Line(x, top - 2, x, bottom + 2, style::kGrid, 0.5f);
    canvas.DrawTextCentered(x, bottom + 6 + kTickStyle.size, FormatTick(tick, scale.step), kTickStyle);
  }
  const auto x_of = [&](double v) { return scale.Map(v, left, right); };
  const Color color = SeriesColor(0);
  canvas.Line(x_of(numbers.min), middle, x_of(numbers.q1), middle, style::kInk, 0.8f);
  canvas.Line(x_of(numbers.q3), middle, x_of(numbers.max), middle, style::kInk, 0.8f);
  for (double end : {numbers.min, numbers.max})
    canvas.Line(x_of(end), top + 4, x_of(end), bottom - 4, style::kInk, 0.8f);
  canvas.FillRect(x_of(numbers.q1), top, std::max(1.0f, x_of(numbers.q3) - x_of(numbers.q1)), kBoxHeight,
                  Tint(color, 0.55f));
  canvas.StrokeRect(x_of(numbers.q1), top, std::max(1.0f, x_of(numbers.q3) - x_of(numbers.q1)), kBoxHeight, color,
                    0.8f);
  canvas.Line(x_of(numbers.median), top, x_of(numbers.median), bottom, style::kAccent, 2);
  canvas.MoveDown(kBoxHeight + 8 + kTickStyle.line_height());
  if (!axis_label.empty()) {
    canvas.DrawTextCentered((left + right) / 2, canvas.y() + kAxisTitleStyle.size, axis_label, kAxisTitleStyle);
    canvas.MoveDown(kAxisTitleStyle.line_height());
  }
  canvas.DrawText(PdfCanvas::left(), canvas.y() + kAxisTitleStyle.size,
                  absl::StrCat("Minimum ", FormatNumber(numbers.min), "  ·  lower quartile ", FormatNumber(numbers.q1),
                               "  ·  median ", FormatNumber(numbers.median), "  ·  upper quartile ",
                               FormatNumber(numbers.q3), "  ·  maximum ", FormatNumber(numbers.max)),
                  kAxisTitleStyle);
  canvas.MoveDown(kAxisTitleStyle.line_height() + kBlockGap);
}

}  // namespace glassbox::scorecard
