#include "clients/cli/display_width.h"

#include <gtest/gtest.h>

#include "clients/cli/render.h"

namespace glassbox::cli {
namespace {

TEST(DisplayWidthTest, CountsColumnsNotBytes) {
  EXPECT_EQ(DisplayWidth(""), 0);
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("0 → 1"), 5);       // U+2192, 3 bytes
  EXPECT_EQ(DisplayWidth("café"), 4);        // precomposed é
  EXPECT_EQ(DisplayWidth("cafe\u0301"), 4);  // e + combining acute
  EXPECT_EQ(DisplayWidth("日本"), 4);        // East Asian wide
  EXPECT_EQ(DisplayWidth("\xff"
                         "a"),
            2);  // a stray byte takes a column
  EXPECT_EQ(PadToWidth("→", 3), "→  ");
  EXPECT_EQ(PadToWidth("wider", 2), "wider");
}

TEST(DisplayWidthTest, TablesPadCellsByDisplayWidth) {
  glassbox::v1::Block block;
  auto* table = block.mutable_table();
  table->add_columns("feature");
  table->add_columns("change");
  auto* row = table->add_rows();
  row->add_cells()->set_text("age");
  row->add_cells()->set_text("39 → 45");
  row = table->add_rows();
  row->add_cells()->set_text("hours-per-week");
  row->add_cells()->set_text("40");
  EXPECT_EQ(RenderBlock(block),
            "  \n"
            "  feature        change \n"
            "  ----------------------\n"
            "  age            39 → 45\n"
            "  hours-per-week 40     \n");
}

}  // namespace
}  // namespace glassbox::cli
