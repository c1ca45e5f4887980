#include "clients/cli/completion.h"

#include <map>
#include <set>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/cli/commands.h"

namespace glassbox::cli {
namespace {

std::string FlagWords(const std::vector<FlagSpec>& flags) {
  std::vector<std::string> words;
  for (const auto& flag : flags) words.push_back("--" + flag.name);
  return absl::StrJoin(words, " ");
}

bool NamesAFile(const FlagSpec& flag) {
  for (const char* marker : {"FILE", ".pdf", ".json", ".yaml", ".pem"}) {
    if (absl::StrContains(flag.value, marker)) return true;
  }
  return false;
}

// The bash function _glassbox, which fills COMPREPLY from COMP_WORDS and COMP_CWORD.
std::string BashFunction() {
  std::vector<const FlagSpec*> all_flags;
  for (const auto& flag : CommonFlags()) all_flags.push_back(&flag);
  std::string command_flags;
  for (const auto& command : Commands()) {
    absl::StrAppend(&command_flags, "    ", command.name, ") flags=\"$flags ", FlagWords(command.flags), "\" ;;\n");
    for (const auto& flag : command.flags) all_flags.push_back(&flag);
  }
  std::set<std::string> with_value, files;
  std::map<std::string, std::string> choices;
  for (const FlagSpec* flag : all_flags) {
    if (flag->value.empty()) continue;
    with_value.insert("--" + flag->name);
    if (NamesAFile(*flag)) files.insert("--" + flag->name);
    if (!flag->choices.empty()) choices["--" + flag->name] = absl::StrJoin(flag->choices, " ");
  }
  std::string choice_cases;
  for (const auto& [flag, words] : choices) {
    absl::StrAppend(&choice_cases, "    ", flag, ") COMPREPLY=($(compgen -W \"", words,
                    "\" -- \"$cur\")); return ;;\n");
  }
  return absl::StrCat(R"(_glassbox() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local with_value=" )",
                      absl::StrJoin(with_value, " "), R"( "
  local files=" )",
                      absl::StrJoin(files, " "), R"( "
  local command="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    local word=${COMP_WORDS[i]}
    if [[ $word != -* && $with_value != *" ${COMP_WORDS[i-1]} "* ]]; then command=$word; break; fi
  done
  case $prev in
)",
                      choice_cases, R"(  esac
  if [[ $files == *" $prev "* ]]; then COMPREPLY=($(compgen -f -- "$cur")); return; fi
  if [[ $with_value == *" $prev "* ]]; then COMPREPLY=(); return; fi
  local flags=")",
                      FlagWords(CommonFlags()), R"("
  case $command in
)",
                      command_flags, R"(  esac
  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$flags" -- "$cur")); return; fi
  case $command in
    "") COMPREPLY=($(compgen -W ")",
                      absl::StrJoin(CommandNames(), " "), R"(" -- "$cur")) ;;
    help) COMPREPLY=($(compgen -W ")",
                      absl::StrJoin(CommandNames(), " "), R"(" -- "$cur")) ;;
    completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")) ;;
    *) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}
)");
}

}  // namespace

absl::StatusOr<std::string> CompletionScript(const std::string& shell) {
  if (shell == "bash") {
    return absl::StrCat("# glassbox completion for bash; add to ~/.bashrc: source <(glassbox completion bash)\n",
                        BashFunction(), "complete -F _glassbox glassbox\n");
  }
  if (shell == "zsh") {
    // bashcompinit calls the bash function, which indexes COMP_WORDS from 0: with ksharrays, as in bash.
    return absl::StrCat("#compdef glassbox\n# glassbox completion for zsh; add to ~/.zshrc: ",
                        "source <(glassbox completion zsh)\nautoload -U +X bashcompinit && bashcompinit\n",
                        BashFunction(), "_glassbox_zsh() {\n  setopt localoptions ksharrays\n  _glassbox \"$@\"\n}\n",
                        "complete -F _glassbox_zsh glassbox\n");
  }
  return absl::InvalidArgumentError(absl::StrCat("completion '", shell, "': use bash or zsh"));
}

}  // namespace glassbox::cli
