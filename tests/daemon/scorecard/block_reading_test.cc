#include "daemon/scorecard/block_reading.h"

#include <cmath>
#include <string>
#include <vector>

#include "glassbox/sdk/insight_builder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace glassbox::scorecard {
namespace {

using glassbox::v1::Block;
using ::testing::ElementsAre;

const std::vector<std::string> kColumns = {"age", "education", "education-num", "sex", "income"};

Block Only(sdk::InsightBuilder& builder) { return builder.Release().blocks(0); }

TEST(FeatureOfTest, TheFeatureEachKindOfBlockStates) {
  sdk::InsightBuilder builder;
  builder
      .AddBarChart("Selection rate by group", {"Female", "Male"}, {{"selection_rate", {0.08, 0.27}}}, "group", "rate")
      .SetFeature("sex");
  builder.AddTable("Metrics", {"Group", "Accuracy"}, {{std::string("Female"), 0.93}}).SetFeature("sex");
  builder.AddMetric("Gap", "gap", 0.1).SetFeature("sex");
  // A title or an axis naming a column says nothing: only the typed feature does.
  builder.AddBarChart("Distribution of sex", {"Female", "Male"}, {{"rows", {1, 2}}}, "sex", "rows");
  builder.AddText("Distribution of sex", "...");
  const auto insight = builder.Release();
  EXPECT_EQ(FeatureOf(insight.blocks(0)), "sex");
  EXPECT_EQ(FeatureOf(insight.blocks(1)), "sex");
  EXPECT_EQ(FeatureOf(insight.blocks(2)), "sex");
  EXPECT_EQ(FeatureOf(insight.blocks(3)), "");
  EXPECT_EQ(FeatureOf(insight.blocks(4)), "");
}

TEST(TopCategoriesTest, KeepsTheLargestInOrderWithEverySeries) {
  sdk::InsightBuilder builder;
  builder.AddBarChart("Importance", {"a", "b", "c", "d", "e"},
                      {{"mean", {0.2, 0.9, std::nan(""), 0.5, 0.1}}, {"std", {1, 2, 3, 4, 5}}});
  const Block chart = Only(builder);
  const Block top = TopCategories(chart, 3);
  EXPECT_THAT(top.chart().categories(), ElementsAre("b", "d", "a"));
  EXPECT_THAT(top.chart().series(0).values(), ElementsAre(0.9, 0.5, 0.2));
  EXPECT_THAT(top.chart().series(1).values(), ElementsAre(2, 4, 1));

  const Block all = TopCategories(chart, 10);
  EXPECT_THAT(all.chart().categories(), ElementsAre("b", "d", "a", "e", "c"));
}

// The data explorer's two per-feature tables, their headers as `numeric` and `categorical` name them.
std::vector<Block> DataExplorerTables(std::vector<std::string> numeric, std::vector<std::string> categorical) {
  sdk::InsightBuilder builder;
  builder.AddTable("Numeric features", std::move(numeric),
                   {{std::string("age"), 10054.0, 0.0, 38.49, 13.2, 17.0, 28.0, 37.0, 47.0, 90.0}})
      .SetRole(glassbox::v1::FIVE_NUMBER_SUMMARY)
      .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE)
      .SetColumnRole(5, glassbox::v1::COLUMN_MINIMUM)
      .SetColumnRole(6, glassbox::v1::COLUMN_FIRST_QUARTILE)
      .SetColumnRole(7, glassbox::v1::COLUMN_MEDIAN)
      .SetColumnRole(8, glassbox::v1::COLUMN_THIRD_QUARTILE)
      .SetColumnRole(9, glassbox::v1::COLUMN_MAXIMUM);
  builder.AddTable("Categorical features", std::move(categorical),
                   {{std::string("sex"), std::string("Male"), 6767.0, 0.6731},
                    {std::string("race"), std::string("White"), 8679.0, 0.8632},
                    {std::string("sex"), std::string("Female"), 3287.0, 0.3269}})
      .SetRole(glassbox::v1::CATEGORY_COUNTS)
      .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE)
      .SetColumnRole(1, glassbox::v1::COLUMN_LABEL)
      .SetColumnRole(2, glassbox::v1::COLUMN_COUNT);
  const auto insight = builder.Release();
  return {insight.blocks().begin(), insight.blocks().end()};
}

