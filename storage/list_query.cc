#include "storage/list_query.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace glassbox::storage {

ListQuery& ListQuery::Where(std::string condition, Value value) {
  conditions_.push_back(std::move(condition));
  values_.push_back(std::move(value));
  return *this;
}

ListQuery& ListQuery::Where(std::string condition) {
  conditions_.push_back(std::move(condition));
  return *this;
}

ListQuery& ListQuery::Within(const std::string& column, const TimeRange& range) {
  if (range.since_micros) Where(absl::StrCat(column, " >= ?"), *range.since_micros);
  if (range.until_micros) Where(absl::StrCat(column, " < ?"), *range.until_micros);
  return *this;
}

std::string ProjectCondition(const ProjectSet& projects) {
  if (projects.every) return "";
  if (projects.names.empty()) return "FALSE";
  std::vector<std::string> placeholders(projects.names.size(), "?");
  return absl::StrCat("project IN (", absl::StrJoin(placeholders, ", "), ")");
}

ListQuery& ListQuery::InProjects(const ProjectSet& projects) {
  if (projects.every) return *this;
  Where(ProjectCondition(projects));
  values_.insert(values_.end(), projects.names.begin(), projects.names.end());
  return *this;
}

std::string ListQuery::Sql() const {
  std::string sql = absl::StrCat("SELECT seq, resource FROM ", table_, " WHERE seq < ?");
  for (const auto& condition : conditions_) absl::StrAppend(&sql, " AND ", condition);
  return absl::StrCat(sql, " ORDER BY seq DESC LIMIT ?");
}

void ListQuery::Bind(Statement& statement, const PageCursor& cursor) const {
  int index = 1;
  statement.Bind(index++, cursor.before_seq);
  for (const auto& value : values_) {
    std::visit([&](const auto& bound) { statement.Bind(index++, bound); }, value);
  }
  statement.Bind(index, static_cast<int64_t>(cursor.page_size + 1));
}

}  // namespace glassbox::storage
