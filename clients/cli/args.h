// Command-line arguments of the glassbox CLI: a command, positional
// arguments, and --flags (`--name value` or `--name=value`; repeatable;
// a one-letter short name -x stands for its long flag).
#ifndef GLASSBOX_CLIENTS_CLI_ARGS_H_
#define GLASSBOX_CLIENTS_CLI_ARGS_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace glassbox::cli {

class Args {
 public:
  // `switches` are the flags that take no value (e.g. json); `short_names` maps each -x to its long name.
  // INVALID_ARGUMENT for a flag missing its value or an unknown -x.
  static absl::StatusOr<Args> Parse(int argc, char** argv, const std::set<std::string>& switches,
                                    const std::map<char, std::string>& short_names);

  const std::string& command() const { return command_; }
  const std::vector<std::string>& positional() const { return positional_; }
  bool Has(const std::string& flag) const { return flags_.contains(flag); }
  // The last value given, or `fallback`.
  std::string Get(const std::string& flag, const std::string& fallback = "") const;
  std::vector<std::string> GetAll(const std::string& flag) const;
  // The first flag given that is not in `known`.
  std::optional<std::string> FirstUnknown(const std::set<std::string>& known) const;

 private:
  std::string command_;
  std::vector<std::string> positional_;
  std::map<std::string, std::vector<std::string>> flags_;
};

}  // namespace glassbox::cli

#endif  // GLASSBOX_CLIENTS_CLI_ARGS_H_
