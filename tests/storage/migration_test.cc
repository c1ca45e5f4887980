// Databases made by earlier schemas are migrated. From version 4: the columns
// the List filters read are filled from the stored resources, and a resource
// that does not parse stops the migration instead of filling a column wrongly.
// From version 5: every row moves into the project "default", its resource
// saying so too, model names become per project, and the audit chain still
// verifies. From version 8: dataset bytes kept as files only move into the
// database.
#include <sqlite3.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "storage/audit_log.h"
#include "storage/dataset_store.h"
#include "storage/migrations.h"
#include "storage/model_store.h"
#include "storage/resource_field.h"
#include "storage/run_store.h"
#include "storage/scorecard_store.h"
#include "storage/sha256.h"
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
    for (int version = 0; version < 4; ++version) Exec(db, std::string(Migrations()[version].sqlite));
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

  // Schema version 5 with one dataset, model, run, scorecard and audit event,
  // as glassboxd stored them before projects.
  void MakeVersion5() {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(RegisterResourceField(db).ok());
    for (int version = 0; version < 5; ++version) Exec(db, std::string(Migrations()[version].sqlite));
    Exec(db, "PRAGMA user_version = 5");
    glassbox::v1::Dataset dataset;
    dataset.set_id("ds_a");
    dataset.set_creator("alice");
    Insert(db, "INSERT INTO datasets (id, sha256, blob_path, create_time, creator, resource) "
               "VALUES ('ds_a', 'x', 'x', 0, 'alice', ?)", dataset.SerializeAsString());
    glassbox::v1::ModelVersion model;
    model.set_name("m");
    model.set_version("1");
    model.set_sha256("y");
    Insert(db, "INSERT INTO models (name, version, sha256, blob_path, create_time, resource) "
               "VALUES ('m', 1, 'y', '', 0, ?)", model.SerializeAsString());
    glassbox::v1::Run run;
    run.set_id("r1");
    run.mutable_spec()->set_dataset_id("ds_a");
    Insert(db, "INSERT INTO runs (id, dataset_id, state, create_time, creator, resource) "
               "VALUES ('r1', 'ds_a', 3, 10, 'alice', ?)", run.SerializeAsString());
    glassbox::v1::Scorecard card;
    card.set_id("s1");
    card.set_run_id("r1");
    Insert(db, "INSERT INTO scorecards (id, run_id, model_name, sha256, create_time, resource, pdf) "
               "VALUES ('s1', 'r1', '', 'x', 20, ?, x'')", card.SerializeAsString());
    // The hash of audit entry 1 as the chain's definition gives it: SHA-256 of
    // the genesis hash, then each field as "<length>:<bytes>".
    Sha256 hasher;
    hasher.Update(std::string(64, '0'));
    for (const std::string field : {"1", "30", "alice", "analyst", "CreateRun", "runs/r1", "OK", "req-1", ""}) {
      hasher.Update(absl::StrCat(field.size(), ":", field));
    }
    Exec(db, absl::StrCat("INSERT INTO audit_events VALUES (1, 30, 'alice', 'analyst', 'CreateRun', 'runs/r1', 'OK', "
                          "'req-1', '', '", std::string(64, '0'), "', '", hasher.HexDigest(), "')"));
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

TEST_F(MigrationTest, MovesEverythingStoredBeforeProjectsIntoDefault) {
  MakeVersion5();
  auto database = Database::Open(path());
  ASSERT_TRUE(database.ok()) << database.status();
  const ProjectSet in_default = ProjectSet::Only("default");
  const ProjectSet elsewhere = ProjectSet::Only("credit-risk");

  auto datasets = DatasetStore::Open(**database, folder_.path() + "/datasets");
  ASSERT_TRUE(datasets.ok());
  auto dataset = (*datasets)->Get("ds_a");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->project(), "default");
  EXPECT_EQ(dataset->creator(), "alice") << "the resource keeps its fields";
  EXPECT_EQ((*datasets)->List(in_default, {})->items.size(), 1u);
  EXPECT_TRUE((*datasets)->List(elsewhere, {})->items.empty());

  RunStore runs(**database);
  EXPECT_EQ(runs.Get("r1")->project(), "default");
  EXPECT_EQ(runs.List({.projects = in_default}, {})->items.size(), 1u);
  EXPECT_TRUE(runs.List({.projects = elsewhere}, {})->items.empty());

  ScorecardStore scorecards(**database);
  EXPECT_EQ(scorecards.Get("s1")->project(), "default");
  EXPECT_EQ(scorecards.List({.projects = in_default}, {})->items.size(), 1u);
  EXPECT_TRUE(scorecards.List({.projects = elsewhere}, {})->items.empty());

  auto models = ModelStore::Open(**database, folder_.path() + "/models");
  ASSERT_TRUE(models.ok());
  auto model = (*models)->Get("default", "m", "1");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->project(), "default");
  EXPECT_EQ((*models)->Get("credit-risk", "m", "").status().code(), absl::StatusCode::kNotFound);
  glassbox::v1::ModelVersion same_name;
  same_name.set_name("m");
  same_name.set_sha256("y");
  same_name.set_project("credit-risk");
  const AuditRecord registration{"bob", "analyst", "RegisterModel", "models/m", "OK", "req-2", "", "credit-risk"};
  auto registered = (*models)->Register(same_name, "", registration);
  ASSERT_TRUE(registered.ok()) << registered.status();
  EXPECT_EQ(registered->version(), "1") << "names are per project";
  EXPECT_EQ((*models)->ListLatest(ProjectSet::All(), {})->items.size(), 2u);
  EXPECT_EQ((*models)->ListVersions("default", "m", {})->items.size(), 1u);

  AuditLog audit(**database);
  auto verified = audit.Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact()) << verified->reason();
  EXPECT_EQ(verified->entries_checked(), 2);
  auto everything = audit.List({}, {});
  ASSERT_EQ(everything->items.size(), 2u);
  EXPECT_EQ(everything->items[0].project(), "") << "events logged before projects are daemon-wide";
  EXPECT_EQ(everything->items[1].project(), "credit-risk");
  EXPECT_TRUE(audit.List({.projects = in_default}, {})->items.empty());
}

TEST_F(MigrationTest, DatasetBytesThatWereFilesOnlyAreStoredInTheDatabaseOnOpen) {
  MakeVersion5();
  const std::string csv = "x,y\n1,2\n";
  const std::string digest = Sha256Hex(csv);
  std::filesystem::create_directories(folder_.path() + "/datasets");
  std::ofstream(folder_.path() + "/datasets/" + digest, std::ios::binary) << csv;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  Exec(db, "UPDATE datasets SET sha256 = '" + digest + "'");
  sqlite3_close(db);

  auto database = Database::Open(path());
  ASSERT_TRUE(database.ok()) << database.status();
  auto datasets = DatasetStore::Open(**database, folder_.path() + "/datasets");
  ASSERT_TRUE(datasets.ok()) << datasets.status();
  std::filesystem::remove(folder_.path() + "/datasets/" + digest);
  glassbox::v1::Dataset dataset;
  dataset.set_sha256(digest);
  auto local = (*datasets)->LocalPath(dataset);
  ASSERT_TRUE(local.ok()) << local.status();
  std::ifstream in(*local, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), csv);
}

}  // namespace
}  // namespace glassbox::storage
