// The schema, as an ordered list of migrations: entry i brings the database
// from user_version i to i + 1. Never edit a shipped entry; append a new one.
#ifndef GLASSBOX_STORAGE_MIGRATIONS_H_
#define GLASSBOX_STORAGE_MIGRATIONS_H_

#include <span>
#include <string_view>

namespace glassbox::storage {

std::span<const std::string_view> Migrations();

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_MIGRATIONS_H_
