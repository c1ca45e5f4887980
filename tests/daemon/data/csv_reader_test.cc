#include "daemon/data/csv_reader.h"

#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/analysis_fixture.h"

namespace glassbox::data {
namespace {

using ::testing::HasSubstr;

TEST(CsvReaderTest, InfersNumericAndCategoricalColumns) {
  auto table = ParseCsv("age,sex,score\n30,Male,0.5\n41,Female,\n25,Male,1e-3\n");
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->num_rows(), 3u);
  EXPECT_TRUE(table->Find("age")->is_numeric());
  EXPECT_TRUE(table->Find("sex")->is_categorical());
  EXPECT_EQ(table->Find("sex")->categories(), (std::vector<std::string>{"Female", "Male"}));
  EXPECT_EQ(table->Find("sex")->codes()[1], 0);
  EXPECT_TRUE(std::isnan(table->Find("score")->values()[1]));
  EXPECT_DOUBLE_EQ(table->Find("score")->values()[2], 0.001);
}

TEST(CsvReaderTest, ReadsOneSignBeforeANumber) {
  auto signed_numbers = ParseCsv("x\n+1.5\n-2\n");
  ASSERT_TRUE(signed_numbers.ok()) << signed_numbers.status();
  EXPECT_EQ(signed_numbers->Find("x")->values()[0], 1.5);
  auto two_signs = ParseCsv("x\n+1.5\n+-.5\n");
  ASSERT_TRUE(two_signs.ok()) << two_signs.status();
  EXPECT_TRUE(two_signs->Find("x")->is_categorical());
}

TEST(CsvReaderTest, HandlesQuotesCrlfAndBom) {
  auto table = ParseCsv("\xEF\xBB\xBFname,note\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\nLee,\"two\nlines\"\r\n");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->Find("name")->ValueAsString(0), "Smith, J");
  EXPECT_EQ(table->Find("note")->ValueAsString(0), "said \"hi\"");
  EXPECT_EQ(table->Find("note")->ValueAsString(1), "two\nlines");
}

TEST(CsvReaderTest, OverridesTypes) {
  CsvOptions options;
  options.column_types["zip"] = glassbox::v1::CATEGORICAL;
  auto table = ParseCsv("zip,x\n02139,1\n10001,2\n", options);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->Find("zip")->ValueAsString(0), "02139");
}

TEST(CsvReaderTest, RefusesMalformedInputNamingTheLine) {
  struct Case {
    const char* csv;
    const char* message;
  };
  for (const Case& c : {Case{"", "empty"}, Case{"a,b\n", "no data rows"}, Case{"a,b\n1,2\n3\n", "line 3: expected 2"},
                        Case{"a,a\n1,2\n", "appears twice"}, Case{"a,\n1,2\n", "column 2 has no name"},
                        Case{"a\n\"open\n", "not closed"}, Case{"city\nS\xe3o Paulo\n", "line 2 is not UTF-8"},
                        Case{"a\n\xed\xa0\x80\n", "line 2 is not UTF-8"}}) {
    auto table = ParseCsv(c.csv);
    ASSERT_FALSE(table.ok()) << c.csv;
    EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(table.status().message()), HasSubstr(c.message)) << c.csv;
  }
}

TEST(CsvReaderTest, RefusesTextInANumericOverride) {
  CsvOptions options;
  options.column_types["age"] = glassbox::v1::NUMERIC;
  auto table = ParseCsv("age\n30\nthirty\n", options);
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(std::string(table.status().message()), HasSubstr("line 3, column 'age': 'thirty' is not a number"));
  options.column_types = {{"agee", glassbox::v1::NUMERIC}};
  EXPECT_THAT(std::string(ParseCsv("age\n30\n", options).status().message()), HasSubstr("'agee'"));
}

TEST(CsvReaderTest, EnforcesRowAndColumnLimits) {
  CsvOptions options;
  options.max_rows = 2;
  EXPECT_FALSE(ParseCsv("a\n1\n2\n3\n", options).ok());
  options.max_columns = 1;
  EXPECT_FALSE(ParseCsv("a,b\n1,2\n", options).ok());
}

// The counts below are those of the dataset's README: 30,162 rows, 22,654 "<=50K".
TEST(CsvReaderTest, ReadsAdult) {
  sdk::Table table = testing::ReadCsvFile(testing::DatasetPath("adult.csv"));
  ASSERT_EQ(table.num_rows(), 30162u);
  ASSERT_EQ(table.num_columns(), 15u);
  const sdk::Column* income = table.Find("income");
  ASSERT_TRUE(income->is_categorical());
  EXPECT_EQ(income->categories(), (std::vector<std::string>{"<=50K", ">50K"}));
  EXPECT_EQ(std::count(income->codes().begin(), income->codes().end(), 0), 22654);
  EXPECT_TRUE(table.Find("age")->is_numeric());
  EXPECT_TRUE(table.Find("native-country")->is_categorical());
}

}  // namespace
}  // namespace glassbox::data
