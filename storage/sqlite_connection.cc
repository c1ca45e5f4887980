#include "storage/sqlite_connection.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"
#include "storage/resource_field.h"

namespace glassbox::storage {
namespace {

absl::Status SqliteError(sqlite3* db, std::string_view what) {
  return absl::InternalError(absl::StrCat("sqlite: ", std::string(what), ": ", sqlite3_errmsg(db)));
}

class SqliteStatement : public PreparedStatement {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    prepare_error_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr);
  }
  ~SqliteStatement() override { sqlite3_finalize(statement_); }

  void BindInt(int index, int64_t value) override { sqlite3_bind_int64(statement_, index, value); }
  void BindDouble(int index, double value) override { sqlite3_bind_double(statement_, index, value); }
  void BindText(int index, std::string_view text) override {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void BindBlob(int index, std::string_view bytes) override {
    sqlite3_bind_blob(statement_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  }
  void BindNull(int index) override { sqlite3_bind_null(statement_, index); }

  absl::StatusOr<bool> Step() override {
    if (prepare_error_ != SQLITE_OK) return SqliteError(db_, "prepare");
    int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db_, "step");
  }

  int64_t ColumnInt(int index) const override { return sqlite3_column_int64(statement_, index); }
  double ColumnDouble(int index) const override { return sqlite3_column_double(statement_, index); }
  std::string ColumnText(int index) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, index));
    return text == nullptr ? std::string() : std::string(text, sqlite3_column_bytes(statement_, index));
  }
  std::string ColumnBlob(int index) const override {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement_, index));
    return bytes == nullptr ? std::string() : std::string(bytes, sqlite3_column_bytes(statement_, index));
  }
  bool ColumnIsNull(int index) const override { return sqlite3_column_type(statement_, index) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
  int prepare_error_ = SQLITE_OK;
};

class SqliteConnection : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override { sqlite3_close(db_); }

  std::unique_ptr<PreparedStatement> Prepare(std::string_view sql) override {
    return std::make_unique<SqliteStatement>(db_, sql);
  }

  absl::Status Execute(std::string_view sql) override {
    char* error = nullptr;
    if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error != nullptr ? error : "unknown error";
      sqlite3_free(error);
      return absl::InternalError(absl::StrCat("sqlite: ", message));
    }
    return absl::OkStatus();
  }

  absl::Status BeginExclusive() override { return Execute("BEGIN IMMEDIATE"); }
  absl::Status BeginRowLocking() override { return BeginExclusive(); }
  absl::Status Commit() override { return Execute("COMMIT"); }
  void Rollback() override { Execute("ROLLBACK").IgnoreError(); }

  absl::StatusOr<int> ReadSchemaVersion() override {
    // Finalized before it returns: SQLite refuses DROP while a statement is pending.
    SqliteStatement query(db_, "PRAGMA user_version");
    auto row = query.Step();
    if (!row.ok()) return row.status();
    return static_cast<int>(query.ColumnInt(0));
  }

  absl::Status WriteSchemaVersion(int version) override {
    return Execute(absl::StrCat("PRAGMA user_version = ", version));
  }

  std::string_view MigrationSql(const Migration& migration) const override { return migration.sqlite; }

  std::string_view RowLock(bool) const override { return ""; }
  // julianday('now') is in days since noon UTC of 4714 BC; the Unix epoch is day 2440587.5. Milliseconds are
  // what SQLite's clock gives.
  std::string_view NowMicros() const override {
    return "(CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 1000)";
  }
  bool Shared() const override { return false; }

 private:
  sqlite3* db_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Connection>> OpenSqlite(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return absl::UnavailableError(absl::StrCat("cannot open database ", path, ": ", message));
  }
  auto connection = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, 10'000);
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"}) {
    if (auto status = connection->Execute(pragma); !status.ok()) return status;
  }
  if (auto status = RegisterResourceField(db); !status.ok()) return status;
  return connection;
}

}  // namespace glassbox::storage
