// What the glassbox CLI accepts: every command, its arguments and flags, each
// with a one-line description and its default. Help, completion and the
// check for unknown flags all read this one table.
#ifndef GLASSBOX_CLIENTS_CLI_COMMANDS_H_
#define GLASSBOX_CLIENTS_CLI_COMMANDS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

namespace glassbox::cli {

struct FlagSpec {
  std::string name;        // --name
  char short_name = '\0';  // -x, or none
  std::string value;       // the value's placeholder, e.g. FILE; empty for a switch (a flag without value)
  std::string description;
  std::string default_value;         // as help shows it; empty when there is none
  std::vector<std::string> choices;  // the accepted values, when they are few
  bool repeatable = false;
};

struct CommandSpec {
  std::string name;
  std::string arguments;  // e.g. "FILE.csv"; empty when it takes none
  std::string summary;
  std::vector<FlagSpec> flags;
  bool needs_daemon = true;
};

const std::vector<CommandSpec>& Commands();
// The flags every command takes (--address, --json, --help, the credentials).
const std::vector<FlagSpec>& CommonFlags();
// nullptr for an unknown name.
const CommandSpec* FindCommand(const std::string& name);
std::vector<std::string> CommandNames();
// Across all commands: the flags that take no value, and the long name of each -x.
std::set<std::string> SwitchNames();
std::map<char, std::string> ShortNames();

}  // namespace glassbox::cli

#endif  // GLASSBOX_CLIENTS_CLI_COMMANDS_H_
