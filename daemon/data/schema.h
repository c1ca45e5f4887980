// Describes a table's columns for the Dataset resource.
#ifndef GLASSBOX_DAEMON_DATA_SCHEMA_H_
#define GLASSBOX_DAEMON_DATA_SCHEMA_H_

#include <vector>

#include "glassbox/sdk/context.h"
#include "glassbox/sdk/table.h"
#include "glassbox/v1/dataset.pb.h"

namespace glassbox::data {

// At most this many categories of a column are listed in its schema, and at
// most this many bytes of them across a dataset's columns, so that a
// Dataset resource stays far below a gRPC message (64 MiB) however long its
// cells: 10,000 column names of 1 KiB and these 4 MiB come to about 14 MiB.
inline constexpr size_t kMaxListedCategories = 1000;
inline constexpr size_t kMaxListedCategoryBytes = size_t{4} << 20;

// Lists the column's categories, in order, while they fit in
// `listed_bytes_left`, which they use up.
glassbox::v1::ColumnSchema DescribeColumn(const sdk::Column& column, size_t& listed_bytes_left);
// As above, with a budget of its own.
glassbox::v1::ColumnSchema DescribeColumn(const sdk::Column& column);
// The schema's columns as analyzers see them at validation time.
std::vector<sdk::ColumnInfo> ColumnInfos(const sdk::Table& table);

}  // namespace glassbox::data

#endif  // GLASSBOX_DAEMON_DATA_SCHEMA_H_
