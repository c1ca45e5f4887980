#include "daemon/run/cohort_filter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/analysis_fixture.h"

namespace glassbox::run {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

sdk::Table People() {
  return testing::ReadCsvText(
      "age,sex,hours-per-week,race\n"
      "25,Male,40,White\n"
      "41,Female,50,Black\n"
      "60,Female,20,White\n"
      ",Male,35,Asian\n");
}

std::vector<size_t> Select(const std::string& filter) {
  auto conditions = ParseCohortFilter(filter);
  EXPECT_TRUE(conditions.ok()) << filter << ": " << conditions.status();
  auto rows = SelectRows(People(), *conditions);
  EXPECT_TRUE(rows.ok()) << filter << ": " << rows.status();
  return rows.ok() ? *rows : std::vector<size_t>{};
}

TEST(CohortFilterTest, ComparesNumbersAndSkipsMissingCells) {
  EXPECT_THAT(Select("age > 40"), ElementsAre(1, 2));
  EXPECT_THAT(Select("age>=41"), ElementsAre(1, 2));
  EXPECT_THAT(Select("age < 41"), ElementsAre(0));
  EXPECT_THAT(Select("age <= 41"), ElementsAre(0, 1));
  EXPECT_THAT(Select("age == 60"), ElementsAre(2));
  EXPECT_THAT(Select("age != 60"), ElementsAre(0, 1));
  EXPECT_THAT(Select("age in range [+41, 6e1]"), ElementsAre(1, 2));
}

TEST(CohortFilterTest, MatchesCategoriesListsAndRanges) {
  EXPECT_THAT(Select("sex == Female"), ElementsAre(1, 2));
  EXPECT_THAT(Select("sex != \"Female\""), ElementsAre(0, 3));
  EXPECT_THAT(Select("race in [White, Asian]"), ElementsAre(0, 2, 3));
  EXPECT_THAT(Select("race not in [White]"), ElementsAre(1, 3));
  EXPECT_THAT(Select("hours-per-week in range [35, 50]"), ElementsAre(0, 1, 3));
  EXPECT_THAT(Select("age in [25, 60]"), ElementsAre(0, 2));
}

TEST(CohortFilterTest, JoinsConditionsWithAnd) {
  EXPECT_THAT(Select("sex == Female AND age > 50"), ElementsAre(2));
  EXPECT_THAT(Select("sex == Female and hours-per-week>=50"), ElementsAre(1));
  EXPECT_THAT(Select("`hours-per-week` < 30"), ElementsAre(2));
}

TEST(CohortFilterTest, SelectsMissingCellsOnlyWhenAsked) {
  // Row 3's age is missing; in the second table row 2's sex is.
  EXPECT_THAT(Select("age is missing"), ElementsAre(3));
  EXPECT_THAT(Select("age > 40 or missing"), ElementsAre(1, 2, 3));
  EXPECT_THAT(Select("age in [25] OR MISSING AND sex == Male"), ElementsAre(0, 3));
  const sdk::Table blank_sex = testing::ReadCsvText("sex,age\nMale,1\nFemale,2\n,3\n");
  auto select = [&](const std::string& filter) {
    auto rows = SelectRows(blank_sex, *ParseCohortFilter(filter));
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? *rows : std::vector<size_t>{};
  };
  EXPECT_THAT(select("sex is missing"), ElementsAre(2));
  EXPECT_THAT(select("sex not in [Male]"), ElementsAre(1));
  EXPECT_THAT(select("sex not in [Male] or missing"), ElementsAre(1, 2));
}

TEST(CohortFilterTest, ReadsDoubledQuotesInsideQuotes) {
  auto conditions = ParseCohortFilter(R"(`a``b c` == "say ""hi""")");
  ASSERT_TRUE(conditions.ok()) << conditions.status();
  EXPECT_EQ((*conditions)[0].column, "a`b c");
  EXPECT_EQ((*conditions)[0].values, std::vector<std::string>{"say \"hi\""});
}

TEST(CohortFilterTest, AnUnquotedNameWithASpaceIsRefusedNamingTheRule) {
  auto parsed = ParseCohortFilter("hours per week > 40");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "expected an operator (>, <, >=, <=, ==, !=, in, not in, in range, is missing) after the column name "
            "'hours'; a column name ends at a space or an operator, so write one that holds either in backticks, "
            "e.g. `hours per week` > 40 at character 7");
  auto conditions = ParseCohortFilter("hours < 3");
  ASSERT_TRUE(conditions.ok());
  auto rows = SelectRows(People(), *conditions);
  EXPECT_THAT(std::string(rows.status().message()),
              HasSubstr("(columns: age, sex, hours-per-week, race)"));
  auto spaced = SelectRows(testing::ReadCsvText("hours per week\n1\n"), *conditions);
  EXPECT_THAT(std::string(spaced.status().message()),
              HasSubstr("so write 'hours per week' in backticks: `hours per week`"));
  EXPECT_FALSE(ParseCohortFilter("age > 40 or sex == Male").ok());
  EXPECT_FALSE(ParseCohortFilter("age is 3").ok());
}

TEST(CohortFilterTest, RefusesMalformedFilters) {
  for (const char* filter : {"", "age", "age >", "age > 40 AND", "age ~ 3", "race in White", "race in []",
                             "age in range [1]", "sex == \"open", "age > 40 OR sex == Male"}) {
    EXPECT_FALSE(ParseCohortFilter(filter).ok()) << filter;
  }
}

TEST(CohortFilterTest, RefusesConditionsTheTableCannotMeet) {
  struct Case {
    const char* filter;
    const char* message;
  };
  for (const Case& c : {Case{"agee > 3", "'agee' is not a column"}, Case{"age > old", "'old' is not a number"},
                        Case{"sex > Male", "is categorical"}, Case{"sex == Mael", "'Mael' is not a value of column 'sex'"},
                        Case{"age < inf", "'inf' is not a number"}, Case{"age > +-1", "'+-1' is not a number"},
                        Case{"age in range [50, 30]", "'age in range [50, 30]' is empty: its low bound is above"}}) {
    auto conditions = ParseCohortFilter(c.filter);
    ASSERT_TRUE(conditions.ok()) << c.filter;
    auto rows = SelectRows(People(), *conditions);
    ASSERT_FALSE(rows.ok()) << c.filter;
    EXPECT_THAT(std::string(rows.status().message()), HasSubstr(c.message));
  }
}

}  // namespace
}  // namespace glassbox::run
