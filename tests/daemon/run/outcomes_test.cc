#include "daemon/run/outcomes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/analysis_fixture.h"

namespace glassbox::run {
namespace {

using ::testing::HasSubstr;

TEST(OutcomesTest, ResolvesStringLabelsWithThePositiveClassLast) {
  sdk::Table table = testing::ReadCsvText("y,p,prob\nno,yes,0.9\nyes,yes,0.6\nno,no,0.2\n");
  auto outcomes = ResolveOutcomes(table, {"y", glassbox::v1::BINARY_CLASSIFICATION, "p", {"prob"}, "", {}});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  EXPECT_EQ(outcomes->classes, (std::vector<std::string>{"no", "yes"}));
  EXPECT_EQ(outcomes->positive_class, 1);
  EXPECT_EQ(outcomes->y_true, Eigen::Vector3d(0, 1, 0));
  EXPECT_EQ(outcomes->y_pred, Eigen::Vector3d(1, 1, 0));
  EXPECT_DOUBLE_EQ(outcomes->probabilities(0, 1), 0.9);
  EXPECT_DOUBLE_EQ(outcomes->probabilities(0, 0), 1 - 0.9);
}

TEST(OutcomesTest, SortsNumericLabelsNumericallyAndHonoursThePositiveClass) {
  sdk::Table table = testing::ReadCsvText("y,p\n10,2\n2,10\n");
  auto outcomes = ResolveOutcomes(table, {"y", glassbox::v1::BINARY_CLASSIFICATION, "p", {}, "2", {}});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  EXPECT_EQ(outcomes->classes, (std::vector<std::string>{"2", "10"}));
  EXPECT_EQ(outcomes->positive_class, 0);
  EXPECT_FALSE(outcomes->has_probabilities());
}

TEST(OutcomesTest, AModelMayHaveClassesTheDataLacks) {
  sdk::Table table = testing::ReadCsvText("y\nb\na\n");
  auto outcomes = ResolveOutcomes(table, {"y", glassbox::v1::MULTICLASS_CLASSIFICATION, "", {}, "", {"a", "b", "c"}});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  EXPECT_EQ(outcomes->classes, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(OutcomesTest, ResolvesRegression) {
  sdk::Table table = testing::ReadCsvText("y,p\n1.5,2\n3,2.5\n");
  auto outcomes = ResolveOutcomes(table, {"y", glassbox::v1::REGRESSION, "p", {}, "", {}});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  EXPECT_TRUE(outcomes->classes.empty());
  EXPECT_EQ(outcomes->y_pred, Eigen::Vector2d(2, 2.5));
}

TEST(OutcomesTest, RefusesBadSpecsNamingTheField) {
  sdk::Table table = testing::ReadCsvText("y,p,q,prob,c\na,a,b,0.5,x\na,a,c,1.5,y\n");
  struct Case {
    OutcomeColumns columns;
    const char* message;
  };
  std::vector<Case> cases = {
      {{"income", glassbox::v1::BINARY_CLASSIFICATION, "p", {}, "", {}}, "target_column: 'income' is not a column"},
      {{"y", glassbox::v1::BINARY_CLASSIFICATION, "pp", {}, "", {}}, "predictions.prediction_column: 'pp'"},
      {{"y", glassbox::v1::BINARY_CLASSIFICATION, "p", {}, "", {}}, "single class 'a'"},
      {{"y", glassbox::v1::BINARY_CLASSIFICATION, "q", {}, "", {}}, "use MULTICLASS_CLASSIFICATION"},
      {{"c", glassbox::v1::BINARY_CLASSIFICATION, "c", {}, "z", {}}, "positive_class: 'z'"},
      {{"c", glassbox::v1::BINARY_CLASSIFICATION, "c", {"prob"}, "", {}}, "not a probability"},
      {{"y", glassbox::v1::REGRESSION, "p", {}, "", {}}, "regression needs numbers"},
      {{"y", glassbox::v1::TASK_TYPE_UNSPECIFIED, "p", {}, "", {}}, "task is unspecified"},
      // A model registered with the default classes 0, 1 scoring a target that spells them otherwise.
      {{"c", glassbox::v1::BINARY_CLASSIFICATION, "", {}, "", {"0", "1"}},
       "target_column: 'c' holds 'x', which is not a class of the model (its classes: 0, 1); register the model "
       "with class_labels"},
  };
  for (const auto& c : cases) {
    auto outcomes = ResolveOutcomes(table, c.columns);
    ASSERT_FALSE(outcomes.ok()) << c.message;
    EXPECT_EQ(outcomes.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(outcomes.status().message()), HasSubstr(c.message));
  }
}

// A single probability column stands for the positive class, which only a
// binary task has; elsewhere it once indexed probability column -1.
TEST(OutcomesTest, RefusesProbabilityColumnsThatDoNotFitTheTask) {
  sdk::Table table = testing::ReadCsvText("y,p,prob\nno,yes,0.9\nyes,yes,0.6\nno,no,0.2\n");
  struct Case {
    OutcomeColumns columns;
    const char* message;
  };
  std::vector<Case> cases = {
      {{"y", glassbox::v1::MULTICLASS_CLASSIFICATION, "p", {"prob"}, "", {}},
       "1 columns given for 2 classes (no, yes) of a MULTICLASS_CLASSIFICATION task"},
      {{"y", glassbox::v1::MULTICLASS_CLASSIFICATION, "p", {"prob", "prob", "prob"}, "", {}},
       "3 columns given for 2 classes"},
      {{"prob", glassbox::v1::REGRESSION, "prob", {"prob"}, "", {}}, "a REGRESSION task has no class probabilities"},
      {{"y", glassbox::v1::MULTICLASS_CLASSIFICATION, "p", {}, "yes", {}},
       "positive_class: 'yes' is set for a MULTICLASS_CLASSIFICATION task"},
      {{"y", static_cast<glassbox::v1::TaskType>(4), "p", {"prob"}, "", {}}, "task: 4 is not a TaskType"},
      {{"y", static_cast<glassbox::v1::TaskType>(99), "p", {"prob"}, "", {}}, "task: 99 is not a TaskType"},
      {{"y", static_cast<glassbox::v1::TaskType>(-1), "p", {"prob"}, "", {}}, "task: -1 is not a TaskType"},
  };
  for (const auto& c : cases) {
    auto outcomes = ResolveOutcomes(table, c.columns);
    ASSERT_FALSE(outcomes.ok()) << c.message;
    EXPECT_EQ(outcomes.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(outcomes.status().message()), HasSubstr(c.message));
  }
}

// The column holds P(yes) (>= 0.5 exactly where "yes" is predicted); read as
// P(no) it contradicts every row, which once gave an inverted ROC AUC.
TEST(OutcomesTest, RefusesASingleProbabilityColumnThatContradictsThePredictions) {
  sdk::Table table = testing::ReadCsvText("y,p,prob\nno,yes,0.9\nyes,yes,0.6\nno,no,0.2\n");
  auto inverted = ResolveOutcomes(table, {"y", glassbox::v1::BINARY_CLASSIFICATION, "p", {"prob"}, "no", {}});
  ASSERT_FALSE(inverted.ok());
  EXPECT_EQ(inverted.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(inverted.status().message()),
              HasSubstr("'prob' is read as the probability of the positive class 'no', but on 3 of 3 rows it "
                        "contradicts 'p'"));
  EXPECT_THAT(std::string(inverted.status().message()), HasSubstr("set positive_class to 'yes'"));

  // One row of three disagreeing (a model thresholded elsewhere) is no contradiction.
  sdk::Table mostly = testing::ReadCsvText("y,p,prob\nno,yes,0.9\nyes,yes,0.4\nno,no,0.2\n");
  auto outcomes = ResolveOutcomes(mostly, {"y", glassbox::v1::BINARY_CLASSIFICATION, "p", {"prob"}, "yes", {}});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  EXPECT_DOUBLE_EQ(outcomes->probabilities(1, 1), 0.4);
  EXPECT_DOUBLE_EQ(outcomes->probabilities(1, 0), 1 - 0.4);
}

}  // namespace
}  // namespace glassbox::run
