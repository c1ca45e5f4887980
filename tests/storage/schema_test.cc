// The schema on both engines: a new database reaches the latest version of
// migrations.h once, however many daemons open it at the same moment; a
// database of a newer glassboxd is refused; and SQLite and PostgreSQL end up
// with the same tables, columns and indexes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "storage/migrations.h"
#include "tests/storage/backend_database.h"
#include "tests/support/daemon_process.h"

namespace glassbox::storage {
namespace {

using ::testing::HasSubstr;

const int kLatest = static_cast<int>(Migrations().size());

class SchemaTest : public ::testing::TestWithParam<Backend> {
 protected:
  testing::TemporaryFolder folder_;
  BackendDatabase backend_{GetParam(), folder_.path()};
};

TEST_P(SchemaTest, ANewDatabaseReachesTheLatestVersionAndKeepsIt) {
  for (int open = 0; open < 2; ++open) {
    auto database = Database::Open(backend_.location());
    ASSERT_TRUE(database.ok()) << database.status();
    EXPECT_EQ((*database)->schema_version(), kLatest);
  }
}

// Daemons started together on one new archive: the migrations run under the
// writers' lock, each once, and every daemon starts.
TEST_P(SchemaTest, DaemonsOpeningANewDatabaseTogetherMigrateItOnce) {
  constexpr int kDaemons = 4;
  std::vector<absl::Status> outcomes(kDaemons);
  std::vector<std::thread> threads;
  for (int i = 0; i < kDaemons; ++i) {
    threads.emplace_back([&, i] {
      auto database = Database::Open(backend_.location());
      outcomes[i] = database.ok() && (*database)->schema_version() == kLatest ? absl::OkStatus() : database.status();
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& outcome : outcomes) EXPECT_TRUE(outcome.ok()) << outcome;
}

TEST_P(SchemaTest, ADatabaseOfANewerGlassboxdIsRefused) {
  ASSERT_TRUE(Database::Open(backend_.location()).ok());
  backend_.Execute(GetParam() == Backend::kSqlite ? "PRAGMA user_version = 99"
                                                  : "UPDATE glassbox_schema_version SET version = 99");
  auto database = Database::Open(backend_.location());
  ASSERT_FALSE(database.ok());
  EXPECT_EQ(database.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(database.status().message()), HasSubstr("schema version 99, newer than this glassboxd"));
}

INSTANTIATE_TEST_SUITE_P(Backends, SchemaTest, EveryBackend(), BackendName);

// The first column of each row of `sql`, sorted.
std::vector<std::string> Names(Database& database, const std::string& sql) {
  Session session(database);
  auto query = session.Prepare(sql);
  std::vector<std::string> names;
  while (true) {
    auto row = query.Step();
    EXPECT_TRUE(row.ok()) << row.status();
    if (!row.ok() || !*row) break;
    names.push_back(query.ColumnText(0));
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(SchemaEnginesTest, SqliteAndPostgresqlHaveTheSameTablesColumnsAndIndexes) {
  testing::TemporaryFolder folder;
  BackendDatabase sqlite_location(Backend::kSqlite, folder.path());
  BackendDatabase postgresql_location(Backend::kPostgresql, folder.path());
  auto sqlite = Database::Open(sqlite_location.location());
  auto postgresql = Database::Open(postgresql_location.location());
  ASSERT_TRUE(sqlite.ok()) << sqlite.status();
  ASSERT_TRUE(postgresql.ok()) << postgresql.status();

  auto sqlite_columns =
      Names(**sqlite,
            "SELECT m.name || '.' || p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p "
            "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'");
  auto postgresql_columns =
      Names(**postgresql,
            "SELECT table_name || '.' || column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name <> 'glassbox_schema_version'");
  EXPECT_THAT(sqlite_columns, ::testing::Contains("audit_events.project"));
  EXPECT_EQ(sqlite_columns, postgresql_columns);

  // Indexes made by CREATE INDEX, not those behind a key or UNIQUE constraint.
  auto sqlite_indexes =
      Names(**sqlite, "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'");
  auto postgresql_indexes = Names(**postgresql,
                                  "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND "
                                  "indexname NOT IN (SELECT conname FROM pg_constraint)");
  EXPECT_THAT(sqlite_indexes, ::testing::Contains("runs_model_version"));
  EXPECT_EQ(sqlite_indexes, postgresql_indexes);
}

}  // namespace
}  // namespace glassbox::storage
