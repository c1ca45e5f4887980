// Fuzzes the messages of an UploadDataset call (an UploadStream of
// upload_stream.proto, in text format; see proto_mutator.h) through what the
// handler does with them that is reachable without a server: the edge check of
// the header message (server::CheckRequest: enums, lengths, encodings), the header's
// column types and the daemon's row, column, cell and column name limits
// (small here, so that inputs reach them) as data::CsvOptions for data::ParseCsv over the chunks
// joined, then data::DescribeColumn for the dataset's schema. The handler's
// own checks (the header first and only once, the format, the size limit) are
// written in daemon/server/glassbox_service.cc; inputs they refuse are skipped.
//
// Beyond not crashing: a refusal is INVALID_ARGUMENT with a message; a table
// keeps the limits (cells and column names included), every column type the header names is a column of the
// table and a CATEGORICAL or NUMERIC one is read so, and each column's schema
// is its name, its type and its categories and survives the wire.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/data/csv_reader.h"
#include "daemon/server/request_check.h"
#include "daemon/data/schema.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/proto_mutator.h"
#include "tests/fuzz/request_fixture.h"
#include "tests/fuzz/upload_stream.pb.h"

namespace glassbox::fuzz {
namespace {

constexpr size_t kMaxRows = 30;
constexpr size_t kMaxColumns = 12;
constexpr size_t kMaxCellBytes = 24;
constexpr size_t kMaxColumnNameBytes = 8;

std::vector<std::string> Words() {
  std::vector<std::string> words = FixtureWords();
  for (const char* word : {",", "\n", "\r\n", "\"", "\"\"", "NA", "N/A", "?", "nan", "1e5", "-0", "0x10", "+1",
                           "\xef\xbb\xbf", "a,b\n1,2\n"}) {
    words.push_back(word);
  }
  return words;
}

void CheckSchema(const sdk::Column& column) {
  const glassbox::v1::ColumnSchema schema = data::DescribeColumn(column);
  glassbox::v1::ColumnSchema received;
  FUZZ_CHECK(received.ParseFromString(schema.SerializeAsString()), "the schema survives the wire");
  FUZZ_CHECK(schema.name() == column.name(), schema.name());
  FUZZ_CHECK(schema.type() == (column.is_numeric() ? glassbox::v1::NUMERIC : glassbox::v1::CATEGORICAL),
             column.name());
  if (column.is_categorical()) {
    FUZZ_CHECK(schema.category_count() == static_cast<int64_t>(column.categories().size()), column.name());
  }
}

void Test(const UploadStream& stream) {
  if (stream.messages().empty() || !stream.messages(0).has_header()) return;
  if (auto checked = server::CheckRequest(stream.messages(0), {}); !checked.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(checked) && !checked.message().empty(), checked.ToString());
    return;
  }
  const glassbox::v1::DatasetHeader& header = stream.messages(0).header();
  std::string bytes;
  for (int i = 1; i < stream.messages_size(); ++i) {
    if (stream.messages(i).has_header()) return;
    bytes += stream.messages(i).chunk();
  }
  data::CsvOptions options;
  options.column_types = {header.column_types().begin(), header.column_types().end()};
  options.max_rows = kMaxRows;
  options.max_columns = kMaxColumns;
  options.max_cell_bytes = kMaxCellBytes;
  options.max_column_name_bytes = kMaxColumnNameBytes;
  auto table = data::ParseCsv(bytes, options);
  if (!table.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(table.status()) && !table.status().message().empty(),
               table.status().ToString());
    return;
  }
  FUZZ_CHECK(table->num_rows() <= kMaxRows && table->num_columns() <= kMaxColumns,
             absl::StrCat(table->num_rows(), " rows, ", table->num_columns(), " columns"));
  for (const auto& [name, type] : header.column_types()) {
    const sdk::Column* column = table->Find(name);
    FUZZ_CHECK(column != nullptr, absl::StrCat("column_types names '", name, "'"));
    if (type == glassbox::v1::CATEGORICAL) FUZZ_CHECK(column->is_categorical(), name);
    if (type == glassbox::v1::NUMERIC) FUZZ_CHECK(column->is_numeric(), name);
  }
  for (size_t i = 0; i < table->num_columns(); ++i) {
    const sdk::Column& column = table->column(i);
    FUZZ_CHECK(column.name().size() <= kMaxColumnNameBytes,
               absl::StrCat("a column name of ", column.name().size(), " bytes"));
    if (column.is_categorical()) {
      for (const auto& category : column.categories()) {
        FUZZ_CHECK(category.size() <= kMaxCellBytes, absl::StrCat("a cell of ", category.size(), " bytes"));
      }
    }
    CheckSchema(column);
  }
}

}  // namespace
}  // namespace glassbox::fuzz

GLASSBOX_PROTO_FUZZER(glassbox::fuzz::UploadStream, glassbox::fuzz::Words, glassbox::fuzz::Test)
