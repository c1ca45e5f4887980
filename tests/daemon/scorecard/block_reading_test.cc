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

TEST(ReferencedColumnTest, ChartAxisTableColumnOrTitleWord) {
  sdk::InsightBuilder chart;
  chart.AddBarChart("Selection rate by group", {"Female", "Male"}, {{"selection_rate", {0.08, 0.27}}}, "sex", "rate");
  EXPECT_EQ(ReferencedColumn(Only(chart), kColumns), "sex");

  sdk::InsightBuilder table;
  table.AddTable("Metrics", {"sex", "Accuracy"}, {{std::string("Female"), 0.93}});
  EXPECT_EQ(ReferencedColumn(Only(table), kColumns), "sex");

  sdk::InsightBuilder titled;
  titled.AddText("Distribution of Education-Num", "...");
  // The longest name mentioned wins: "education-num", not "education".
  EXPECT_EQ(ReferencedColumn(Only(titled), kColumns), "education-num");

  sdk::InsightBuilder unrelated;
  unrelated.AddText("Message of the day", "...");
  EXPECT_EQ(ReferencedColumn(Only(unrelated), kColumns), "");

  sdk::InsightBuilder embedded;
  // "age" inside "average" or "usage" is no mention.
  embedded.AddText("Average usage", "...");
  EXPECT_EQ(ReferencedColumn(Only(embedded), kColumns), "");
}

TEST(TopCategoriesTest, KeepsTheLargestInOrderWithEverySeries) {
  sdk::InsightBuilder builder;
  builder.AddBarChart("Importance", {"a", "b", "c", "d", "e"},
                      {{"mean", {0.2, 0.9, std::nan(""), 0.5, 0.1}}, {"std", {1, 2, 3, 4, 5}}});
  const Block chart = Only(builder);
  const Block top = TopCategories(chart, 3);
  EXPECT_EQ(top.title(), "Importance — top 3 of 5");
  EXPECT_THAT(top.chart().categories(), ElementsAre("b", "d", "a"));
  EXPECT_THAT(top.chart().series(0).values(), ElementsAre(0.9, 0.5, 0.2));
  EXPECT_THAT(top.chart().series(1).values(), ElementsAre(2, 4, 1));

  const Block all = TopCategories(chart, 10);
  EXPECT_EQ(all.title(), "Importance");
  EXPECT_THAT(all.chart().categories(), ElementsAre("b", "d", "a", "e", "c"));
}

std::vector<Block> DataExplorerTables() {
  sdk::InsightBuilder builder;
  builder.AddTable("Numeric features",
                   {"Feature", "Count", "Missing", "Mean", "Std", "Min", "25%", "Median", "75%", "Max"},
                   {{std::string("age"), 10054.0, 0.0, 38.49, 13.2, 17.0, 28.0, 37.0, 47.0, 90.0}});
  builder.AddTable("Categorical features", {"Feature", "Category", "Count", "Share"},
                   {{std::string("sex"), std::string("Male"), 6767.0, 0.6731},
                    {std::string("race"), std::string("White"), 8679.0, 0.8632},
                    {std::string("sex"), std::string("Female"), 3287.0, 0.3269}});
  const auto insight = builder.Release();
  return {insight.blocks().begin(), insight.blocks().end()};
}

TEST(FeatureTablesTest, CategoryCountsOfOneFeature) {
  const auto tables = DataExplorerTables();
  const std::vector<const Block*> blocks = {&tables[0], &tables[1]};
  EXPECT_TRUE(IsPerFeatureTable(tables[0]));
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

TEST(ReadIntervalsTest, EstimatesWithBoundsForTheChosenLabels) {
  sdk::InsightBuilder builder;
  builder.AddTable("Effects", {"Treatment", "Effect", "Std. error", "CI lower (95%)", "CI upper (95%)"},
                   {{std::string("hours-per-week"), 0.0026, 0.0003, 0.0020, 0.0033},
                    {std::string("education-num"), 0.0470, 0.0014, 0.0441, 0.0498}});
  const Block block = Only(builder);
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
}

}  // namespace
}  // namespace glassbox::scorecard
