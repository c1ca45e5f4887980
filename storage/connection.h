// The seam between the stores and a database engine. The stores write their
// SQL once, with `?` placeholders, in the dialect SQLite and PostgreSQL share;
// a Connection runs it on one engine and keeps that engine's differences to
// itself: how a transaction that excludes other writers begins, where the
// schema version lives, which text of each migration applies, how blobs and
// placeholders travel. A Connection is used by one thread at a time (the
// Database's lock sees to it).
#ifndef GLASSBOX_STORAGE_CONNECTION_H_
#define GLASSBOX_STORAGE_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "storage/migrations.h"

namespace glassbox::storage {

// One statement; Bind* take 1-based indices, Column* 0-based. Column* read
// the current row, after Step returned true.
class PreparedStatement {
 public:
  virtual ~PreparedStatement() = default;

  virtual void BindInt(int index, int64_t value) = 0;
  virtual void BindDouble(int index, double value) = 0;
  virtual void BindText(int index, std::string_view text) = 0;
  virtual void BindBlob(int index, std::string_view bytes) = 0;
  virtual void BindNull(int index) = 0;

  // Runs the statement on the first call; true while a row is available.
  virtual absl::StatusOr<bool> Step() = 0;

  virtual int64_t ColumnInt(int index) const = 0;
  virtual double ColumnDouble(int index) const = 0;
  // Text and blob columns give their bytes; numbers their decimal text.
  virtual std::string ColumnText(int index) const = 0;
  virtual std::string ColumnBlob(int index) const = 0;
  virtual bool ColumnIsNull(int index) const = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;

  // Errors surface from the statement's first Step.
  virtual std::unique_ptr<PreparedStatement> Prepare(std::string_view sql) = 0;
  // Runs `sql`: one or more statements without placeholders.
  virtual absl::Status Execute(std::string_view sql) = 0;

  // Begins a transaction that holds off every other writer of the database,
  // in this process or another, until it commits or rolls back (so reads
  // made in it stay true until then: the audit chain's head, the next model
  // version).
  virtual absl::Status BeginExclusive() = 0;
  // Begins a transaction that holds off other writers only from the rows it
  // locks (RowLock): on PostgreSQL a plain transaction, on SQLite, which has
  // no row locks, the same as BeginExclusive.
  virtual absl::Status BeginRowLocking() = 0;
  virtual absl::Status Commit() = 0;
  virtual void Rollback() = 0;

  // The schema version recorded in the database (0 when new), and its
  // update; both inside a BeginExclusive transaction.
  virtual absl::StatusOr<int> ReadSchemaVersion() = 0;
  virtual absl::Status WriteSchemaVersion(int version) = 0;
  // The text of `migration` for this engine.
  virtual std::string_view MigrationSql(const Migration& migration) const = 0;

  // The clause that ends a SELECT so that the rows it reads stay locked until
  // the transaction ends; with `skip_locked`, rows another transaction holds
  // are left out rather than waited for. Empty on SQLite, whose write
  // transactions hold the whole database.
  virtual std::string_view RowLock(bool skip_locked) const = 0;
  // An SQL expression for the database's own clock, in microseconds since
  // the Unix epoch: one clock for every daemon, whatever their hosts' say.
  virtual std::string_view NowMicros() const = 0;
  // Whether other daemons may share the database (PostgreSQL); a SQLite
  // file is one daemon's.
  virtual bool Shared() const = 0;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_CONNECTION_H_
