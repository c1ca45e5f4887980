// Case-insensitive (ASCII) matching of the names analyzers and users write:
// metric, feature and column names and block titles.
#ifndef GLASSBOX_DAEMON_SCORECARD_TEXT_MATCH_H_
#define GLASSBOX_DAEMON_SCORECARD_TEXT_MATCH_H_

#include <algorithm>
#include <string>

#include "absl/strings/match.h"

namespace glassbox::scorecard {

bool ContainsIgnoreCase(const std::string& text, const std::string& part);
// Whether `text` holds `word` with no letter, digit, '_' or '-' on either side.
bool MentionsWord(const std::string& text, const std::string& word);

// Whether any of `names` equals `name`, ignoring case.
template <typename Names>
bool AnyEqualsIgnoreCase(const Names& names, const std::string& name) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return absl::EqualsIgnoreCase(n, name); });
}

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_TEXT_MATCH_H_
