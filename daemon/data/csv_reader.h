// Parses CSV bytes (UTF-8, else refused; RFC 4180: a header row, comma-separated, double-quoted
// fields with "" escapes, LF or CRLF line ends) into a columnar table.
// A column is numeric when every non-missing cell parses as a number, else
// categorical; `column_types` overrides that per column. Empty cells and
// NA, N/A, NaN, nan, ? are missing. Errors name the line and the column.
#ifndef GLASSBOX_DAEMON_DATA_CSV_READER_H_
#define GLASSBOX_DAEMON_DATA_CSV_READER_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "glassbox/sdk/table.h"
#include "glassbox/v1/dataset.pb.h"

namespace glassbox::data {

struct CsvOptions {
  std::map<std::string, glassbox::v1::ColumnType> column_types;
  size_t max_rows = 50'000'000;
  size_t max_columns = 10'000;
};

absl::StatusOr<sdk::Table> ParseCsv(std::string_view bytes, const CsvOptions& options = {});

}  // namespace glassbox::data

#endif  // GLASSBOX_DAEMON_DATA_CSV_READER_H_
