#include "daemon/scorecard/text_match.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace glassbox::scorecard {
namespace {

bool IsNameChar(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

char MetricChar(char c) { return c == ' ' || c == '-' ? '_' : absl::ascii_tolower(static_cast<unsigned char>(c)); }

}  // namespace

std::string MetricKey(const std::string& name) {
  std::string key = name;
  std::transform(key.begin(), key.end(), key.begin(), MetricChar);
  return key;
}

bool SameMetric(const std::string& a, const std::string& b) { return MetricKey(a) == MetricKey(b); }

bool SplitTrailingParentheses(const std::string& text, std::string& head, std::string& inside) {
  const size_t open = text.rfind(" (");
  if (open == std::string::npos || open == 0 || text.size() < open + 4 || text.back() != ')') return false;
  head = text.substr(0, open);
  inside = text.substr(open + 2, text.size() - open - 3);
  return true;
}

bool ContainsIgnoreCase(const std::string& text, const std::string& part) {
  return absl::AsciiStrToLower(text).find(absl::AsciiStrToLower(part)) != std::string::npos;
}

bool MentionsWord(const std::string& text, const std::string& word) {
  if (word.empty()) return false;
  const std::string haystack = absl::AsciiStrToLower(text);
  const std::string needle = absl::AsciiStrToLower(word);
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) {
    const size_t end = at + needle.size();
    if ((at == 0 || !IsNameChar(haystack[at - 1])) && (end == haystack.size() || !IsNameChar(haystack[end]))) {
      return true;
    }
  }
  return false;
}

}  // namespace glassbox::scorecard
