// A database made by the previous schema (version 4) is migrated: the columns
// the new List filters read are filled from the stored resources, and a
// resource that does not parse stops the migration instead of filling a
// column wrongly.
#include <sqlite3.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/migrations.h"
#include "storage/run_store.h"
#include "storage/scorecard_store.h"
#include "tests/support/daemon_process.h"

namespace glassbox::storage {
namespace {

using ::testing::HasSubstr;

class MigrationTest : public ::testing::Test {
 protected:
  std::string path() const { return folder_.path() + "/glassbox.db"; }

  // Schema version 4 with one dataset, run and scorecard; `scorecard_resource` is stored as given.
  void MakeVersion4(const std::string& scorecard_resource) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    for (int version = 0; version < 4; ++version) Exec(db, std::string(Migrations()[version]));
    Exec(db, "PRAGMA user_version = 4");
    Exec(db, "INSERT INTO datasets (id, sha256, blob_path, create_time, creator, resource) "
             "VALUES ('ds_a', 'x', 'x', 0, 'alice', x'')");
    glassbox::v1::Run run;
    run.set_id("r1");
    run.mutable_spec()->set_dataset_id("ds_a");
    run.mutable_spec()->mutable_model()->set_name("m");
    run.mutable_spec()->mutable_model()->set_version("3");
    Insert(db, "INSERT INTO runs (id, dataset_id, model_name, state, create_time, creator, resource) "
               "VALUES ('r1', 'ds_a', 'm', 3, 10, 'alice', ?)", run.SerializeAsString());
    Insert(db, "INSERT INTO scorecards (id, run_id, model_name, sha256, create_time, resource, pdf) "
               "VALUES ('s1', 'r1', 'm', 'x', 20, ?, x'')", scorecard_resource);
    sqlite3_close(db);
  }

  static void Exec(sqlite3* db, const std::string& sql) {
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
  }

  static void Insert(sqlite3* db, const std::string& sql, const std::string& blob) {
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_bind_blob(statement, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(statement), SQLITE_DONE) << sqlite3_errmsg(db);
    sqlite3_finalize(statement);
  }

  testing::TemporaryFolder folder_;
};

TEST_F(MigrationTest, FillsTheFilterColumnsFromStoredResources) {
  glassbox::v1::Scorecard card;
  card.set_id("s1");
  card.set_run_id("r1");
  card.set_model_name("m");
  card.set_model_version("3");
  card.set_creator("bob");
  card.set_verdict(glassbox::v1::FAIL);
  MakeVersion4(card.SerializeAsString());

  auto database = Database::Open(path());
  ASSERT_TRUE(database.ok()) << database.status();
  EXPECT_EQ((*database)->schema_version(), static_cast<int>(Migrations().size()));
  RunStore runs(**database);
  auto run_page = runs.List({.model_name = "m", .model_version = "3", .verdict = glassbox::v1::TARGETS_NOT_MET}, {});
  ASSERT_TRUE(run_page.ok()) << run_page.status();
  ASSERT_EQ(run_page->items.size(), 1u);
  EXPECT_EQ(run_page->items[0].id(), "r1");
  ScorecardStore scorecards(**database);
  for (const ScorecardFilter& filter :
       {ScorecardFilter{.model_name = "m", .model_version = "3"}, ScorecardFilter{.creator = "bob"},
        ScorecardFilter{.verdict = glassbox::v1::TARGETS_NOT_MET}}) {
    auto page = scorecards.List(filter, {});
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].id(), "s1");
  }
  auto other = scorecards.List({.creator = "alice"}, {});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->items.empty());
}

TEST_F(MigrationTest, AResourceThatDoesNotParseStopsTheMigration) {
  MakeVersion4("\xff\xff\xff\xff");
  auto database = Database::Open(path());
  ASSERT_FALSE(database.ok());
  EXPECT_THAT(database.status().message(),
              HasSubstr("resource_field: a stored resource is not a valid glassbox.v1.Scorecard"));

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(statement, 0), 4) << "the failed migration was not rolled back";
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

}  // namespace
}  // namespace glassbox::storage
