#include "storage/placeholders.h"

#include <gtest/gtest.h>

namespace glassbox::storage {
namespace {

TEST(PlaceholdersTest, NumbersEachPlaceholderInOrder) {
  EXPECT_EQ(NumberedPlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?) LIMIT ?"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3) LIMIT $4");
  EXPECT_EQ(NumberedPlaceholders("SELECT 1"), "SELECT 1");
}

TEST(PlaceholdersTest, LeavesQuestionMarksInLiteralsIdentifiersAndComments) {
  EXPECT_EQ(NumberedPlaceholders("SELECT 'why?', 'it''s ?', \"odd?name\" FROM t WHERE a = ? -- b = ?\nAND c = ?"),
            "SELECT 'why?', 'it''s ?', \"odd?name\" FROM t WHERE a = $1 -- b = ?\nAND c = $2");
}

TEST(PlaceholdersTest, AnUnterminatedLiteralIsKeptAsItIs) {
  EXPECT_EQ(NumberedPlaceholders("SELECT ? WHERE a = 'x?"), "SELECT $1 WHERE a = 'x?");
}

}  // namespace
}  // namespace glassbox::storage
