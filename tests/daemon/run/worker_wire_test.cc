#include "daemon/run/worker_wire.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/analysis_fixture.h"

namespace glassbox::run {
namespace {

using ::testing::HasSubstr;

sdk::Table RunTable() {
  return testing::ReadCsvText("age,colour\n30,red\n41,\n52,blue\n");
}

TEST(WorkerWireTest, UnchangedColumnsTravelAsIndexesAndNewOnesWhole) {
  sdk::Table run_table = RunTable();
  sdk::Table rows;
  ASSERT_TRUE(rows.AddColumn(run_table.shared_column(1)).ok());
  ASSERT_TRUE(rows.AddColumn(sdk::Column::Numeric("age", {1.5, -2, 3})).ok());

  glassbox::internal::TableTransfer transfer;
  TableEncoder(run_table).Encode(rows, transfer);
  ASSERT_EQ(transfer.columns_size(), 2);
  EXPECT_EQ(transfer.columns(0).run_column(), 1u);
  EXPECT_THAT(transfer.columns(1).numeric().values(), ::testing::ElementsAre(1.5, -2, 3));

  absl::StatusOr<sdk::Table> decoded = DecodeTable(transfer, run_table);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->num_rows(), 3u);
  EXPECT_EQ(decoded->shared_column(0), run_table.shared_column(1));
  EXPECT_EQ(decoded->column(1).name(), "age");
  EXPECT_EQ(decoded->column(1).values()[1], -2);
}

TEST(WorkerWireTest, ChangedCategoricalColumnsKeepTheirCategoriesAndMissingCodes) {
  sdk::Table run_table = RunTable();
  sdk::Table rows;
  ASSERT_TRUE(rows.AddColumn(sdk::Column::Categorical("colour", {"blue", "red"}, {1, -1, 0})).ok());
  glassbox::internal::TableTransfer transfer;
  TableEncoder(run_table).Encode(rows, transfer);
  absl::StatusOr<sdk::Table> decoded = DecodeTable(transfer, run_table);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->column(0).ValueAsString(0), "red");
  EXPECT_TRUE(decoded->column(0).IsMissing(1));
  EXPECT_EQ(decoded->column(0).ValueAsString(2), "blue");
}

TEST(WorkerWireTest, RefusesTransfersThatDoNotDescribeATable) {
  sdk::Table run_table = RunTable();
  glassbox::internal::TableTransfer transfer;
  transfer.set_num_rows(3);
  transfer.add_columns()->set_run_column(7);
  EXPECT_THAT(DecodeTable(transfer, run_table).status().message(), HasSubstr("column 7 is not in the run's table"));

  transfer.clear_columns();
  auto* colour = transfer.add_columns();
  colour->set_name("colour");
  colour->mutable_categorical()->add_categories("red");
  for (int code : {0, 1, 0}) colour->mutable_categorical()->add_codes(code);
  EXPECT_THAT(DecodeTable(transfer, run_table).status().message(), HasSubstr("code 1 for 1 categories"));

  transfer.clear_columns();
  transfer.add_columns()->set_run_column(0);
  transfer.set_num_rows(4);
  EXPECT_THAT(DecodeTable(transfer, run_table).status().message(), HasSubstr("the table has 3 rows"));

  transfer.clear_columns();
  transfer.add_columns()->set_name("empty");
  EXPECT_THAT(DecodeTable(transfer, run_table).status().message(), HasSubstr("'empty' carries no values"));
}

TEST(WorkerWireTest, MatricesRoundTripColumnMajor) {
  Eigen::MatrixXd matrix(2, 3);
  matrix << 1, 2, 3, 4, 5, 6;
  glassbox::internal::Matrix transfer;
  EncodeMatrix(matrix, transfer);
  EXPECT_THAT(transfer.values(), ::testing::ElementsAre(1, 4, 2, 5, 3, 6));
  absl::StatusOr<Eigen::MatrixXd> decoded = DecodeMatrix(transfer);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, matrix);

  transfer.set_cols(4);
  EXPECT_THAT(DecodeMatrix(transfer).status().message(), HasSubstr("matrix has 6 values"));
}

}  // namespace
}  // namespace glassbox::run
