// The stores' SQL writes each parameter as `?` (SQLite's form); PostgreSQL
// numbers them: $1, $2, ... NumberedPlaceholders rewrites one into the other,
// leaving alone a `?` inside a string literal, a quoted identifier or a
// comment.
#ifndef GLASSBOX_STORAGE_PLACEHOLDERS_H_
#define GLASSBOX_STORAGE_PLACEHOLDERS_H_

#include <string>
#include <string_view>

namespace glassbox::storage {

std::string NumberedPlaceholders(std::string_view sql);

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_PLACEHOLDERS_H_
