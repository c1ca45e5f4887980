#include "storage/page.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "absl/strings/str_cat.h"

namespace glassbox::storage {
namespace {
constexpr std::string_view kTokenPrefix = "p1.";
}  // namespace

absl::StatusOr<PageCursor> ParsePageRequest(const PageRequest& request) {
  if (request.page_size < 0) {
    return absl::InvalidArgumentError(absl::StrCat("page_size must be >= 0; got ", request.page_size));
  }
  PageCursor cursor{std::numeric_limits<int64_t>::max(),
                    request.page_size == 0 ? kDefaultPageSize : std::min(request.page_size, kMaxPageSize),
                    request.max_bytes};
  if (request.page_token.empty()) return cursor;
  std::string_view token = request.page_token;
  int64_t seq = 0;
  if (token.starts_with(kTokenPrefix)) {
    token.remove_prefix(kTokenPrefix.size());
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), seq);
    if (ec == std::errc() && end == token.data() + token.size() && seq > 0) {
      cursor.before_seq = seq;
      return cursor;
    }
  }
  return absl::InvalidArgumentError("page_token is not one this server issued; pass the next_page_token of the "
                                    "previous response, or none for the first page");
}

bool PageCursor::Admits(size_t items, size_t item_bytes, size_t& page_bytes) const {
  if (items == static_cast<size_t>(page_size)) return false;
  // In the response, an item also costs its field tag and length prefix.
  constexpr size_t kFraming = 8;
  size_t cost = item_bytes + kFraming;
  if (items > 0 && cost > max_bytes - std::min(max_bytes, page_bytes)) return false;
  page_bytes += cost;
  return true;
}

std::string MakePageToken(int64_t last_seq) { return absl::StrCat(std::string(kTokenPrefix), last_seq); }

}  // namespace glassbox::storage
