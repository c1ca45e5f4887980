#include "glassbox/sdk/target.h"

#include <charconv>
#include <cctype>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace glassbox::sdk::inline v4 {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

struct Operator {
  std::string_view text;
  glassbox::v1::Comparison comparison;
};

// Two-character operators first, so "<=" is not read as "<".
constexpr Operator kOperators[] = {
    {"<=", glassbox::v1::LESS_OR_EQUAL}, {">=", glassbox::v1::GREATER_OR_EQUAL}, {"==", glassbox::v1::EQUAL},
    {"<", glassbox::v1::LESS},           {">", glassbox::v1::GREATER},
};

}  // namespace

absl::StatusOr<glassbox::v1::Target> ParseTarget(std::string_view text) {
  std::string_view rest = Trim(text);
  for (const auto& op : kOperators) {
    if (!rest.starts_with(op.text)) continue;
    std::string_view number = Trim(rest.substr(op.text.size()));
    double value = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (number.empty() || ec != std::errc() || end != number.data() + number.size() || !std::isfinite(value)) {
      break;
    }
    glassbox::v1::Target target;
    target.set_comparison(op.comparison);
    target.set_value(value);
    return target;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("target '", std::string(text), "' is not of the form <op><number> with op one of <, <=, >, >=, == (e.g. '>=0.85')"));
}

bool MeetsTarget(double value, const glassbox::v1::Target& target) {
  switch (target.comparison()) {
    case glassbox::v1::LESS: return value < target.value();
    case glassbox::v1::LESS_OR_EQUAL: return value <= target.value();
    case glassbox::v1::GREATER: return value > target.value();
    case glassbox::v1::GREATER_OR_EQUAL: return value >= target.value();
    case glassbox::v1::EQUAL: return value == target.value();
    default: return false;
  }
}

std::string FormatTarget(const glassbox::v1::Target& target) {
  for (const auto& op : kOperators) {
    if (op.comparison == target.comparison()) return absl::StrCat(std::string(op.text), " ", target.value());
  }
  return "";
}

}  // namespace glassbox::sdk::inline v4