std::vector<Block> DataExplorerTables() {
  return DataExplorerTables({"Feature", "Count", "Missing", "Mean", "Std", "Min", "25%", "Median", "75%", "Max"},
                            {"Feature", "Category", "Count", "Share"});
}

TEST(FeatureTablesTest, CategoryCountsOfOneFeature) {
  const auto tables = DataExplorerTables();
  const std::vector<const Block*> blocks = {&tables[0], &tables[1]};
  EXPECT_TRUE(IsPerFeatureTable(tables[0]));
  EXPECT_TRUE(IsPerFeatureTable(tables[1]));
  auto chart = CategoryChart(blocks, "sex");
  ASSERT_TRUE(chart.has_value());
  EXPECT_EQ(chart->title(), "Distribution of sex");
  EXPECT_EQ(chart->chart().x_label(), "sex");
  EXPECT_THAT(chart->chart().categories(), ElementsAre("Male", "Female"));
  EXPECT_THAT(chart->chart().series(0).values(), ElementsAre(6767, 3287));
  // age is numeric: its row has no category, so it has no category chart.
  EXPECT_FALSE(CategoryChart(blocks, "age").has_value());
}

TEST(FeatureTablesTest, FiveNumbersOfOneFeature) {
  const auto tables = DataExplorerTables();
  const std::vector<const Block*> blocks = {&tables[1], &tables[0]};
  auto numbers = FiveNumbersOf(blocks, "age");
  ASSERT_TRUE(numbers.has_value());
  EXPECT_EQ(numbers->min, 17);
  EXPECT_EQ(numbers->q1, 28);
  EXPECT_EQ(numbers->median, 37);
  EXPECT_EQ(numbers->q3, 47);
  EXPECT_EQ(numbers->max, 90);
  EXPECT_FALSE(FiveNumbersOf(blocks, "sex").has_value());
}

// Headers in another language (and no word the old header sniffing looked
// for) with the same typed meaning read the same.
TEST(FeatureTablesTest, RenamedHeadersWithTheSameMeaningReadTheSame) {
  const auto tables =
      DataExplorerTables({"Merkmal", "Anzahl", "Fehlend", "Mittel", "Streuung", "Kleinster", "Q1", "Mitte", "Q3",
                          "Grösster"},
                         {"Merkmal", "Wert", "Anzahl", "Anteil"});
  const std::vector<const Block*> blocks = {&tables[0], &tables[1]};
  EXPECT_TRUE(IsPerFeatureTable(tables[0]));
  auto chart = CategoryChart(blocks, "sex");
  ASSERT_TRUE(chart.has_value());
  EXPECT_THAT(chart->chart().categories(), ElementsAre("Male", "Female"));
  EXPECT_THAT(chart->chart().series(0).values(), ElementsAre(6767, 3287));
  auto numbers = FiveNumbersOf(blocks, "age");
  ASSERT_TRUE(numbers.has_value());
  EXPECT_EQ(numbers->q1, 28);
  EXPECT_EQ(numbers->max, 90);
}

TEST(FeatureTablesTest, UntypedTablesAreNotReadWhateverTheirHeaders) {
  sdk::InsightBuilder builder;
  builder.AddTable("Numeric features", {"Feature", "Min", "25%", "Median", "75%", "Max"},
                   {{std::string("age"), 17.0, 28.0, 37.0, 47.0, 90.0}});
  builder.AddTable("Categorical features", {"Feature", "Category", "Count"},
                   {{std::string("sex"), std::string("Male"), 6767.0}});
  const auto insight = builder.Release();
  const std::vector<const Block*> blocks = {&insight.blocks(0), &insight.blocks(1)};
  EXPECT_FALSE(IsPerFeatureTable(insight.blocks(0)));
  EXPECT_FALSE(FiveNumbersOf(blocks, "age").has_value());
  EXPECT_FALSE(CategoryChart(blocks, "sex").has_value());
}

