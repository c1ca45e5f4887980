// The schema, as an ordered list of migrations: entry i brings the database
// from schema version i to i + 1, on SQLite and on PostgreSQL alike, so one
// number says which tables and columns an archive has on either engine.
// Never edit a shipped entry; append a new one, in both dialects.
#ifndef GLASSBOX_STORAGE_MIGRATIONS_H_
#define GLASSBOX_STORAGE_MIGRATIONS_H_

#include <span>
#include <string_view>

namespace glassbox::storage {

struct Migration {
  std::string_view sqlite;
  std::string_view postgresql;
};

std::span<const Migration> Migrations();

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_MIGRATIONS_H_
