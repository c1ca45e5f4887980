#include "daemon/scorecard/table_drawer.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/strings/str_split.h"
#include "daemon/scorecard/layout.h"
#include "daemon/scorecard/number_format.h"

namespace glassbox::scorecard {
namespace {

constexpr TextStyle kCellStyle{style::kTableSize, false, style::kInk};
constexpr TextStyle kHeaderStyle{style::kTableSize, true, style::kInk};
constexpr float kPadX = 5;
constexpr float kPadY = 3.5f;
// Cell texts up to this wide stay on one line.
constexpr float kNoWrapWidth = 90;
// The widest share of a table an unbroken cell may claim.
constexpr float kUnbrokenShare = 0.4f;
// Tables of up to this many rows are kept on one page when they fit on one.
constexpr size_t kKeepTogetherRows = 12;
// A table that must break starts only where this many rows fit under its header.
constexpr size_t kMinRowsBeforeBreak = 3;
// Shading of the hottest heat-map cell.
constexpr float kHottest = 0.55f;

TextStyle MarkStyle(CellMark mark) {
  const Color color = mark == CellMark::kPass ? style::kPass : mark == CellMark::kFail ? style::kFail : style::kWarn;
  return {style::kTableSize, true, color};
}

Color MarkFill(CellMark mark) {
  return mark == CellMark::kPass ? style::kPassFill : mark == CellMark::kFail ? style::kFailFill : style::kWarnFill;
}

const std::string& Display(const TableCell& cell, std::string& scratch) {
  if (cell.mark == CellMark::kNone || !cell.text.empty()) return cell.text;
  scratch = MarkText(cell.mark);
  return scratch;
}

TextStyle CellStyle(const TableCell& cell) {
  if (cell.mark != CellMark::kNone) return MarkStyle(cell.mark);
  return cell.bold ? kHeaderStyle : kCellStyle;
}

float LongestWord(const PdfCanvas& canvas, const std::string& text, const TextStyle& style) {
  float longest = 0;
  for (absl::string_view word : absl::StrSplit(text, absl::ByAnyChar(" \n"), absl::SkipEmpty())) {
    longest = std::max(longest, canvas.TextWidth(std::string(word), style));
  }
  return longest;
}

// Column widths filling `total`, in the manner of HTML's automatic table
// layout: every column gets at least its longest word, and the rest of the
// width goes to the columns whose text would otherwise wrap.
std::vector<float> ColumnWidths(const PdfCanvas& canvas, const TableData& table, float total) {
  const size_t n = table.columns.size();
  std::vector<float> least(n, 0), natural(n, 0);
  std::string scratch;
  auto widen = [&](size_t c, const std::string& text, const TextStyle& style, bool keep_whole) {
    float widest_line = 0;
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      widest_line = std::max(widest_line, canvas.TextWidth(std::string(line), style));
    }
    // Short texts such as ">= 0.85" or "✓ PASS", and names that fit, are not broken.
    const float limit = keep_whole ? total * kUnbrokenShare : kNoWrapWidth;
    const float unbroken = widest_line <= limit ? widest_line : LongestWord(canvas, text, style);
    least[c] = std::max(least[c], unbroken + 2 * kPadX);
    natural[c] = std::max(natural[c], widest_line + 2 * kPadX);
  };
  if (table.show_header) {
    for (size_t c = 0; c < n; ++c) widen(c, table.columns[c], kHeaderStyle, false);
  }
  for (const auto& row : table.rows) {
    for (size_t c = 0; c < n && c < row.size(); ++c) {
      widen(c, Display(row[c], scratch), CellStyle(row[c]), row[c].unbroken);
    }
  }
  const float least_sum = std::accumulate(least.begin(), least.end(), 0.0f);
  const float natural_sum = std::accumulate(natural.begin(), natural.end(), 0.0f);
  std::vector<float> widths(n);
  if (natural_sum <= total) {
    for (size_t c = 0; c < n; ++c) widths[c] = natural[c] * total / natural_sum;
  } else if (least_sum <= total) {
    const float slack = natural_sum - least_sum;
    for (size_t c = 0; c < n; ++c) widths[c] = least[c] + (total - least_sum) * (natural[c] - least[c]) / slack;
  } else {
    for (size_t c = 0; c < n; ++c) widths[c] = least[c] * total / least_sum;
  }
  return widths;
}

bool RightAligned(const TableData& table, size_t column) {
  bool any = false;
  for (const auto& row : table.rows) {
    if (column >= row.size() || (row[column].text.empty() && row[column].mark == CellMark::kNone)) continue;
    if (!row[column].numeric) return false;
    any = true;
  }
  return any;
}

struct LaidOutRow {
  std::vector<std::vector<std::string>> lines;
  float height = 0;
};

LaidOutRow LayOut(const PdfCanvas& canvas, const std::vector<TableCell>& row, const std::vector<float>& widths) {
  LaidOutRow laid_out;
  std::string scratch;
  size_t most_lines = 1;
  for (size_t c = 0; c < widths.size(); ++c) {
    static const TableCell kEmpty;
    const TableCell& cell = c < row.size() ? row[c] : kEmpty;
    laid_out.lines.push_back(canvas.Wrap(Display(cell, scratch), CellStyle(cell), widths[c] - 2 * kPadX));
    most_lines = std::max(most_lines, laid_out.lines.back().size());
  }
  laid_out.height = most_lines * kCellStyle.line_height() + 2 * kPadY;
  return laid_out;
}

void DrawCells(PdfCanvas& canvas, const std::vector<std::vector<std::string>>& lines, const std::vector<float>& widths,
               const std::vector<bool>& right, const std::vector<TableCell>* row, const TextStyle& header_style) {
  float x = PdfCanvas::left();
  for (size_t c = 0; c < widths.size(); ++c) {
    const TableCell* cell = row != nullptr && c < row->size() ? &(*row)[c] : nullptr;
    const TextStyle text_style = cell != nullptr ? CellStyle(*cell) : header_style;
    float baseline = canvas.y() + kPadY + text_style.size;
    if (cell != nullptr && cell->mark != CellMark::kNone) {
      const float badge = canvas.TextWidth(lines[c].front(), text_style) + 2 * 3;
      canvas.FillRect(x + kPadX - 3, canvas.y() + kPadY - 1, badge, text_style.line_height() + 1, MarkFill(cell->mark));
    }
    for (const auto& line : lines[c]) {
      if (right[c]) {
        canvas.DrawTextRight(x + widths[c] - kPadX, baseline, line, text_style);
      } else {
        canvas.DrawText(x + kPadX, baseline, line, text_style);
      }
      baseline += text_style.line_height();
    }
    x += widths[c];
  }
}

void DrawHeader(PdfCanvas& canvas, const TableData& table, const std::vector<float>& widths,
                const std::vector<bool>& right) {
  if (!table.show_header) {
    canvas.Line(PdfCanvas::left(), canvas.y(), PdfCanvas::right(), canvas.y(), style::kRule, 0.8f);
    return;
  }
  std::vector<std::vector<std::string>> lines;
  size_t most_lines = 1;
  for (size_t c = 0; c < widths.size(); ++c) {
    lines.push_back(canvas.Wrap(table.columns[c], kHeaderStyle, widths[c] - 2 * kPadX));
    most_lines = std::max(most_lines, lines.back().size());
  }
  const float height = most_lines * kHeaderStyle.line_height() + 2 * kPadY;
  canvas.FillRect(PdfCanvas::left(), canvas.y(), PdfCanvas::width(), height, style::kHeaderFill);
  DrawCells(canvas, lines, widths, right, nullptr, kHeaderStyle);
  canvas.MoveDown(height);
  canvas.Line(PdfCanvas::left(), canvas.y(), PdfCanvas::right(), canvas.y(), style::kAccent, 0.8f);
}

float HeaderHeight(const PdfCanvas& canvas, const TableData& table, const std::vector<float>& widths) {
  if (!table.show_header) return 0;
  size_t most_lines = 1;
  for (size_t c = 0; c < widths.size(); ++c) {
    most_lines = std::max(most_lines, canvas.Wrap(table.columns[c], kHeaderStyle, widths[c] - 2 * kPadX).size());
  }
  return most_lines * kHeaderStyle.line_height() + 2 * kPadY;
}

}  // namespace

