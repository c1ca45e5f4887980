#include "clients/cli/help.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/cli/display_width.h"
#include "clients/cli/nearest_name.h"

namespace glassbox::cli {
namespace {

// Rows of two columns, the first padded to its widest entry.
std::string TwoColumns(const std::vector<std::pair<std::string, std::string>>& rows) {
  size_t width = 0;
  for (const auto& [left, right] : rows) width = std::max(width, DisplayWidth(left));
  std::string out;
  for (const auto& [left, right] : rows) absl::StrAppend(&out, "  ", PadToWidth(left, width), "  ", right, "\n");
  return out;
}

std::string FlagUsage(const FlagSpec& flag) {
  std::string out = flag.short_name == '\0' ? "    " : absl::StrCat("-", std::string(1, flag.short_name), ", ");
  absl::StrAppend(&out, "--", flag.name);
  if (!flag.value.empty()) absl::StrAppend(&out, " ", flag.value);
  return out;
}

std::string FlagDescription(const FlagSpec& flag) {
  std::string out = flag.description;
  if (!flag.choices.empty()) absl::StrAppend(&out, "; one of ", absl::StrJoin(flag.choices, ", "));
  if (flag.repeatable) absl::StrAppend(&out, "; repeatable");
  if (!flag.default_value.empty()) absl::StrAppend(&out, " (default: ", flag.default_value, ")");
  return out;
}

std::string FlagTable(const std::vector<FlagSpec>& flags) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& flag : flags) rows.emplace_back(FlagUsage(flag), FlagDescription(flag));
  return TwoColumns(rows);
}

std::string Usage(const CommandSpec& command) {
  return absl::StrCat("glassbox ", command.name, command.arguments.empty() ? "" : " ", command.arguments,
                      command.flags.empty() ? "" : " [FLAGS]");
}

}  // namespace

std::string ProgramHelp() {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& command : Commands()) {
    rows.emplace_back(absl::StrCat(command.name, command.arguments.empty() ? "" : " ", command.arguments),
                      command.summary);
  }
  return absl::StrCat("glassbox: the command-line client of glassboxd, responsible-AI insights over gRPC\n\n",
                      "usage: glassbox COMMAND [ARGS] [FLAGS]\n\nCommands:\n", TwoColumns(rows),
                      "\nFlags of every command:\n", FlagTable(CommonFlags()),
                      "\n'glassbox COMMAND --help' shows a command's flags. Start the daemon with 'glassboxd'.\n");
}

std::string CommandHelp(const CommandSpec& command) {
  std::string out = absl::StrCat("usage: ", Usage(command), "\n\n", command.summary, ".\n");
  if (!command.flags.empty()) absl::StrAppend(&out, "\nFlags:\n", FlagTable(command.flags));
  std::vector<std::string> common;
  for (const auto& flag : CommonFlags()) common.push_back("--" + flag.name);
  absl::StrAppend(&out, "\nAnd the flags of every command: ", absl::StrJoin(common, " "), " (glassbox --help)\n");
  return out;
}

std::string UnknownCommandMessage(const std::string& name) {
  std::optional<std::string> nearest = NearestName(name, CommandNames());
  return absl::StrCat("unknown command '", name, "'", nearest ? absl::StrCat("; did you mean ", *nearest, "?") : "",
                      " (glassbox --help lists the commands)");
}

std::string UnknownFlagMessage(const CommandSpec& command, const std::string& flag) {
  std::vector<std::string> names;
  for (const auto& known : command.flags) names.push_back(known.name);
  for (const auto& known : CommonFlags()) names.push_back(known.name);
  std::optional<std::string> nearest = NearestName(flag, names);
  return absl::StrCat("unknown flag --", flag, " for '", command.name, "'",
                      nearest ? absl::StrCat("; did you mean --", *nearest, "?") : "", " (glassbox ", command.name,
                      " --help lists its flags)");
}

}  // namespace glassbox::cli
