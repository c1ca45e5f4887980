// The CSV parser glassboxd had before it parsed uploads as they stream: one
// pass over the whole bytes, every cell kept as text until each column is
// typed. Kept as the oracle that data::CsvStreamParser must equal, table for
// table and error for error, however the bytes are cut.
#ifndef GLASSBOX_TESTS_SUPPORT_REFERENCE_CSV_READER_H_
#define GLASSBOX_TESTS_SUPPORT_REFERENCE_CSV_READER_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "daemon/data/csv_stream_parser.h"
#include "glassbox/sdk/table.h"

namespace glassbox::testing {

absl::StatusOr<sdk::Table> ReferenceParseCsv(std::string_view bytes, const data::CsvOptions& options = {});

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_REFERENCE_CSV_READER_H_
