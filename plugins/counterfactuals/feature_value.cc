#include "feature_value.h"

#include <charconv>
#include <cmath>

namespace glassbox::plugins {

glassbox::v1::analyses::FeatureValue FeatureValueOf(const FeatureSpace& space, size_t p, double value) {
  glassbox::v1::analyses::FeatureValue out;
  if (!space.feature(p).categorical) {
    out.set_number(value);
  } else if (value != sdk::Column::kMissingCode) {
    out.set_category(space.Format(p, value));
  }
  return out;
}

std::string ShortestNumber(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, end);
}

std::string FormatFeatureValue(const glassbox::v1::analyses::FeatureValue& value) {
  if (value.has_category()) return value.category();
  if (!value.has_number() || std::isnan(value.number())) return "(missing)";
  return ShortestNumber(value.number());
}

sdk::Cell NumberOrBlank(double value) { return std::isnan(value) ? sdk::Cell(std::string("n/a")) : sdk::Cell(value); }

}  // namespace glassbox::plugins
