#include "daemon/scorecard/table_drawer.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/strings/str_split.h"
#include "daemon/scorecard/layout.h"
#include "daemon/scorecard/number_format.h"

namespace glassbox::scorecard {
namespace {

constexpr float kPadX = 4.5f;
constexpr float kPadY = 3.5f;
// Wide tables are set smaller, down to this size, before words are broken.
constexpr float kMinTableSize = 6;
// Cell texts up to this wide (at the normal size) stay on one line.
constexpr float kNoWrapWidth = 90;
// The widest share of a table an unbroken cell may claim.
constexpr float kUnbrokenShare = 0.4f;
// Tables of up to this many rows are kept on one page when they fit on one.
constexpr size_t kKeepTogetherRows = 12;
// A table that must break starts only where this many rows fit under its header.
constexpr size_t kMinRowsBeforeBreak = 3;
constexpr TextStyle kNoteStyle{style::kBodySize - 0.5f, false, style::kMuted};
// Shading of the hottest heat-map cell.
constexpr float kHottest = 0.55f;

Color MarkColor(CellMark mark) {
  return mark == CellMark::kPass ? style::kPass : mark == CellMark::kFail ? style::kFail : style::kWarn;
}

Color MarkFill(CellMark mark) {
  return mark == CellMark::kPass ? style::kPassFill : mark == CellMark::kFail ? style::kFailFill : style::kWarnFill;
}

const std::string& Display(const TableCell& cell, std::string& scratch) {
  if (cell.mark == CellMark::kNone || !cell.text.empty()) return cell.text;
  scratch = MarkText(cell.mark);
  return scratch;
}

// How a table is set: its type size, column widths and alignment.
struct Plan {
  float size = style::kTableSize;
  std::vector<float> widths;
  std::vector<bool> right;

