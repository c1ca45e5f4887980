// The embedded engine: a SQLite file in WAL mode with foreign keys on and
// synchronous=FULL. A transaction that holds off other writers is BEGIN
// IMMEDIATE; the schema version is PRAGMA user_version; migrations may call
// resource_field (resource_field.h).
#ifndef GLASSBOX_STORAGE_SQLITE_CONNECTION_H_
#define GLASSBOX_STORAGE_SQLITE_CONNECTION_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "storage/connection.h"

namespace glassbox::storage {

// Opens (creating if absent) the database file at `path`; ":memory:" for a
// private in-memory one.
absl::StatusOr<std::unique_ptr<Connection>> OpenSqlite(const std::string& path);

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_SQLITE_CONNECTION_H_
