// The known name closest to a mistyped one, for "did you mean ...?".
#ifndef GLASSBOX_CLIENTS_CLI_NEAREST_NAME_H_
#define GLASSBOX_CLIENTS_CLI_NEAREST_NAME_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::cli {

// Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`.
size_t EditDistance(std::string_view a, std::string_view b);
// The candidate fewest edits away, if it is at most 2 edits and at most half
// of `word`'s length away; the first such candidate on a tie.
std::optional<std::string> NearestName(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace glassbox::cli

#endif  // GLASSBOX_CLIENTS_CLI_NEAREST_NAME_H_
