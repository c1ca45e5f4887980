#include "storage/database.h"

#include "absl/strings/str_cat.h"
#include "storage/migrations.h"
#include "storage/postgresql_connection.h"
#include "storage/sqlite_connection.h"

namespace glassbox::storage {

bool Database::IsPostgresUri(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const std::string& location) {
  auto connection = IsPostgresUri(location) ? OpenPostgresql(location) : OpenSqlite(location);
  if (!connection.ok()) return connection.status();
  auto database = std::unique_ptr<Database>(new Database(*std::move(connection)));
  if (auto status = database->Migrate(); !status.ok()) return status;
  return database;
}

// Each migration commits with the version it reaches; the version is read
// inside the same exclusive transaction, so daemons starting together on one
// database apply each migration once.
absl::Status Database::Migrate() {
  auto migrations = Migrations();
  while (true) {
    Transaction transaction(*this);
    if (!transaction.began().ok()) return transaction.began();
    auto version = connection_->ReadSchemaVersion();
    if (!version.ok()) return version.status();
    if (*version > static_cast<int>(migrations.size())) {
      return absl::FailedPreconditionError(absl::StrCat("the database has schema version ", *version,
                                                        ", newer than this glassboxd knows (", migrations.size(),
                                                        "); use a newer glassboxd"));
    }
    if (*version == static_cast<int>(migrations.size())) {
      schema_version_ = *version;
      return transaction.Commit();
    }
    if (auto status = transaction.Execute(connection_->MigrationSql(migrations[*version])); !status.ok()) {
      return status;
    }
    if (auto status = connection_->WriteSchemaVersion(*version + 1); !status.ok()) return status;
    if (auto status = transaction.Commit(); !status.ok()) return status;
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  statement_->BindInt(index, value);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  statement_->BindDouble(index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  statement_->BindText(index, text);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  statement_->BindBlob(index, bytes);
  return *this;
}

Statement& Statement::BindNull(int index) {
  statement_->BindNull(index);
  return *this;
}

absl::StatusOr<bool> Statement::Step() { return statement_->Step(); }

absl::Status Statement::Run() {
  while (true) {
    auto row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
  }
}

int64_t Statement::ColumnInt(int index) const { return statement_->ColumnInt(index); }

double Statement::ColumnDouble(int index) const { return statement_->ColumnDouble(index); }

std::string Statement::ColumnText(int index) const { return statement_->ColumnText(index); }

std::string Statement::ColumnBlob(int index) const { return statement_->ColumnBlob(index); }

bool Statement::ColumnIsNull(int index) const { return statement_->ColumnIsNull(index); }

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

absl::Status Session::Execute(std::string_view sql) { return database_.connection_->Execute(sql); }

Transaction::Transaction(Database& database, Scope scope) : Session(database) {
  begin_status_ = scope == Scope::kExclusive ? database.connection_->BeginExclusive()
                                             : database.connection_->BeginRowLocking();
}

Transaction::~Transaction() {
  if (!done_ && begin_status_.ok()) database_.connection_->Rollback();
}

absl::Status Transaction::Commit() {
  if (!begin_status_.ok()) return begin_status_;
  if (auto status = database_.connection_->Commit(); !status.ok()) return status;
  done_ = true;
  return absl::OkStatus();
}

}  // namespace glassbox::storage
