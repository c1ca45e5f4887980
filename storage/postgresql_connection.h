// The shared engine: a PostgreSQL database (9.5 or later; tested on 15)
// reached through libpq, for many daemons on one archive. A transaction that
// holds off other writers is BEGIN plus a transaction-scoped advisory lock
// (pg_advisory_xact_lock) every glassboxd takes, so writes from all daemons
// are serialized as SQLite's BEGIN IMMEDIATE serializes them in one: the
// audit chain never forks and model versions are never issued twice. The
// schema version is the one row of table glassbox_schema_version. Blobs are
// BYTEA, sent and received in binary; `?` placeholders become $1, $2, ...
#ifndef GLASSBOX_STORAGE_POSTGRESQL_CONNECTION_H_
#define GLASSBOX_STORAGE_POSTGRESQL_CONNECTION_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "storage/connection.h"

namespace glassbox::storage {

// Connects to `uri` (postgresql://[user[:password]@]host[:port]/dbname[?...],
// libpq's form); UNAVAILABLE naming the host, port and database (never the
// password) when it cannot.
absl::StatusOr<std::unique_ptr<Connection>> OpenPostgresql(const std::string& uri);

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_POSTGRESQL_CONNECTION_H_
