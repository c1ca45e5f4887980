#include "storage/placeholders.h"

#include "absl/strings/str_cat.h"

namespace glassbox::storage {

std::string NumberedPlaceholders(std::string_view sql) {
  std::string numbered;
  numbered.reserve(sql.size() + 16);
  int next = 1;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      // A doubled quote inside is an escaped one: the literal goes on.
      size_t end = sql.find(c, i + 1);
      while (end != std::string_view::npos && end + 1 < sql.size() && sql[end + 1] == c) end = sql.find(c, end + 2);
      end = end == std::string_view::npos ? sql.size() : end + 1;
      numbered.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      end = end == std::string_view::npos ? sql.size() : end;
      numbered.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '?') {
      absl::StrAppend(&numbered, "$", next++);
    } else {
      numbered.push_back(c);
    }
  }
  return numbered;
}

}  // namespace glassbox::storage
