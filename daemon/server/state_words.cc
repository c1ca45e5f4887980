#include "daemon/server/state_words.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"

namespace glassbox::server {
namespace {

std::string Word(absl::string_view name) {
  return absl::AsciiStrToLower(absl::StrReplaceAll(absl::StripPrefix(name, "ANALYSIS_"), {{"_", "-"}}));
}

}  // namespace

std::string StateWord(glassbox::v1::RunState state) { return Word(glassbox::v1::RunState_Name(state)); }

std::string StateWord(glassbox::v1::AnalysisState state) { return Word(glassbox::v1::AnalysisState_Name(state)); }

}  // namespace glassbox::server
