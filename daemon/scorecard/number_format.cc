#include "daemon/scorecard/number_format.h"

#include <cmath>
#include <cstdint>

#include "absl/strings/str_format.h"

namespace glassbox::scorecard {
namespace {

// Values at or above this print as whole numbers: 4 significant digits would
// need an exponent or hide digits a reader takes for exact.
constexpr double kWholeNumberFrom = 999.95;
constexpr double kScientificBelow = 1e-4;
constexpr double kLargestExactInteger = 1e15;

std::string WithThousandsSeparators(int64_t value) {
  std::string digits = absl::StrFormat("%d", value < 0 ? -value : value);
  std::string result;
  const size_t first_group = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  result.append(digits, 0, first_group);
  for (size_t i = first_group; i < digits.size(); i += 3) {
    result.push_back(',');
    result.append(digits, i, 3);
  }
  return value < 0 ? "-" + result : result;
}

}  // namespace

std::string FormatNumber(double value) {
  if (std::isnan(value)) return "n/a";
  if (std::isinf(value)) return value > 0 ? "∞" : "-∞";
  if (value == 0) return "0";
  const double magnitude = std::fabs(value);
  if (magnitude >= kLargestExactInteger) return absl::StrFormat("%.3e", value);
  if (magnitude >= kWholeNumberFrom || value == std::trunc(value)) {
    return WithThousandsSeparators(static_cast<int64_t>(std::llround(value)));
  }
  if (magnitude < kScientificBelow) return absl::StrFormat("%.3e", value);
  std::string text = absl::StrFormat("%#.4g", value);
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string FormatTick(double value, double step) {
  if (std::fabs(value) < step * 1e-9) return "0";
  int decimals = 0;
  for (double scaled = step; decimals < 10 && std::fabs(scaled - std::round(scaled)) > 1e-6 * scaled; scaled *= 10) {
    ++decimals;
  }
  if (decimals == 0) return WithThousandsSeparators(static_cast<int64_t>(std::llround(value)));
  return absl::StrFormat("%.*f", decimals, value);
}

}  // namespace glassbox::scorecard
