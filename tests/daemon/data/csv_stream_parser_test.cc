#include "daemon/data/csv_stream_parser.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/data/csv_reader.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/csv_comparison.h"
#include "tests/support/process_stats.h"
#include "tests/support/reference_csv_reader.h"

namespace glassbox::data {
namespace {

using ::testing::ElementsAre;

using testing::ParseInPieces;
using testing::RandomCuts;

std::vector<size_t> EveryByte(size_t size) {
  std::vector<size_t> cuts;
  for (size_t cut = 1; cut < size; ++cut) cuts.push_back(cut);
  return cuts;
}

void ExpectSameResult(const absl::StatusOr<sdk::Table>& expected, const absl::StatusOr<sdk::Table>& actual,
                      const std::string& what) {
  EXPECT_EQ(testing::DifferenceBetween(expected, actual), "") << what;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST(CsvStreamParserTest, EqualsTheReferenceOnEverySharedDatasetInRandomPieces) {
  std::vector<CsvOptions> variants(4);
  variants[1].column_types = {{"age", glassbox::v1::CATEGORICAL}, {"fnlwgt", glassbox::v1::NUMERIC}};
  variants[2].column_types = {{"income", glassbox::v1::NUMERIC}};  // an error on its first row
  variants[3].max_rows = 10'000;
  for (const char* file : {"adult.csv", "adult_train.csv", "adult_test_scored.csv"}) {
    const std::string bytes = ReadFile(testing::DatasetPath(file));
    ASSERT_FALSE(bytes.empty()) << file;
    for (size_t v = 0; v < variants.size(); ++v) {
      const auto expected = testing::ReferenceParseCsv(bytes, variants[v]);
      for (uint64_t seed : {1u, 2u}) {
        for (size_t max_piece : {size_t{7}, size_t{70'000}}) {
          ExpectSameResult(expected, ParseInPieces(bytes, RandomCuts(bytes.size(), max_piece, seed), variants[v]),
                           absl::StrCat(file, " options ", v, " pieces up to ", max_piece, " seed ", seed));
        }
      }
    }
  }
}

struct EdgeCase {
  std::string csv;
  CsvOptions options = {};
};

std::vector<EdgeCase> EdgeCases() {
  auto typed = [](std::string csv, std::map<std::string, glassbox::v1::ColumnType> types) {
    EdgeCase c{std::move(csv)};
    c.options.column_types = std::move(types);
    return c;
  };
  std::vector<EdgeCase> cases = {
      {""}, {"\xEF\xBB\xBF"}, {"\xEF\xBB\xBF" "a\n1\n"}, {"\xEF\xBB"}, {"\xEF" "a\n1\n"}, {"a,b\n1,2\n"},
      {"a,b\r\n1,2\r\n"}, {"a,b\r\n1,2\r\n3\r\n"}, {"x\r\n1\r\n\"a\"b\r\n"}, {"a,b\r1,2\r3\r"}, {"a\n\r\n1\n"},
      {"a\n\n\n1\n\n"}, {"a\r\r\n\r1"}, {"a,b\n1,"}, {"a,b\n1,\"\""}, {"a,b"}, {"a,b\n"}, {"\na\n1\n"},
      {"\"a\"\"b\",c\n\"x\ny\",\"\"\"\"\n\"p\",\"q\r\nr\"\n"}, {"a\n\"open\n"}, {"a\n1\n\"open"}, {"a\n\"x\"y\n"},
      {"a,b\n\"1\",\"2\""}, {"a\n\"\"\n"}, {"a\n\"1\"\"\"\n"}, {"a\n\"x\"\r\n\"y\"\r"},
      {"a\n\"two\nlines\"\n3\nz,\n"}, {"a,b\n1,2\n3\n"}, {"a,a\n1,2\n"}, {"a,\n1,2\n"}, {" a , b \n 1 ,\tx\t\n"},
      {"a, a\n1,2\n"}, {"city\nS\xe3o Paulo\n"}, {"a\n\xed\xa0\x80\n"}, {"a\nb\n\xc3"}, {"a,b\n1,2\n3\nx\xff\n"},
      {"a\n\xe2\x82\xac\n"}, {"a\n\xf0\x9f\x98\x80,\n"}, {"a\n\xf4\x90\x80\x80\n"}, {"a\n\xe0\x80\xaf\n"},
      {"a\n\"\xc3\xa9\n"}, {"x,y\n1,2\n1.0,b\n01,3\n"}, {"x\n1\n2\nNA\n3\nz\n"}, {"x\n+1.5\n+-.5\n"}, {"x\n1e400\n"},
      {"x\n-0\n0\n"}, {"x,y\nNA,N/A\nNaN,nan\n?,\n"}, {"x\n 1 \n\t2\t\n"}, {"x,y\n1,2\n\n3,4\nfoo,5\n6,bar\n"},
      typed("x,y\n1,a\nb,c\n", {{"x", glassbox::v1::NUMERIC}}),
      typed("x,y\n1,a\nb,2\n", {{"x", glassbox::v1::NUMERIC}, {"y", glassbox::v1::NUMERIC}}),
      typed("x,y\n1,a\n2,b\n3\n", {{"y", glassbox::v1::NUMERIC}}),
      typed("zip,x\n02139,1\n10001,2\n", {{"zip", glassbox::v1::CATEGORICAL}}),
      typed("age\n30\n", {{"agee", glassbox::v1::NUMERIC}}),
      typed("x\n1\n", {{"x", static_cast<glassbox::v1::ColumnType>(7)}}),
  };
  EdgeCase rows{"a\n1\n2\n3\n"};
  rows.options.max_rows = 2;
  cases.push_back(rows);
  EdgeCase columns{"a,b\n1,2\n"};
  columns.options.max_columns = 1;
  cases.push_back(columns);
  // Cells of at most 3 bytes: quotes around a field do not count, a "" escape counts as one byte, trimming
  // comes after the check; a refusal names the line, the data row and the column (by number past the header's).
  for (const char* csv : {"a,b\n123,\"456\"\n", "a,b\n1234,5\n", "a,b\n1,\"4\"\"56\"\n", "a,b\n1,\"\"\"\"\"\"\"\n",
                          "a,b\n1,\"\"\"\"\"\"\"\"\"\n", "a,b\n1, 12 \n", "a,b\n\n1,2\n\"x\ny\",abcd\n", "abc,b\n1,2\n", "ab,b\n1,2\n",
                          "a,b\n1,2,3456\n", "a,b\n1,2,345\n", "a,b\n1,\"2345", "a,b\n1,\"234", "a,b\n1,\"1234\"x\n",
                          "a,b\n1,2\n3,4\n5,6789\n", "a,b\n1,\xff2345\n"}) {
    EdgeCase cells{csv};
    cells.options.max_cell_bytes = 3;
    cells.options.max_column_name_bytes = 2;
    cells.options.max_rows = 2;
    cases.push_back(cells);
  }
  return cases;
}

TEST(CsvStreamParserTest, EqualsTheReferenceOnEdgeCasesCutAnywhere) {
  for (const EdgeCase& c : EdgeCases()) {
    const auto expected = testing::ReferenceParseCsv(c.csv, c.options);
    ExpectSameResult(expected, ParseInPieces(c.csv, {}, c.options), absl::StrCat("'", c.csv, "' whole"));
    ExpectSameResult(expected, ParseInPieces(c.csv, EveryByte(c.csv.size()), c.options),
                     absl::StrCat("'", c.csv, "' byte by byte"));
    for (size_t cut = 1; cut < c.csv.size(); ++cut) {
      ExpectSameResult(expected, ParseInPieces(c.csv, {cut}, c.options), absl::StrCat("'", c.csv, "' cut at ", cut));
    }
  }
}

// The categories are the cells' exact text, written down here, though the
// rows before "abc" were first read as the numbers 1, 1, 1 and 2.
TEST(CsvStreamParserTest, AColumnTurningCategoricalKeepsTheExactTextOfItsNumbers) {
  const std::string csv = "x,y\n1.0,5\n01,NA\n 1 ,6\n2e0,7\nabc,8\n";
  auto table = ParseInPieces(csv, EveryByte(csv.size()));
  ASSERT_TRUE(table.ok()) << table.status();
  const sdk::Column* x = table->Find("x");
  ASSERT_TRUE(x->is_categorical());
  EXPECT_EQ(x->categories(), (std::vector<std::string>{"01", "1", "1.0", "2e0", "abc"}));
  EXPECT_THAT(std::vector<int32_t>(x->codes().begin(), x->codes().end()), ElementsAre(2, 0, 1, 3, 4));
  EXPECT_TRUE(table->Find("y")->is_numeric());
}

TEST(CsvStreamParserTest, ACellOrColumnNameOverItsLimitIsRefusedNamingWhereItIs) {
  CsvOptions options;
  options.max_cell_bytes = 4;
  const std::string csv = "id,note\n1,ok\n\n2,\"two\nlines\"\n3,fine\n";
  auto table = ParseInPieces(csv, EveryByte(csv.size()), options);
  EXPECT_EQ(table.status(),
            absl::InvalidArgumentError("line 4 (row 2), column 'note': the cell is longer than 4 bytes, the limit "
                                       "(glassboxd --max_cell_kb)"));
  options.max_cell_bytes = 9;  // "two\nlines" is 9 bytes
  EXPECT_TRUE(ParseInPieces(csv, EveryByte(csv.size()), options).ok());
  options.max_column_name_bytes = 3;  // "note" is 4 bytes; the cells' limit does not apply to names
  EXPECT_EQ(ParseInPieces(csv, {}, options).status(),
            absl::InvalidArgumentError("header: the name of column 2 is longer than 3 bytes, the most a column name "
                                       "may have"));
}

// A cell over the limit is refused while it arrives: fed 1 MiB at a time, a
// 64 MiB cell never makes the parser hold more than the limit and one piece.
TEST(CsvStreamParserTest, ACellOverTheLimitIsRefusedBeforeItIsHeldWhole) {
  CsvOptions options;
  options.max_cell_bytes = 1 << 20;
  CsvStreamParser parser(options);
  parser.Feed("a,b\n1,");
  const std::string piece(1 << 20, 'x');
  ASSERT_TRUE(testing::ResetPeakResident(getpid()).ok());
  const absl::StatusOr<int64_t> before = testing::ReadProcessStatusKib(getpid(), "VmRSS");
  for (int i = 0; i < 64; ++i) parser.Feed(piece);
  const absl::StatusOr<int64_t> peak = testing::ReadProcessStatusKib(getpid(), "VmHWM");
  ASSERT_TRUE(before.ok() && peak.ok());
  const int64_t grown = *peak - *before;
  EXPECT_EQ(parser.Finish([](auto) { return absl::OkStatus(); }).status().message(),
            "line 2 (row 1), column 'b': the cell is longer than 1048576 bytes, the limit (glassboxd --max_cell_kb)");
  EXPECT_LT(grown, 8 << 10) << "KiB the parser grew by while fed a 64 MiB cell";
}

TEST(CsvStreamParserTest, AReplayThatFailsOrDiffersFailsTheParse) {
  const std::string csv = "x\n1\nabc\n";
  auto parse_with_replay = [&](CsvReplay replay) {
    CsvStreamParser parser({});
    parser.Feed(csv);
    return parser.Finish(replay).status();
  };
  EXPECT_EQ(parse_with_replay([](auto) { return absl::DataLossError("disk gone"); }), absl::DataLossError("disk gone"));
  EXPECT_EQ(parse_with_replay([](absl::FunctionRef<bool(std::string_view)> feed) {
              feed("x\n");
              return absl::OkStatus();
            }).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(parse_with_replay([](absl::FunctionRef<bool(std::string_view)> feed) {
              feed("x,y\n1,2\n");
              return absl::OkStatus();
            }).code(),
            absl::StatusCode::kDataLoss);
}

TEST(CsvStreamParserTest, ParseCsvFileEqualsTheReference) {
  const std::string path = testing::DatasetPath("adult_test_scored.csv");
  ExpectSameResult(testing::ReferenceParseCsv(ReadFile(path)), ParseCsvFile(path), path);
  EXPECT_EQ(ParseCsvFile("/nonexistent/data.csv").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace glassbox::data
