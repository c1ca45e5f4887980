#include "glassbox/sdk/filter_syntax.h"

#include <cctype>
#include <charconv>

namespace glassbox::sdk::inline v4 {
namespace {

bool Holds(std::string_view text, std::string_view characters) {
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) || characters.find(c) != std::string_view::npos) return true;
  }
  return false;
}

std::string Quoted(std::string_view text, char quote) {
  std::string quoted(1, quote);
  for (char c : text) {
    quoted.push_back(c);
    if (c == quote) quoted.push_back(quote);
  }
  quoted.push_back(quote);
  return quoted;
}

}  // namespace

std::string FilterColumn(std::string_view column) {
  if (!column.empty() && !Holds(column, "`<>=!")) return std::string(column);
  return Quoted(column, '`');
}

std::string FilterValue(std::string_view value) {
  if (!value.empty() && !Holds(value, ",[]\"")) return std::string(value);
  return Quoted(value, '"');
}

std::string FilterNumber(double value) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, end);
}

}  // namespace glassbox::sdk::inline v4
