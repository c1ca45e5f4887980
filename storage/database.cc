#include "storage/database.h"

#include "absl/strings/str_cat.h"
#include "storage/migrations.h"
#include "storage/resource_field.h"

namespace glassbox::storage {
namespace {

absl::Status SqliteError(sqlite3* db, std::string_view what) {
  return absl::InternalError(absl::StrCat("sqlite: ", std::string(what), ": ", sqlite3_errmsg(db)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return absl::UnavailableError(absl::StrCat("cannot open database ", path, ": ", message));
  }
  auto database = std::unique_ptr<Database>(new Database(db));
  sqlite3_busy_timeout(db, 10'000);
  {
    Session session(*database);
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"}) {
      if (auto status = session.Execute(pragma); !status.ok()) return status;
    }
  }
  if (auto status = RegisterResourceField(db); !status.ok()) return status;
  if (auto status = database->Migrate(); !status.ok()) return status;
  return database;
}

Database::~Database() { sqlite3_close(db_); }

absl::Status Database::Migrate() {
  Session session(*this);
  int version = 0;
  {
    // Finalized before migrating: SQLite refuses DROP while a statement is pending.
    auto version_query = session.Prepare("PRAGMA user_version");
    auto row = version_query.Step();
    if (!row.ok()) return row.status();
    version = static_cast<int>(version_query.ColumnInt(0));
  }
  auto migrations = Migrations();
  if (version > static_cast<int>(migrations.size())) {
    return absl::FailedPreconditionError(absl::StrCat("the database has schema version ", version,
                                                      ", newer than this glassboxd knows (", migrations.size(),
                                                      "); use a newer glassboxd"));
  }
  for (; version < static_cast<int>(migrations.size()); ++version) {
    Transaction transaction(*this);
    if (auto status = transaction.Execute(migrations[version]); !status.ok()) return status;
    if (auto status = transaction.Execute(absl::StrCat("PRAGMA user_version = ", version + 1)); !status.ok()) {
      return status;
    }
    if (auto status = transaction.Commit(); !status.ok()) return status;
  }
  schema_version_ = version;
  return absl::OkStatus();
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  prepare_error_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr);
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  sqlite3_bind_double(statement_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob(statement_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

absl::StatusOr<bool> Statement::Step() {
  if (prepare_error_ != SQLITE_OK) return SqliteError(db_, "prepare");
  int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, "step");
}

absl::Status Statement::Run() {
  while (true) {
    auto row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
  }
}

int64_t Statement::ColumnInt(int index) const { return sqlite3_column_int64(statement_, index); }

double Statement::ColumnDouble(int index) const { return sqlite3_column_double(statement_, index); }

std::string Statement::ColumnText(int index) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, index));
  return text == nullptr ? std::string() : std::string(text, sqlite3_column_bytes(statement_, index));
}

std::string Statement::ColumnBlob(int index) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement_, index));
  return bytes == nullptr ? std::string() : std::string(bytes, sqlite3_column_bytes(statement_, index));
}

bool Statement::ColumnIsNull(int index) const { return sqlite3_column_type(statement_, index) == SQLITE_NULL; }

absl::StatusOr<std::string> ReadFirstColumn(Statement& query, const std::string& not_found) {
  auto found = query.Step();
  if (!found.ok()) return found.status();
  if (!*found) return absl::NotFoundError(not_found);
  return query.ColumnBlob(0);
}

std::string IdRow(const std::string& id) { return absl::StrCat("id '", id, "'"); }

absl::Status DamagedRow(const std::string& table, const std::string& row, const std::string& type) {
  return absl::DataLossError(absl::StrCat("table '", table, "' row ", row, " does not hold a valid ", type,
                                          "; the database is damaged: restore it from a backup"));
}

absl::Status Session::Execute(std::string_view sql) {
  char* error = nullptr;
  if (sqlite3_exec(database_.db_, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    return absl::InternalError(absl::StrCat("sqlite: ", message));
  }
  return absl::OkStatus();
}

Transaction::Transaction(Database& database) : Session(database) { begin_status_ = Execute("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_ && begin_status_.ok()) Execute("ROLLBACK").IgnoreError();
}

absl::Status Transaction::Commit() {
  if (!begin_status_.ok()) return begin_status_;
  if (auto status = Execute("COMMIT"); !status.ok()) return status;
  done_ = true;
  return absl::OkStatus();
}

}  // namespace glassbox::storage
