// Fuzzes data::ParseCsv. Fed in random pieces (cut where a hash of the input says),
// the streaming parser must give exactly what the reference whole-buffer parser
// (tests/support/reference_csv_reader.h) gives: the same table or the same error.
// Beyond not crashing, a parsed table must be well formed
// (named, distinct columns of num_rows cells, categories sorted and distinct,
// codes in range, numbers finite or missing), its schema must survive the wire
// (serialize and parse as a proto, as gRPC does), it must read back to the same
// table when written out as CSV, and it must parse again with every column
// forced categorical, its categorical columns unchanged and the cells of its
// numeric ones all decimal numbers (and some cell of a categorical column not).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "daemon/data/csv_reader.h"
#include "daemon/data/schema.h"
#include "tests/fuzz/decimal_grammar.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/csv_comparison.h"
#include "tests/support/reference_csv_reader.h"

namespace glassbox::data {
namespace {

void CheckWellFormed(const sdk::Table& table) {
  FUZZ_CHECK(table.num_columns() > 0 && table.num_rows() > 0, "a parsed table has columns and rows");
  std::set<std::string> names;
  for (size_t i = 0; i < table.num_columns(); ++i) {
    const sdk::Column& column = table.column(i);
    FUZZ_CHECK(!column.name().empty(), absl::StrCat("column ", i));
    FUZZ_CHECK(names.insert(column.name()).second, column.name());
    FUZZ_CHECK(column.size() == table.num_rows(), column.name());
    glassbox::v1::ColumnSchema received;
    FUZZ_CHECK(received.ParseFromString(DescribeColumn(column).SerializeAsString()),
               absl::StrCat("the schema of column ", i, " survives the wire"));
    if (column.is_numeric()) {
      for (double value : column.values()) FUZZ_CHECK(!std::isinf(value), column.name());
      continue;
    }
    const auto& categories = column.categories();
    for (size_t c = 1; c < categories.size(); ++c) FUZZ_CHECK(categories[c - 1] < categories[c], column.name());
    for (int32_t code : column.codes()) {
      FUZZ_CHECK(code == sdk::Column::kMissingCode || (code >= 0 && static_cast<size_t>(code) < categories.size()),
                 column.name());
    }
  }
}

// Every cell double-quoted; missing cells as NA, which reads back as missing
// even in a table of one column (where an empty line would be skipped).
std::string WriteCsv(const sdk::Table& table) {
  auto quote = [](const std::string& text) {
    return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
  };
  std::string csv;
  for (size_t i = 0; i < table.num_columns(); ++i) absl::StrAppend(&csv, i ? "," : "", quote(table.column(i).name()));
  for (size_t row = 0; row < table.num_rows(); ++row) {
    csv += "\r\n";
    for (size_t i = 0; i < table.num_columns(); ++i) {
      const sdk::Column& column = table.column(i);
      absl::StrAppend(&csv, i ? "," : "", column.IsMissing(row) ? "NA" : quote(column.ValueAsString(row)));
    }
  }
  return csv;
}

void CheckSameCells(const sdk::Table& expected, const sdk::Table& actual, const std::string& what) {
  FUZZ_CHECK(actual.num_columns() == expected.num_columns() && actual.num_rows() == expected.num_rows(), what);
  for (size_t i = 0; i < expected.num_columns(); ++i) {
    FUZZ_CHECK(actual.column(i).name() == expected.column(i).name(), what);
    for (size_t row = 0; row < expected.num_rows(); ++row) {
      FUZZ_CHECK(actual.column(i).ValueAsString(row) == expected.column(i).ValueAsString(row),
                 absl::StrCat(what, ": column '", expected.column(i).name(), "' row ", row));
    }
  }
}

// Written out as CSV and read back, the table is the same.
void CheckReadsBack(const sdk::Table& table) {
  auto reread = ParseCsv(WriteCsv(table));
  FUZZ_CHECK(reread.ok(), reread.status().ToString());
  CheckSameCells(table, *reread, "written out and read back");
  for (size_t i = 0; i < table.num_columns(); ++i) {
    FUZZ_CHECK(reread->column(i).type() == table.column(i).type(), table.column(i).name());
  }
}

// Read with every column categorical, `bytes` (which gave `table`) keep the
// categorical columns' cells; the numeric columns' cells are decimal numbers,
// and some cell of each categorical column is not.
void CheckAllCategorical(std::string_view bytes, const sdk::Table& table) {
  CsvOptions options;
  for (const auto& name : table.ColumnNames()) options.column_types[name] = glassbox::v1::CATEGORICAL;
  auto categorical = ParseCsv(bytes, options);
  FUZZ_CHECK(categorical.ok(), categorical.status().ToString());
  CheckWellFormed(*categorical);
  FUZZ_CHECK(categorical->num_rows() == table.num_rows(), "rows with every column categorical");
  for (size_t i = 0; i < table.num_columns(); ++i) {
    const sdk::Column& column = table.column(i);
    const sdk::Column& texts = categorical->column(i);
    FUZZ_CHECK(texts.is_categorical(), column.name());
    if (column.is_numeric()) {
      for (const auto& text : texts.categories()) {
        FUZZ_CHECK(fuzz::IsDecimal(text), absl::StrCat("column '", column.name(), "' read '", text, "' as a number"));
      }
      continue;
    }
    const auto& categories = column.categories();
    FUZZ_CHECK(!std::all_of(categories.begin(), categories.end(), fuzz::IsShortDecimal),
               absl::StrCat("column '", column.name(), "' of numbers read as categorical"));
    for (size_t row = 0; row < table.num_rows(); ++row) {
      FUZZ_CHECK(texts.ValueAsString(row) == column.ValueAsString(row), column.name());
    }
  }
}

}  // namespace
}  // namespace glassbox::data

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace glassbox::data;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const size_t hash = std::hash<std::string_view>{}(bytes);
  const auto cuts = glassbox::testing::RandomCuts(size, 1 + hash % 64, hash);
  auto table = glassbox::testing::ParseInPieces(bytes, cuts);
  const std::string difference =
      glassbox::testing::DifferenceBetween(glassbox::testing::ReferenceParseCsv(bytes), table);
  FUZZ_CHECK(difference.empty(), absl::StrCat("fed in ", cuts.size() + 1, " pieces: ", difference));
  CsvOptions short_cells;
  short_cells.max_cell_bytes = 1 + hash % 16;
  short_cells.max_column_name_bytes = 1 + (hash >> 4) % 16;
  const std::string capped_difference =
      glassbox::testing::DifferenceBetween(glassbox::testing::ReferenceParseCsv(bytes, short_cells),
                                           glassbox::testing::ParseInPieces(bytes, cuts, short_cells));
  FUZZ_CHECK(capped_difference.empty(),
             absl::StrCat("cells of at most ", short_cells.max_cell_bytes, " bytes, names of at most ",
                          short_cells.max_column_name_bytes, ", fed in ", cuts.size() + 1, " pieces: ",
                          capped_difference));
  if (!table.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(table.status()), table.status().ToString());
    return 0;
  }
  CheckWellFormed(*table);
  CheckReadsBack(*table);
  CheckAllCategorical(bytes, *table);
  return 0;
}
