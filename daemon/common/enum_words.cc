#include "daemon/common/enum_words.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"

namespace glassbox {
namespace {

// The part of a value's name that only repeats what its enum is about.
struct Affixes {
  absl::string_view prefix;
  absl::string_view suffix;
};

Affixes RedundantAffixes(const google::protobuf::EnumDescriptor& type) {
  static const std::map<std::string, Affixes> kAffixes = {
      {"glassbox.v1.AnalysisState", {"analysis-", ""}},
      {"glassbox.v1.TaskType", {"", "-classification"}},
      {"glassbox.v1.VerdictFilter", {"targets-", ""}},
  };
  auto it = kAffixes.find(type.full_name());
  return it == kAffixes.end() ? Affixes{} : it->second;
}

std::string Kebab(absl::string_view text) { return absl::AsciiStrToLower(absl::StrReplaceAll(text, {{"_", "-"}})); }

std::string Word(const google::protobuf::EnumValueDescriptor& value) {
  if (value.number() == 0) return "unspecified";
  const std::string kebab = Kebab(value.name());
  Affixes affixes = RedundantAffixes(*value.type());
  absl::string_view shortened = kebab;
  if (!affixes.prefix.empty()) absl::ConsumePrefix(&shortened, affixes.prefix);
  if (!affixes.suffix.empty()) absl::ConsumeSuffix(&shortened, affixes.suffix);
  return std::string(shortened);
}

}  // namespace

std::string EnumWord(const google::protobuf::EnumDescriptor& type, int number) {
  const auto* value = type.FindValueByNumber(number);
  return value == nullptr ? absl::StrCat(number) : Word(*value);
}

std::vector<std::string> EnumWords(const google::protobuf::EnumDescriptor& type) {
  std::vector<std::string> words;
  for (int i = 0; i < type.value_count(); ++i) {
    if (type.value(i)->number() != 0) words.push_back(Word(*type.value(i)));
  }
  return words;
}

absl::StatusOr<int> ParseEnumWord(const google::protobuf::EnumDescriptor& type, const std::string& text,
                                  const std::string& flag) {
  const std::string wanted = Kebab(text);
  for (int i = 0; i < type.value_count(); ++i) {
    const auto& value = *type.value(i);
    if (value.number() != 0 && (wanted == Word(value) || wanted == Kebab(value.name()))) return value.number();
  }
  std::vector<std::string> words = EnumWords(type);
  std::string choices = words.size() < 2
                            ? absl::StrJoin(words, "")
                            : absl::StrCat(absl::StrJoin(words.begin(), words.end() - 1, ", "), " or ", words.back());
  return absl::InvalidArgumentError(absl::StrCat("--", flag, " ", text, ": use ", choices));
}

}  // namespace glassbox
