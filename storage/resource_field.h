// The SQL function resource_field(resource, type, path), registered on the
// database's connection for migrations that add a column to filter on and
// fill it from the resources already stored: the value of the field at the
// dotted `path` (e.g. 'spec.model.version') of `resource`, a serialized proto
// of message `type` (e.g. 'glassbox.v1.Run'). Strings give text; enums (their
// number), integers and bools give integers; floating point gives reals. An
// unknown type or field, a repeated or message field at the end of the path,
// or bytes that do not parse are SQL errors, so a migration fails rather than
// fill a column wrongly.
#ifndef GLASSBOX_STORAGE_RESOURCE_FIELD_H_
#define GLASSBOX_STORAGE_RESOURCE_FIELD_H_

#include <sqlite3.h>

#include "absl/status/status.h"

namespace glassbox::storage {

absl::Status RegisterResourceField(sqlite3* db);

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_RESOURCE_FIELD_H_
