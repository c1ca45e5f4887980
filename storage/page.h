// Paging for List calls: newest first, keyed by the table's sequence number,
// so pages stay stable while rows are added. Tokens are opaque to clients.
#ifndef GLASSBOX_STORAGE_PAGE_H_
#define GLASSBOX_STORAGE_PAGE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "storage/database.h"

namespace glassbox::storage {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

struct PageRequest {
  int page_size = 0;
  std::string page_token;
  // The page ends before its items' serialized bytes would pass this (so the
  // response fits in one gRPC message); its first item is always included.
  size_t max_bytes = SIZE_MAX;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
};

// The sequence number to list below (INT64_MAX for the first page) and the
// effective page size. INVALID_ARGUMENT for a token this server did not issue.
struct PageCursor {
  int64_t before_seq;
  int page_size;
  size_t max_bytes = SIZE_MAX;

  // Whether one more item of `item_bytes` fits on a page already holding
  // `items` items of `page_bytes` (which it then counts).
  bool Admits(size_t items, size_t item_bytes, size_t& page_bytes) const;
};
absl::StatusOr<PageCursor> ParsePageRequest(const PageRequest& request);
std::string MakePageToken(int64_t last_seq);

// Reads a page of protos from `query`, whose rows are (seq, serialized T) of
// `table`, newest first, limited to page_size + 1 rows: the extra row only
// tells that another page follows. DATA_LOSS naming the row if one does not parse.
template <typename T>
absl::StatusOr<Page<T>> ReadPage(Statement& query, const std::string& table, const PageCursor& cursor) {
  Page<T> page;
  int64_t last_seq = 0;
  size_t page_bytes = 0;
  while (true) {
    auto row = query.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    std::string blob = query.ColumnBlob(1);
    if (!cursor.Admits(page.items.size(), blob.size(), page_bytes)) {
      page.next_page_token = MakePageToken(last_seq);
      break;
    }
    last_seq = query.ColumnInt(0);
    auto item = ParseStored<T>(blob, table, absl::StrCat("seq ", last_seq));
    if (!item.ok()) return item.status();
    page.items.push_back(*std::move(item));
  }
  return page;
}

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_PAGE_H_
