#include "daemon/data/number.h"

#include <charconv>
#include <cmath>

namespace glassbox::data {

bool ParseNumber(std::string_view text, double& value) {
  // from_chars takes no '+'; one may lead the number, but not a second sign.
  if (text.starts_with('+')) {
    text.remove_prefix(1);
    if (text.starts_with('-')) return false;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

}  // namespace glassbox::data
