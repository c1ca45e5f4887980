// The reference grammar of numbers in CSV cells and cohort filters, written
// out plainly for the fuzz targets to hold the parsers to: an optional sign,
// digits with an optional decimal point (at least one digit on some side of
// it), an optional exponent. No hex, no inf or nan, no second sign.
#ifndef GLASSBOX_TESTS_FUZZ_DECIMAL_GRAMMAR_H_
#define GLASSBOX_TESTS_FUZZ_DECIMAL_GRAMMAR_H_

#include <cctype>
#include <cstddef>
#include <string_view>

namespace glassbox::fuzz {

inline bool IsDecimal(std::string_view text) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  size_t mantissa = digits();
  if (i < text.size() && text[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == text.size();
}

// A decimal number that no double parser can find out of range: no exponent,
// at most 20 characters.
inline bool IsShortDecimal(std::string_view text) {
  return IsDecimal(text) && text.size() <= 20 && text.find_first_of("eE") == std::string_view::npos;
}

}  // namespace glassbox::fuzz

#endif  // GLASSBOX_TESTS_FUZZ_DECIMAL_GRAMMAR_H_
