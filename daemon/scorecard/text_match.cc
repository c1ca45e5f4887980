#include "daemon/scorecard/text_match.h"

#include "absl/strings/ascii.h"

namespace glassbox::scorecard {
namespace {

bool IsNameChar(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

}  // namespace

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
