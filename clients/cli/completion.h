// Shell completion scripts for the CLI, written from the command table
// (commands.h): commands, each command's flags, the choices of enum flags and
// file names for file flags. `source <(glassbox completion bash)` installs it
// in bash; zsh runs the same function through its bashcompinit.
#ifndef GLASSBOX_CLIENTS_CLI_COMPLETION_H_
#define GLASSBOX_CLIENTS_CLI_COMPLETION_H_

#include <string>

#include "absl/status/statusor.h"

namespace glassbox::cli {

// The script for `shell` ("bash" or "zsh"); INVALID_ARGUMENT for another.
absl::StatusOr<std::string> CompletionScript(const std::string& shell);

}  // namespace glassbox::cli

#endif  // GLASSBOX_CLIENTS_CLI_COMPLETION_H_