Block EffectsTable(std::vector<std::string> columns) {
  sdk::InsightBuilder builder;
  builder.AddTable("Effects", std::move(columns),
                   {{std::string("hours-per-week"), 0.0026, 0.0003, 0.0020, 0.0033},
                    {std::string("education-num"), 0.0470, 0.0014, 0.0441, 0.0498}})
      .SetRole(glassbox::v1::INTERVALS)
      .SetColumnRole(0, glassbox::v1::COLUMN_FEATURE)
      .SetColumnRole(1, glassbox::v1::COLUMN_ESTIMATE)
      .SetColumnRole(3, glassbox::v1::COLUMN_LOWER_BOUND)
      .SetColumnRole(4, glassbox::v1::COLUMN_UPPER_BOUND);
  return Only(builder);
}

TEST(ReadIntervalsTest, EstimatesWithBoundsForTheChosenLabels) {
  const Block block = EffectsTable({"Treatment", "Effect", "Std. error", "CI lower (95%)", "CI upper (95%)"});
  auto all = ReadIntervals(block.table(), {});
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->estimate_column, "Effect");
  ASSERT_EQ(all->intervals.size(), 2u);
  EXPECT_EQ(all->intervals[1].label, "education-num");
  EXPECT_EQ(all->intervals[1].estimate, 0.0470);
  EXPECT_EQ(all->intervals[1].lower, 0.0441);
  EXPECT_EQ(all->intervals[1].upper, 0.0498);

  auto chosen = ReadIntervals(block.table(), {"Education-Num"});
  ASSERT_TRUE(chosen.has_value());
  ASSERT_EQ(chosen->intervals.size(), 1u);
  ASSERT_EQ(chosen->table.rows_size(), 1);
  EXPECT_EQ(chosen->table.rows(0).cells(0).text(), "education-num");

  sdk::InsightBuilder other;
  other.AddTable("Metrics by sex", {"sex", "Accuracy"}, {{std::string("Female"), 0.93}});
  EXPECT_FALSE(ReadIntervals(Only(other).table(), {}).has_value());

  // The old header words ("effect", "ci_low", "2.5") without the typed meaning are no intervals.
  sdk::InsightBuilder untyped;
  untyped.AddTable("Effects", {"Treatment", "Effect", "Std. error", "ci_low 2.5%", "ci_high 97.5%"},
                   {{std::string("age"), 0.1, 0.01, 0.08, 0.12}});
  EXPECT_FALSE(ReadIntervals(Only(untyped).table(), {}).has_value());
}

TEST(ReadIntervalsTest, RenamedHeadersWithTheSameMeaningReadTheSame) {
  const Block block = EffectsTable({"Eingriff", "Wirkung", "Fehler", "von", "bis"});
  auto all = ReadIntervals(block.table(), {});
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->estimate_column, "Wirkung");
  ASSERT_EQ(all->intervals.size(), 2u);
  EXPECT_EQ(all->intervals[1].label, "education-num");
  EXPECT_EQ(all->intervals[1].lower, 0.0441);
  EXPECT_EQ(all->intervals[1].upper, 0.0498);
}

TEST(ColumnWithRoleTest, FirstColumnOfTheRoleAndOutOfRangeRolesIgnored) {
  sdk::InsightBuilder builder;
  builder.AddTable("t", {"a", "b"}, {})
      .SetColumnRole(1, glassbox::v1::COLUMN_COUNT)
      .SetColumnRole(2, glassbox::v1::COLUMN_LABEL)
      .SetColumnRole(-1, glassbox::v1::COLUMN_LABEL);
  const Block block = Only(builder);
  EXPECT_EQ(block.table().column_roles_size(), 2);
  EXPECT_EQ(ColumnWithRole(block.table(), glassbox::v1::COLUMN_COUNT), 1);
  EXPECT_EQ(ColumnWithRole(block.table(), glassbox::v1::COLUMN_LABEL), -1);
}

}  // namespace
}  // namespace glassbox::scorecard
