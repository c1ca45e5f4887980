// The CLI's help texts, written from the command table (commands.h).
#ifndef GLASSBOX_CLIENTS_CLI_HELP_H_
#define GLASSBOX_CLIENTS_CLI_HELP_H_

#include <string>

#include "clients/cli/commands.h"

namespace glassbox::cli {

// `glassbox --help`: every command with its one-line summary, and the common flags.
std::string ProgramHelp();
// `glassbox COMMAND --help`: its usage, summary and flags with their defaults.
std::string CommandHelp(const CommandSpec& command);
// "unknown command 'shwo'; did you mean show? ..." (the suggestion only when one is near).
std::string UnknownCommandMessage(const std::string& name);
// "unknown flag --nme for 'upload'; did you mean --name? ...".
std::string UnknownFlagMessage(const CommandSpec& command, const std::string& flag);

}  // namespace glassbox::cli

#endif  // GLASSBOX_CLIENTS_CLI_HELP_H_