  TextStyle Header() const { return {size, true, style::kInk}; }
  TextStyle Of(const TableCell& cell) const {
    if (cell.mark != CellMark::kNone) return {size, true, MarkColor(cell.mark)};
    return {size, cell.bold, style::kInk};
  }
};

float LongestWord(const PdfCanvas& canvas, const std::string& text, const TextStyle& style) {
  float longest = 0;
  for (absl::string_view word : absl::StrSplit(text, absl::ByAnyChar(" \n"), absl::SkipEmpty())) {
    longest = std::max(longest, canvas.TextWidth(std::string(word), style));
  }
  return longest;
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

// Column widths filling `total`, in the manner of HTML's automatic table
// layout: every column gets at least its longest word (short texts, numbers
// and names whole), and the rest of the width goes to the columns whose text
// would otherwise wrap. A table whose words cannot fit is set smaller; when
// even that is too wide, numbers and the words of column titles stay whole
// and only the cells' long texts are broken.
Plan PlanTable(const PdfCanvas& canvas, const TableData& table, float total) {
  Plan plan;
  const size_t n = table.columns.size();
  std::vector<float> least(n, 0), natural(n, 0), title_word(n, 0);
  std::string scratch;
  // Column titles may wrap between words; cells keep short texts whole.
  auto widen = [&](size_t c, const std::string& text, const TextStyle& style, float limit) {
    float widest_line = 0;
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      widest_line = std::max(widest_line, canvas.TextWidth(std::string(line), style));
    }
    least[c] = std::max(least[c], widest_line <= limit ? widest_line : LongestWord(canvas, text, style));
    natural[c] = std::max(natural[c], widest_line);
  };
  if (table.show_header) {
    for (size_t c = 0; c < n; ++c) {
      widen(c, table.columns[c], plan.Header(), 0);
      title_word[c] = least[c];
    }
  }
  for (const auto& row : table.rows) {
    for (size_t c = 0; c < n && c < row.size(); ++c) {
      widen(c, Display(row[c], scratch), plan.Of(row[c]), row[c].unbroken ? total * kUnbrokenShare : kNoWrapWidth);
    }
  }
  const float pads = 2 * kPadX * n;
  const float least_text = std::accumulate(least.begin(), least.end(), 0.0f);
  if (least_text + pads > total) plan.size = std::max(kMinTableSize, plan.size * (total - pads) / least_text);
  const float scale = plan.size / style::kTableSize;
  for (size_t c = 0; c < n; ++c) {
    least[c] = least[c] * scale + 2 * kPadX;
    natural[c] = natural[c] * scale + 2 * kPadX;
    title_word[c] = title_word[c] * scale + 2 * kPadX;
  }
  plan.right.resize(n);
  for (size_t c = 0; c < n; ++c) plan.right[c] = RightAligned(table, c);
  // What a column cannot go below: its numbers, and its title's longest word.
  std::vector<float> floor(n);
  for (size_t c = 0; c < n; ++c) floor[c] = plan.right[c] ? least[c] : std::min(least[c], title_word[c]);
  const float least_sum = std::accumulate(least.begin(), least.end(), 0.0f);
  const float natural_sum = std::accumulate(natural.begin(), natural.end(), 0.0f);
  const float floor_sum = std::accumulate(floor.begin(), floor.end(), 0.0f);
  plan.widths.resize(n);
  for (size_t c = 0; c < n; ++c) {
    if (natural_sum <= total) {
      plan.widths[c] = natural[c] * total / natural_sum;
    } else if (least_sum <= total) {
      plan.widths[c] = least[c] + (total - least_sum) * (natural[c] - least[c]) / (natural_sum - least_sum);
    } else if (floor_sum < total) {
      plan.widths[c] = floor[c] + (total - floor_sum) * (least[c] - floor[c]) / (least_sum - floor_sum);
    } else {
      plan.widths[c] = floor[c] * total / floor_sum;
    }
  }
  return plan;
}

struct LaidOutRow {
  std::vector<std::vector<std::string>> lines;
  float height = 0;
};

// A row's cells wrapped to their columns; `header` sets the column titles.
LaidOutRow LayOut(const PdfCanvas& canvas, const Plan& plan, const std::vector<TableCell>& row, bool header) {
  LaidOutRow laid_out;
  std::string scratch;
  size_t most_lines = 1;
  for (size_t c = 0; c < plan.widths.size(); ++c) {
    static const TableCell kEmpty;
    const TableCell& cell = c < row.size() ? row[c] : kEmpty;
    const TextStyle style = header ? plan.Header() : plan.Of(cell);
    laid_out.lines.push_back(canvas.Wrap(Display(cell, scratch), style, plan.widths[c] - 2 * kPadX));
    most_lines = std::max(most_lines, laid_out.lines.back().size());
  }
  laid_out.height = most_lines * plan.Header().line_height() + 2 * kPadY;
  return laid_out;
}

std::vector<TableCell> HeaderCells(const TableData& table) {
  std::vector<TableCell> cells;
  for (const auto& column : table.columns) cells.push_back(TextCell(column));
  return cells;
}

void DrawCells(PdfCanvas& canvas, const Plan& plan, const LaidOutRow& laid_out, const std::vector<TableCell>& row,
               bool header) {
  float x = PdfCanvas::left();
  for (size_t c = 0; c < plan.widths.size(); ++c) {
    static const TableCell kEmpty;
    const TableCell& cell = c < row.size() ? row[c] : kEmpty;
    const TextStyle style = header ? plan.Header() : plan.Of(cell);
    const auto& lines = laid_out.lines[c];
    float baseline = canvas.y() + kPadY + style.size;
    if (!header && cell.mark != CellMark::kNone && !lines.empty()) {
      const float badge = canvas.TextWidth(lines.front(), style) + 6;
      canvas.FillRect(x + kPadX - 3, canvas.y() + kPadY - 1, badge, style.line_height() + 1, MarkFill(cell.mark));
    }
    for (const auto& line : lines) {
      if (plan.right[c]) {
        canvas.DrawTextRight(x + plan.widths[c] - kPadX, baseline, line, style);
      } else {
        canvas.DrawText(x + kPadX, baseline, line, style);
      }
      baseline += style.line_height();
    }
    x += plan.widths[c];
  }
}

void DrawHeader(PdfCanvas& canvas, const Plan& plan, const TableData& table, const LaidOutRow& header) {
  if (!table.show_header) {
    canvas.Line(PdfCanvas::left(), canvas.y(), PdfCanvas::right(), canvas.y(), style::kRule, 0.8f);
    return;
  }
  canvas.FillRect(PdfCanvas::left(), canvas.y(), PdfCanvas::width(), header.height, style::kHeaderFill);
  DrawCells(canvas, plan, header, HeaderCells(table), /*header=*/true);
  canvas.MoveDown(header.height);
  canvas.Line(PdfCanvas::left(), canvas.y(), PdfCanvas::right(), canvas.y(), style::kAccent, 0.8f);
}

}  // namespace

std::string MarkText(CellMark mark) {
  switch (mark) {
    case CellMark::kPass:
      return "✓ PASS";
    case CellMark::kFail:
      return "✗ FAIL";
    case CellMark::kNotMeasured:
      return "✗ NOT MEASURED";
    case CellMark::kNone:
      break;
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
      cells.push_back(cell.value_case() == glassbox::v1::Cell::kNumber ? NumberCell(cell.number())
                                                                       : TextCell(cell.text()));
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
  const Plan plan = PlanTable(canvas, table, PdfCanvas::width());
  const LaidOutRow header = LayOut(canvas, plan, HeaderCells(table), /*header=*/true);
  const float header_height = table.show_header ? header.height : 0;
  std::vector<LaidOutRow> rows;
  rows.reserve(table.rows.size());
  for (const auto& row : table.rows) rows.push_back(LayOut(canvas, plan, row, /*header=*/false));

  const float note_height =
      table.note.empty() ? 0 : canvas.Wrap(table.note, kNoteStyle, PdfCanvas::width()).size() * kNoteStyle.line_height() + 3;
  const size_t kept = std::min(rows.size(), rows.size() <= kKeepTogetherRows ? rows.size() : kMinRowsBeforeBreak);
  float needed = BlockTitleHeight(canvas, title) + header_height + (kept == rows.size() ? note_height : 0);
  for (size_t r = 0; r < kept; ++r) needed += rows[r].height;
  if (needed > PdfCanvas::page_height()) {
    needed = BlockTitleHeight(canvas, title) + header_height + (rows.empty() ? 0 : rows[0].height);
  }
  canvas.EnsureSpace(needed);
  BlockTitle(canvas, title);
  DrawHeader(canvas, plan, table, header);
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].height + (r + 1 == rows.size() ? note_height : 0) > canvas.remaining()) {
      canvas.NewPage();
      BlockTitle(canvas, title, /*continued=*/true);
      DrawHeader(canvas, plan, table, header);
    }
    if (r % 2 == 1)
      canvas.FillRect(PdfCanvas::left(), canvas.y(), PdfCanvas::width(), rows[r].height, style::kZebraFill);
    float x = PdfCanvas::left();
    for (size_t c = 0; c < plan.widths.size(); ++c) {
      if (c < table.rows[r].size() && table.rows[r][c].heat >= 0) {
        canvas.FillRect(x, canvas.y(), plan.widths[c], rows[r].height,
                        Tint(style::kSeries[0], table.rows[r][c].heat * kHottest));
      }
      x += plan.widths[c];
    }
    DrawCells(canvas, plan, rows[r], table.rows[r], /*header=*/false);
    canvas.MoveDown(rows[r].height);
    canvas.Line(PdfCanvas::left(), canvas.y(), PdfCanvas::right(), canvas.y(), style::kGrid, 0.5f);
  }
  if (!table.note.empty()) {
    canvas.MoveDown(3);
    canvas.Paragraph(table.note, kNoteStyle);
  }
  canvas.MoveDown(kBlockGap);
}

}  // namespace glassbox::scorecard
