// The database of a glassbox archive: a SQLite file (the embedded default:
// WAL journal, foreign keys on) or a PostgreSQL database shared by many
// daemons (postgresql_connection.h). Its schema is brought up to date by the
// numbered migrations of migrations.h on either. One connection shared by the
// daemon's threads; every use holds its lock, taken through a Transaction or
// a Session.
#ifndef GLASSBOX_STORAGE_DATABASE_H_
#define GLASSBOX_STORAGE_DATABASE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "storage/connection.h"

namespace glassbox::storage {

class Database {
 public:
  // `location` is a PostgreSQL connection URI (postgresql://... or
  // postgres://...) or else the path of a SQLite file, created if absent.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const std::string& location);
  // Whether Open takes `location` for a PostgreSQL URI.
  static bool IsPostgresUri(std::string_view location);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // The schema version after migrations.
  int schema_version() const { return schema_version_; }
  // Whether other daemons may share it (Connection::Shared).
  bool shared() const { return connection_->Shared(); }

 private:
  friend class Session;
  friend class Transaction;
  explicit Database(std::unique_ptr<Connection> connection) : connection_(std::move(connection)) {}
  absl::Status Migrate();

  std::unique_ptr<Connection> connection_;
  std::recursive_mutex mutex_;
  int schema_version_ = 0;
};

// A prepared statement; Bind* take 1-based indices, Column* 0-based.
class Statement {
 public:
  explicit Statement(std::unique_ptr<PreparedStatement> statement) : statement_(std::move(statement)) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  // Binds a blob (serialized protos).
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);

  // Steps once: true when a row is available, false when done.
  absl::StatusOr<bool> Step();
  // Steps to completion, for statements without results.
  absl::Status Run();

  int64_t ColumnInt(int index) const;
  double ColumnDouble(int index) const;
  std::string ColumnText(int index) const;
  std::string ColumnBlob(int index) const;
  bool ColumnIsNull(int index) const;

 private:
  std::unique_ptr<PreparedStatement> statement_;
};

// The first column of `query`'s first row (text or blob), or NOT_FOUND with
// the message `not_found` when there is no row.
absl::StatusOr<std::string> ReadFirstColumn(Statement& query, const std::string& not_found);

// DATA_LOSS for a resource blob of `table` that does not parse as `type`;
// `row` says which row ("id 'run_1'", "seq 12") so an operator can find it.
absl::Status DamagedRow(const std::string& table, const std::string& row, const std::string& type);

// The `row` of a table keyed by id: "id 'run_1'".
std::string IdRow(const std::string& id);

// A resource blob read from `table`'s `row`, parsed as T; DATA_LOSS (DamagedRow)
// when the bytes are not a T, never an empty message.
template <typename T>
absl::StatusOr<T> ParseStored(const std::string& bytes, const std::string& table, const std::string& row) {
  T resource;
  if (!resource.ParseFromString(bytes)) return DamagedRow(table, row, T::descriptor()->full_name());
  return resource;
}

// The first column of `query`'s first row parsed as a resource of `table`'s
// `row` (ParseStored); NOT_FOUND with `not_found` when there is no row.
template <typename T>
absl::StatusOr<T> ReadResource(Statement& query, const std::string& table, const std::string& row,
                               const std::string& not_found) {
  auto bytes = ReadFirstColumn(query, not_found);
  if (!bytes.ok()) return bytes.status();
  return ParseStored<T>(*bytes, table, row);
}

// Holds the database lock for its lifetime and hands out statements.
class Session {
 public:
  explicit Session(Database& database) : database_(database), lock_(database.mutex_) {}

  Statement Prepare(std::string_view sql) { return Statement(database_.connection_->Prepare(sql)); }
  absl::Status Execute(std::string_view sql);
  // SQL of this engine to splice into statements: Connection::RowLock and NowMicros.
  std::string RowLock(bool skip_locked = false) const { return std::string(database_.connection_->RowLock(skip_locked)); }
  std::string NowMicros() const { return std::string(database_.connection_->NowMicros()); }

 protected:
  Database& database_;

 private:
  std::unique_lock<std::recursive_mutex> lock_;
};

// A session inside a transaction, rolled back unless Commit() succeeds. By
// default it holds off every other writer (Connection::BeginExclusive); a
// kRowLocking one only those of the rows it locks (BeginRowLocking), for
// work that must not wait behind every writer, such as claiming a run.
class Transaction : public Session {
 public:
  enum class Scope { kExclusive, kRowLocking };
  explicit Transaction(Database& database, Scope scope = Scope::kExclusive);
  ~Transaction();

  // Whether the transaction began.
  const absl::Status& began() const { return begin_status_; }
  // Fails if BEGIN failed or COMMIT fails.
  absl::Status Commit();

 private:
  absl::Status begin_status_;
  bool done_ = false;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_DATABASE_H_