std::string MarkText(CellMark mark) {
  switch (mark) {
    case CellMark::kPass: return "✓ PASS";
    case CellMark::kFail: return "✗ FAIL";
    case CellMark::kNotMeasured: return "✗ NOT MEASURED";
    case CellMark::kNone: break;
  }
  return "";
}

TableCell TextCell(std::string text) { return {std::move(text)}; }

TableCell NameCell(std::string name) {
  TableCell cell{std::move(name)};
  cell.unbroken = true;
  return cell;
}

TableCell NumberCell(double value) { return {FormatNumber(value), true, value}; }

TableCell MarkCell(glassbox::v1::Verdict verdict, bool measured) {
  TableCell cell;
  if (!measured) {
    cell.mark = CellMark::kNotMeasured;
  } else if (verdict == glassbox::v1::PASS) {
    cell.mark = CellMark::kPass;
  } else if (verdict == glassbox::v1::FAIL) {
    cell.mark = CellMark::kFail;
  } else {
    cell.text = "—";
  }
  return cell;
}

TableData FromTableBlock(const glassbox::v1::TableBlock& block) {
  TableData table;
  table.columns.assign(block.columns().begin(), block.columns().end());
  for (const auto& row : block.rows()) {
    auto& cells = table.rows.emplace_back();
    for (const auto& cell : row.cells()) {
      cells.push_back(cell.value_case() == glassbox::v1::Cell::kNumber ? NumberCell(cell.number()) : TextCell(cell.text()));
    }
    while (table.columns.size() < cells.size()) table.columns.emplace_back();
  }
  return table;
}

