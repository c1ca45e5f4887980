// The query of a List call over a store's table (a `seq` key and a `resource`
// blob): conditions are added one at a time, each with the value bound to its
// placeholder(s), and rows are read newest first one page at a time (page.h).
#ifndef GLASSBOX_STORAGE_LIST_QUERY_H_
#define GLASSBOX_STORAGE_LIST_QUERY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/database.h"
#include "storage/page.h"

namespace glassbox::storage {

// Bounds on a time in microseconds since the epoch: [since, until); an absent
// bound does not limit.
struct TimeRange {
  std::optional<int64_t> since_micros{};
  std::optional<int64_t> until_micros{};
};

// The projects a list covers: every project, or only those named (none named:
// nothing is listed).
struct ProjectSet {
  bool every = false;
  std::vector<std::string> names{};

  static ProjectSet All() { return {true, {}}; }
  static ProjectSet Only(std::string project) { return {false, {std::move(project)}}; }
};

// The SQL condition on a `project` column that selects `projects`, with one `?`
// per name in order; "" when every project is selected.
std::string ProjectCondition(const ProjectSet& projects);

class ListQuery {
 public:
  using Value = std::variant<int64_t, std::string>;

  // `table` is a name from the schema, never user input.
  explicit ListQuery(std::string table) : table_(std::move(table)) {}

  // `condition` is SQL with one `?`, bound to `value`.
  ListQuery& Where(std::string condition, Value value);
  // `condition` is SQL without placeholders.
  ListQuery& Where(std::string condition);
  // `column` (a time in microseconds) within `range`.
  ListQuery& Within(const std::string& column, const TimeRange& range);
  // Rows whose `project` column is in `projects`.
  ListQuery& InProjects(const ProjectSet& projects);

  template <typename T>
  absl::StatusOr<Page<T>> Read(Database& database, const PageRequest& request) const {
    auto cursor = ParsePageRequest(request);
    if (!cursor.ok()) return cursor.status();
    Session session(database);
    auto statement = session.Prepare(Sql());
    Bind(statement, *cursor);
    return ReadPage<T>(statement, table_, *cursor);
  }

 private:
  std::string Sql() const;
  void Bind(Statement& statement, const PageCursor& cursor) const;

  std::string table_;
  std::vector<std::string> conditions_;
  std::vector<Value> values_;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_LIST_QUERY_H_
