// Builds one column of a CSV row by row, as its cells are read: numeric (NaN
// for missing) while every non-missing cell is a number, else categorical
// (categories sorted bytewise), unless a type is requested. Cells are given
// trimmed; empty, NA, N/A, NaN, nan and ? are missing.
//
// A column read as numbers until some row and then meeting text becomes
// categorical, and the exact text of the rows before is needed for its
// categories. It is not kept (that would hold the CSV's text in memory): the
// caller reads those rows again and gives their cells to Replay.
#ifndef GLASSBOX_DAEMON_DATA_COLUMN_BUILDER_H_
#define GLASSBOX_DAEMON_DATA_COLUMN_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "daemon/data/append_only_array.h"
#include "glassbox/sdk/table.h"
#include "glassbox/v1/dataset.pb.h"

namespace glassbox::data {

// True for the cells read as missing: empty, NA, N/A, NaN, nan, ?.
bool IsMissingCell(std::string_view cell);

class ColumnBuilder {
 public:
  // `requested` NUMERIC or CATEGORICAL fixes the type; any other value infers it.
  ColumnBuilder(std::string name, glassbox::v1::ColumnType requested);

  const std::string& name() const { return name_; }

  // The next row's cell; `line` is where it is, for the error of a NUMERIC
  // column's cell that is not a number.
  void Add(std::string_view cell, size_t line);
  // The rows (0 to this, exclusive) whose cells Replay must give again; 0 when none.
  size_t rows_to_replay() const { return replayed_codes_.size(); }
  void Replay(size_t row, std::string_view cell);
  // A NUMERIC column's first cell that is not a number, else OK.
  const absl::Status& status() const { return status_; }
  std::shared_ptr<const sdk::Column> Build() &&;

 private:
  int32_t CodeOf(std::string_view cell);

  std::string name_;
  bool numbers_required_;
  bool categorical_;
  absl::Status status_;
  AppendOnlyArray<double> values_;
  AppendOnlyArray<int32_t> codes_;
  std::vector<int32_t> replayed_codes_;  // of the rows read as numbers before the first text
  std::deque<std::string> distinct_;     // in order of first appearance; stays in place for codes_of_'s keys
  absl::flat_hash_map<std::string_view, int32_t> codes_of_;
};

}  // namespace glassbox::data

#endif  // GLASSBOX_DAEMON_DATA_COLUMN_BUILDER_H_
