// Parses CSV bytes (UTF-8, else refused; RFC 4180: a header row, comma-separated, double-quoted
// fields with "" escapes, LF or CRLF line ends) into a columnar table.
// A column is numeric when every non-missing cell parses as a number, else
// categorical; `column_types` overrides that per column. Empty cells and
// NA, N/A, NaN, nan, ? are missing. Errors name the line and the column.
// Both read through CsvStreamParser (csv_stream_parser.h), which does the same
// for bytes that arrive in pieces.
#ifndef GLASSBOX_DAEMON_DATA_CSV_READER_H_
#define GLASSBOX_DAEMON_DATA_CSV_READER_H_

#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "daemon/data/csv_stream_parser.h"
#include "glassbox/sdk/table.h"

namespace glassbox::data {

absl::StatusOr<sdk::Table> ParseCsv(std::string_view bytes, const CsvOptions& options = {});

// The file at `path`, read in pieces (never whole in memory). NOT_FOUND when
// it cannot be opened, DATA_LOSS when it cannot be read; else as ParseCsv.
absl::StatusOr<sdk::Table> ParseCsvFile(const std::string& path, const CsvOptions& options = {});

// Gives the file's bytes to `feed` in pieces, from the start, until `feed`
// answers false or the file ends; a CsvReplay of a file. Errors as ParseCsvFile.
absl::Status FeedFile(const std::string& path, absl::FunctionRef<bool(std::string_view)> feed);

}  // namespace glassbox::data

#endif  // GLASSBOX_DAEMON_DATA_CSV_READER_H_
