// How deep a JSON text nests, measured in one linear pass before a parser
// that recurses or slows with depth sees it.
#ifndef GLASSBOX_DAEMON_COMMON_JSON_NESTING_H_
#define GLASSBOX_DAEMON_COMMON_JSON_NESTING_H_

#include <string_view>

namespace glassbox {

// The deepest nesting of objects and arrays in `json`, brackets inside
// strings not counted (0 for a scalar). Malformed JSON gets a number too;
// telling it malformed is the parser's job.
int JsonNesting(std::string_view json);

}  // namespace glassbox

#endif  // GLASSBOX_DAEMON_COMMON_JSON_NESTING_H_
