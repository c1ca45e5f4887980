#include "daemon/scorecard/text_match.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace glassbox::scorecard {
namespace {

char MetricChar(char c) { return c == ' ' || c == '-' ? '_' : absl::ascii_tolower(static_cast<unsigned char>(c)); }

}  // namespace

std::string MetricKey(const std::string& name) {
  std::string key = name;
  std::transform(key.begin(), key.end(), key.begin(), MetricChar);
  return key;
}

bool SameMetric(const std::string& a, const std::string& b) { return MetricKey(a) == MetricKey(b); }

}  // namespace glassbox::scorecard
