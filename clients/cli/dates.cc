#include "clients/cli/dates.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"

namespace glassbox::cli {
namespace {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

bool IsDay(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

absl::StatusOr<Timestamp> Parse(const std::string& text, bool end) {
  Timestamp time;
  bool day = IsDay(text);
  if (!TimeUtil::FromString(day ? absl::StrCat(text, "T00:00:00Z") : text, &time)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", text, "' is not a date; use YYYY-MM-DD (UTC) or an RFC 3339 time such as 2024-05-01T12:00:00Z"));
  }
  if (day && end) time = time + TimeUtil::SecondsToDuration(24 * 60 * 60);
  return time;
}

}  // namespace

absl::StatusOr<Timestamp> ParseRangeStart(const std::string& text) { return Parse(text, false); }

absl::StatusOr<Timestamp> ParseRangeEnd(const std::string& text) { return Parse(text, true); }

}  // namespace glassbox::cli
