#include "clients/cli/args.h"

#include "absl/strings/str_cat.h"

namespace glassbox::cli {

absl::StatusOr<Args> Args::Parse(int argc, char** argv, const std::set<std::string>& switches,
                                 const std::map<char, std::string>& short_names) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word.size() == 2 && word[0] == '-' && word[1] != '-') {
      auto name = short_names.find(word[1]);
      if (name == short_names.end()) return absl::InvalidArgumentError(absl::StrCat("unknown flag ", word));
      word = absl::StrCat("--", name->second);
    }
    if (!word.starts_with("--")) {
      if (args.command_.empty()) {
        args.command_ = word;
      } else {
        args.positional_.push_back(word);
      }
      continue;
    }
    std::string name = word.substr(2);
    std::string value;
    if (auto equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name = name.substr(0, equals);
    } else if (!switches.contains(name)) {
      if (i + 1 >= argc) return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
      value = argv[++i];
    }
    args.flags_[name].push_back(value);
  }
  return args;
}

std::string Args::Get(const std::string& flag, const std::string& fallback) const {
  auto it = flags_.find(flag);
  return it == flags_.end() ? fallback : it->second.back();
}

std::vector<std::string> Args::GetAll(const std::string& flag) const {
  auto it = flags_.find(flag);
  return it == flags_.end() ? std::vector<std::string>{} : it->second;
}

std::optional<std::string> Args::FirstUnknown(const std::set<std::string>& known) const {
  for (const auto& [name, values] : flags_) {
    if (!known.contains(name)) return name;
  }
  return std::nullopt;
}

}  // namespace glassbox::cli
