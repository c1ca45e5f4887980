#include "daemon/server/dataset_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "storage/database.h"
#include "storage/sha256.h"
#include "tests/support/daemon_process.h"

namespace glassbox::server {
namespace {

using ::testing::HasSubstr;

// Three stored datasets of two numeric columns and `rows` rows each: 16
// bytes a row as TableBytes counts them.
class DatasetCacheTest : public ::testing::Test {
 protected:
  static constexpr int kRows = 100;
  static constexpr size_t kTableBytes = kRows * 2 * sizeof(double);

  void SetUp() override {
    auto database = storage::Database::Open(folder_.path() + "/glassbox.db");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    auto store = storage::DatasetStore::Open(*database_, folder_.path() + "/datasets");
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    for (const char* id : {"ds_a", "ds_b", "ds_c"}) Store(id);
  }

  // Each dataset's bytes differ (its first value is its index), so each has a blob of its own.
  void Store(const std::string& id) {
    std::string csv = "x,y\n";
    for (int row = 0; row < kRows; ++row) absl::StrAppend(&csv, row == 0 ? id.back() - 'a' : row, ",", 2 * row, "\n");
    Store(id, csv);
  }

  void Store(const std::string& id, const std::string& csv) {
    const std::string staged = store_->NewStagingPath();
    std::ofstream(staged) << csv;
    glassbox::v1::Dataset dataset;
    dataset.set_id(id);
    dataset.set_sha256(storage::Sha256Hex(csv));
    for (const char* name : {"x", "y"}) {
      auto& column = *dataset.add_columns();
      column.set_name(name);
      column.set_type(glassbox::v1::NUMERIC);
    }
    auto inserted = store_->Insert(dataset, staged, {"alice", "analyst", "UploadDataset", "datasets/" + id, "OK", "", ""});
    ASSERT_TRUE(inserted.ok()) << inserted.status();
    datasets_[id] = *inserted;
  }

  std::shared_ptr<const sdk::Table> Load(DatasetCache& cache, const std::string& id) {
    auto table = cache.Load(datasets_.at(id));
    EXPECT_TRUE(table.ok()) << table.status();
    return table.ok() ? *table : nullptr;
  }

  testing::TemporaryFolder folder_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<storage::DatasetStore> store_;
  std::map<std::string, glassbox::v1::Dataset> datasets_;
};

TEST_F(DatasetCacheTest, ALoadedTableIsParsedWithItsRecordedTypesAndSized) {
  DatasetCache cache(*store_, 1 << 20);
  auto table = Load(cache, "ds_b");
  ASSERT_NE(table, nullptr);
  ASSERT_EQ(table->num_rows(), kRows);
  ASSERT_EQ(table->num_columns(), 2u);
  EXPECT_TRUE(table->column(0).is_numeric());
  EXPECT_EQ(TableBytes(*table), kTableBytes);
}

TEST_F(DatasetCacheTest, TablesWithinTheBudgetAreServedWithoutParsingAgain) {
  DatasetCache cache(*store_, 3 * kTableBytes);
  auto a = Load(cache, "ds_a");
  auto b = Load(cache, "ds_b");
  auto c = Load(cache, "ds_c");
  EXPECT_EQ(Load(cache, "ds_a"), a);
  EXPECT_EQ(Load(cache, "ds_b"), b);
  EXPECT_EQ(Load(cache, "ds_c"), c);
}

TEST_F(DatasetCacheTest, BeyondTheBudgetTheLeastRecentlyUsedTableIsDroppedAndParsedAgainWhenNeeded) {
  DatasetCache cache(*store_, 2 * kTableBytes);
  auto a = Load(cache, "ds_a");
  auto b = Load(cache, "ds_b");
  EXPECT_EQ(Load(cache, "ds_a"), a);  // b is now the least recently used
  Load(cache, "ds_c");                // over budget: b goes
  EXPECT_EQ(Load(cache, "ds_a"), a);
  auto b_again = Load(cache, "ds_b");  // parsed again; c (least recent) goes
  ASSERT_NE(b_again, nullptr);
  EXPECT_NE(b_again, b);
  EXPECT_EQ(b_again->column(0).values()[0], 1.0);
  EXPECT_EQ(b_again->column(1).values()[kRows - 1], 2.0 * (kRows - 1));
  EXPECT_EQ(Load(cache, "ds_a"), a);
}

TEST_F(DatasetCacheTest, TheMostRecentTableIsKeptHoweverLargeItIs) {
  DatasetCache cache(*store_, 1);
  auto a = Load(cache, "ds_a");
  EXPECT_EQ(Load(cache, "ds_a"), a);
  auto b = Load(cache, "ds_b");
  EXPECT_EQ(Load(cache, "ds_b"), b);
  EXPECT_NE(Load(cache, "ds_a"), a);
}

TEST_F(DatasetCacheTest, AnOfferedTableIsServedAsOffered) {
  DatasetCache cache(*store_, 1 << 20);
  auto offered = Load(cache, "ds_a");
  DatasetCache other(*store_, 1 << 20);
  other.Put("ds_a", offered);
  EXPECT_EQ(Load(other, "ds_a"), offered);
}

TEST_F(DatasetCacheTest, BytesMissingFromTheLocalCacheAreFetchedFromTheDatabase) {
  auto path = store_->LocalPath(datasets_.at("ds_c"));
  ASSERT_TRUE(path.ok()) << path.status();
  std::filesystem::remove(*path);
  DatasetCache cache(*store_, 1 << 20);
  auto table = Load(cache, "ds_c");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->num_rows(), kRows);
  EXPECT_EQ(table->column(0).values()[0], 2.0);
  EXPECT_TRUE(std::filesystem::exists(*path));
}

TEST_F(DatasetCacheTest, BytesDamagedInTheDatabaseAreDataLossNamingTheDataset) {
  auto path = store_->LocalPath(datasets_.at("ds_c"));
  ASSERT_TRUE(path.ok()) << path.status();
  std::filesystem::remove(*path);
  {
    storage::Session session(*database_);
    ASSERT_TRUE(session.Execute("UPDATE blob_chunks SET bytes = x'782c790a312c320a'").ok());
  }
  DatasetCache cache(*store_, 1 << 20);
  auto table = cache.Load(datasets_.at("ds_c"));
  EXPECT_EQ(table.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(table.status().message(), HasSubstr("dataset 'ds_c'"));
  EXPECT_THAT(table.status().message(), HasSubstr("no longer hash"));
}

TEST_F(DatasetCacheTest, BytesThatDoNotParseAreDataLossNamingTheDataset) {
  Store("ds_ragged", "x,y\n1,2,3\n");
  DatasetCache cache(*store_, 1 << 20);
  auto table = cache.Load(datasets_.at("ds_ragged"));
  EXPECT_EQ(table.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(table.status().message(), HasSubstr("stored dataset 'ds_ragged' no longer parses"));
}

}  // namespace
}  // namespace glassbox::server