void ShadeAsHeatMap(TableData& table) {
  double largest = 0;
  for (const auto& row : table.rows) {
    for (const auto& cell : row) {
      if (cell.numeric && std::isfinite(cell.number)) largest = std::max(largest, std::fabs(cell.number));
    }
  }
  if (largest == 0) return;
  for (auto& row : table.rows) {
    for (auto& cell : row) {
      if (cell.numeric && std::isfinite(cell.number)) cell.heat = static_cast<float>(std::fabs(cell.number) / largest);
    }
  }
}

void DrawTable(PdfCanvas& canvas, const std::string& title, const TableData& table) {
  if (table.columns.empty()) return;
  const auto widths = ColumnWidths(canvas, table, PdfCanvas::width());
  std::vector<bool> right(widths.size());
  for (size_t c = 0; c < widths.size(); ++c) right[c] = RightAligned(table, c);
  const float header_height = HeaderHeight(canvas, table, widths);

  std::vector<LaidOutRow> rows;
  rows.reserve(table.rows.size());
  for (const auto& row : table.rows) rows.push_back(LayOut(canvas, row, widths));
  const size_t kept = std::min(rows.size(), rows.size() <= kKeepTogetherRows ? rows.size() : kMinRowsBeforeBreak);
  float needed = BlockTitleHeight() + header_height;
  for (size_t r = 0; r < kept; ++r) needed += rows[r].height;
  if (needed > PdfCanvas::page_height()) needed = BlockTitleHeight() + header_height + (rows.empty() ? 0 : rows[0].height);
  canvas.EnsureSpace(needed);
  BlockTitle(canvas, title);
  DrawHeader(canvas, table, widths, right);
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const LaidOutRow& laid_out = rows[r];
    if (laid_out.height > canvas.remaining()) {
      canvas.NewPage();
      BlockTitle(canvas, title, /*continued=*/true);
      DrawHeader(canvas, table, widths, right);
    }
    if (r % 2 == 1) canvas.FillRect(PdfCanvas::left(), canvas.y(), PdfCanvas::width(), laid_out.height, style::kZebraFill);
    float x = PdfCanvas::left();
    for (size_t c = 0; c < widths.size(); ++c) {
      if (c < row.size() && row[c].heat >= 0) {
        canvas.FillRect(x, canvas.y(), widths[c], laid_out.height, Tint(style::kSeries[0], row[c].heat * kHottest));
      }
      x += widths[c];
    }
    DrawCells(canvas, laid_out.lines, widths, right, &row, kHeaderStyle);
    canvas.MoveDown(laid_out.height);
    canvas.Line(PdfCanvas::left(), canvas.y(), PdfCanvas::right(), canvas.y(), style::kGrid, 0.5f);
  }
  canvas.MoveDown(kBlockGap);
}

}  // namespace glassbox::scorecard
