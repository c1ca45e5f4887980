// Draws a table across the content width: columns sized to their content,
// long text wrapped, numeric columns right-aligned, pass/fail marks as
// coloured badges. A table longer than the page continues on the next with
// its title marked "(continued)" and its header row repeated.
#ifndef GLASSBOX_DAEMON_SCORECARD_TABLE_DRAWER_H_
#define GLASSBOX_DAEMON_SCORECARD_TABLE_DRAWER_H_

#include <string>
#include <vector>

#include "daemon/scorecard/pdf_canvas.h"
#include "glassbox/v1/insight.pb.h"

namespace glassbox::scorecard {

enum class CellMark { kNone, kPass, kFail, kNotMeasured };

struct TableCell {
  std::string text;
  // Right-aligned.
  bool numeric = false;
  // The value a numeric cell shows.
  double number = 0;
  // When set, the cell is a badge in the mark's colours showing `text`, or
  // MarkText(mark) when `text` is empty.
  CellMark mark = CellMark::kNone;
  // 0..1: shades the cell for heat-map tables; negative for none.
  float heat = -1;
  bool bold = false;
  // An identifier such as a metric name: kept on one line while it fits in
  // kUnbrokenShare of the table's width.
  bool unbroken = false;
};

struct TableData {
  std::vector<std::string> columns;
  std::vector<std::vector<TableCell>> rows;
  // Key-value tables have no header row; `columns` still sets the column count.
  bool show_header = true;
  // A muted paragraph under the last row, kept on its page.
  std::string note;
};

TableCell TextCell(std::string text);
TableCell NameCell(std::string name);
TableCell NumberCell(double value);
TableCell MarkCell(glassbox::v1::Verdict verdict, bool measured = true);
// A table block as TableData, numbers formatted by FormatNumber.
TableData FromTableBlock(const glassbox::v1::TableBlock& table);
// Shades the numeric cells of `table` by value relative to its largest.
void ShadeAsHeatMap(TableData& table);

// An empty `title` draws no title line.
void DrawTable(PdfCanvas& canvas, const std::string& title, const TableData& table);

// The badge text for `mark`, e.g. "✓ PASS".
std::string MarkText(CellMark mark);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_TABLE_DRAWER_H_
