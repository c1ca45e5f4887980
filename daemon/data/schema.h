// Describes a table's columns for the Dataset resource.
#ifndef GLASSBOX_DAEMON_DATA_SCHEMA_H_
#define GLASSBOX_DAEMON_DATA_SCHEMA_H_

#include <vector>

#include "glassbox/sdk/context.h"
#include "glassbox/sdk/table.h"
#include "glassbox/v1/dataset.pb.h"

namespace glassbox::data {

// At most this many categories of a column are listed in its schema.
inline constexpr size_t kMaxListedCategories = 1000;

glassbox::v1::ColumnSchema DescribeColumn(const sdk::Column& column);
// The schema's columns as analyzers see them at validation time.
std::vector<sdk::ColumnInfo> ColumnInfos(const sdk::Table& table);

}  // namespace glassbox::data

#endif  // GLASSBOX_DAEMON_DATA_SCHEMA_H_
