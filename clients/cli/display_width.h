// How many terminal columns UTF-8 text takes: every table and list the CLI
// prints is aligned with these, so "→" (3 bytes) counts as one column.
// Combining marks and zero-width characters take none; East Asian wide
// characters and emoji take two; a byte that is not valid UTF-8 takes one.
#ifndef GLASSBOX_CLIENTS_CLI_DISPLAY_WIDTH_H_
#define GLASSBOX_CLIENTS_CLI_DISPLAY_WIDTH_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace glassbox::cli {

size_t DisplayWidth(std::string_view text);
// `text` followed by spaces up to `width` columns; unchanged when it is wider.
std::string PadToWidth(std::string_view text, size_t width);

}  // namespace glassbox::cli

#endif  // GLASSBOX_CLIENTS_CLI_DISPLAY_WIDTH_H_
