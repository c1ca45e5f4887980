// Parses CSV bytes as they arrive, in pieces of any size, into a columnar
// table, typing each column as its cells are read (see column_builder.h), so
// that the bytes are never held whole: memory is the table being built plus
// the record being read. The rules are those of ParseCsv (csv_reader.h), and
// so are the results and errors, whatever the pieces.
//
// A column read as numbers and then meeting text needs the exact text of its
// earlier rows: Finish then reads the bytes again through `replay`, up to the
// last row needed, once for all such columns.
#ifndef GLASSBOX_DAEMON_DATA_CSV_STREAM_PARSER_H_
#define GLASSBOX_DAEMON_DATA_CSV_STREAM_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "daemon/data/column_builder.h"
#include "daemon/data/csv_tokenizer.h"
#include "daemon/data/utf8_validator.h"
#include "glassbox/sdk/table.h"
#include "glassbox/v1/dataset.pb.h"

namespace glassbox::data {

struct CsvOptions {
  std::map<std::string, glassbox::v1::ColumnType> column_types;
  size_t max_rows = 50'000'000;
  size_t max_columns = 10'000;
  // Longest data cell (glassboxd --max_cell_kb) and longest column name in
  // the header; none by default, so that stored datasets read back whatever
  // the limits became. A longer one is INVALID_ARGUMENT naming its line, row
  // and column, and is never held whole.
  size_t max_cell_bytes = SIZE_MAX;
  size_t max_column_name_bytes = SIZE_MAX;
};

// Gives the bytes fed before to `feed` again, from the start, in pieces of any
// size, until `feed` answers false or the bytes end.
using CsvReplay = absl::FunctionRef<absl::Status(absl::FunctionRef<bool(std::string_view)> feed)>;

class CsvStreamParser {
 public:
  explicit CsvStreamParser(CsvOptions options);
  CsvStreamParser(const CsvStreamParser&) = delete;
  CsvStreamParser& operator=(const CsvStreamParser&) = delete;

  // The next piece of the bytes. After the first error (a malformed record,
  // a limit) only UTF-8 is still checked, as a UTF-8 error anywhere comes first.
  void Feed(std::string_view piece);
  // The table, or the error ParseCsv would give for the same bytes. Call once.
  absl::StatusOr<sdk::Table> Finish(CsvReplay replay);

 private:
  absl::Status AddRecord(std::span<const std::string_view> fields, size_t line);
  absl::Status ReadHeader(std::span<const std::string_view> fields);
  absl::Status OversizedCell(size_t line, size_t field) const;
  absl::Status ReplayNumericPrefixes(CsvReplay replay);

  const CsvOptions options_;
  size_t bytes_ = 0;
  Utf8Validator utf8_;
  CsvTokenizer tokenizer_;
  bool header_read_ = false;
  std::vector<ColumnBuilder> columns_;
  size_t rows_ = 0;
};

}  // namespace glassbox::data

#endif  // GLASSBOX_DAEMON_DATA_CSV_STREAM_PARSER_H_
