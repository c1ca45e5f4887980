// One spelling for enum values: lower-case kebab words in and out.
#include "daemon/common/enum_words.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "glassbox/v1/analyzer.pb.h"
#include "glassbox/v1/model.pb.h"
#include "glassbox/v1/run.pb.h"
#include "glassbox/v1/scorecard.pb.h"

namespace glassbox {
namespace {

using ::testing::ElementsAre;

TEST(EnumWordsTest, WordsAreKebabWithoutTheEnumsOwnName) {
  EXPECT_EQ(EnumWord(glassbox::v1::SUCCEEDED), "succeeded");
  EXPECT_EQ(EnumWord(glassbox::v1::ANALYSIS_SUCCEEDED), "succeeded");
  EXPECT_EQ(EnumWord(glassbox::v1::PENDING), "pending");
  EXPECT_EQ(EnumWord(glassbox::v1::BINARY_CLASSIFICATION), "binary");
  EXPECT_EQ(EnumWord(glassbox::v1::REGRESSION), "regression");
  EXPECT_EQ(EnumWord(glassbox::v1::TARGETS_NOT_MET), "not-met");
  EXPECT_EQ(EnumWord(glassbox::v1::NO_TARGETS), "no-targets");
  EXPECT_EQ(EnumWord(glassbox::v1::OPEN_INFERENCE_PROTOCOL), "open-inference-protocol");
  EXPECT_EQ(EnumWord(glassbox::v1::STRING_LIST), "string-list");
  EXPECT_EQ(EnumWord(glassbox::v1::RUN_STATE_UNSPECIFIED), "unspecified");
  EXPECT_THAT(EnumWords<glassbox::v1::TaskType>(), ElementsAre("binary", "multiclass", "regression"));
}

TEST(EnumWordsTest, ParsingTakesTheWordOrTheFullNameInAnyCase) {
  EXPECT_EQ(*ParseEnumWord<glassbox::v1::RunState>("running", "state"), glassbox::v1::RUNNING);
  EXPECT_EQ(*ParseEnumWord<glassbox::v1::RunState>("RUNNING", "state"), glassbox::v1::RUNNING);
  EXPECT_EQ(*ParseEnumWord<glassbox::v1::TaskType>("binary-classification", "task"),
            glassbox::v1::BINARY_CLASSIFICATION);
  EXPECT_EQ(*ParseEnumWord<glassbox::v1::TaskType>("MULTICLASS_CLASSIFICATION", "task"),
            glassbox::v1::MULTICLASS_CLASSIFICATION);
  EXPECT_EQ(*ParseEnumWord<glassbox::v1::VerdictFilter>("not_met", "verdict"), glassbox::v1::TARGETS_NOT_MET);
  auto unspecified = ParseEnumWord<glassbox::v1::RunState>("unspecified", "state");
  EXPECT_EQ(unspecified.status().message(),
            "--state unspecified: use queued, running, succeeded, failed, cancelled or interrupted");
}

}  // namespace
}  // namespace glassbox
